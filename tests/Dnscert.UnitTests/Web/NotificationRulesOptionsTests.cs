using CsCheck;
using Dnscert.Exchange.Notifications;
using Dnscert.Web;
using Dnscert.Web.Notifications;

namespace Dnscert.UnitTests.Web;

/// <summary>The notification rules' checks and the timeline texts of outbox deliveries.</summary>
public sealed class NotificationRulesOptionsTests
{
    [Fact]
    public void The_defaults_are_valid_and_notify_only_on_triage()
    {
        var options = new NotificationRulesOptions();
        Assert.Empty(options.Check());
        Assert.True(options.OnTriage);
        Assert.Null(options.AutomaticMinimumSeverity);
    }

    [Fact]
    public void Each_problem_names_its_key()
    {
        var options = new NotificationRulesOptions
        {
            AutomaticMinimumSeverity = "urgent",
            ThreatTypes = ["dns.*"],
            DigestPeriod = TimeSpan.FromSeconds(5),
            LinkValidity = TimeSpan.FromDays(400),
            Webhooks = new() { ["registry-test"] = new WebhookTarget { Url = "ftp://hooks.example/x", Secret = "short" } },
        };
        Assert.Equal(
            [
                "Dnscert:Notifications:AutomaticMinimumSeverity 'urgent' is not one of debug, info, notice, warning, error, critical.",
                "Dnscert:Notifications:ThreatTypes: 'dns.*' matches no threat type of the catalogue.",
                "Dnscert:Notifications:DigestPeriod must be between 1 minute and 31 days.",
                "Dnscert:Notifications:LinkValidity must be between 1 hour and 365 days.",
                "Dnscert:Notifications:Webhooks:registry-test:Url must be an absolute http or https URL.",
                "Dnscert:Notifications:Webhooks:registry-test:Secret must have at least 16 characters.",
            ],
            options.Check());
    }

    [Fact]
    public void Any_webhook_text_is_accepted_or_refused_with_its_key_never_an_exception()
    {
        Gen.Select(Gen.String, Gen.String).Sample((url, secret) =>
        {
            var problems = new NotificationRulesOptions { Webhooks = new() { ["s"] = new WebhookTarget { Url = url, Secret = secret } } }.Check();
            var good = Uri.TryCreate(url, UriKind.Absolute, out var u) && u.Scheme is "http" or "https" && secret.Length >= 16;
            return good == (problems.Count == 0) && problems.All(p => p.StartsWith("Dnscert:Notifications:Webhooks:s:", StringComparison.Ordinal));
        }, iter: 3000);
    }

    [Fact]
    public void The_public_url_must_be_absolute_http()
    {
        Assert.Empty(new DnscertWebOptions { PublicUrl = "https://cert.example/dnscert/" }.Check());
        Assert.Equal(["Dnscert:Web:PublicUrl must be an absolute http or https URL"], new DnscertWebOptions { PublicUrl = "cert.example" }.Check());
    }

    [Fact]
    public void The_timeline_says_what_happened_to_each_message()
    {
        var message = new OutboxMessage(new Guid("0193e000-0000-7000-8000-000000000001"), "registry-test", NotificationChannel.Email, "security@registry.example", "fr", "s", "b", [], DateTimeOffset.UnixEpoch);
        var id = "0193e000-0000-7000-8000-000000000001";
        Assert.Equal($"e-mail {id} to registry-test queued (fr)", IncidentTimelineEvents.Describe(message));
        Assert.Equal($"e-mail {id} to registry-test sent (attempt 2)", IncidentTimelineEvents.Describe(message with { State = OutboxState.Sent, Attempts = 2 }));
        Assert.Equal(
            $"e-mail {id} to registry-test failed (attempt 1: connection refused); retry scheduled at 1970-01-01 00:01:00 UTC",
            IncidentTimelineEvents.Describe(message with { Attempts = 1, LastError = "connection refused", NextAttemptAt = DateTimeOffset.UnixEpoch.AddMinutes(1) }));
        Assert.Equal(
            $"webhook {id} to registry-test failed for good after 8 attempt(s): HTTP 410",
            IncidentTimelineEvents.Describe(message with { Channel = NotificationChannel.Webhook, State = OutboxState.Failed, Attempts = 8, LastError = "HTTP 410" }));
        Assert.EndsWith("…", IncidentTimelineEvents.Describe(message with { State = OutboxState.Failed, Attempts = 1, LastError = new string('x', 2000) }), StringComparison.Ordinal);
    }
}
