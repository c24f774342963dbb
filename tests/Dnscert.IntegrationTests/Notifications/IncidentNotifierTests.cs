using Dnscert.Coordination.Incidents;
using Dnscert.Coordination.Stakeholders;
using Dnscert.Core;
using Dnscert.Core.Store;
using Dnscert.Exchange.Email;
using Dnscert.Exchange.Notifications;
using Dnscert.IntegrationTests.Exchange;
using Dnscert.IntegrationTests.Store;
using Dnscert.Store;
using Dnscert.Web.Notifications;
using Microsoft.Extensions.Time.Testing;

namespace Dnscert.IntegrationTests.Notifications;

/// <summary>
/// The notification rules on a real SQLite store with the fictional directory, delivering to a real aiosmtpd on
/// 127.71.0.1: who is notified (routing and TLP), in which language, when (automatic or on triage, immediate or
/// digest), and what the incident's timeline says about every message.
/// </summary>
public sealed class IncidentNotifierTests : IAsyncLifetime
{
    private static readonly byte[] s_key = [.. Enumerable.Range(7, 32).Select(i => (byte)i)];
    private static readonly Uri s_publicUrl = new("https://cert.example/dnscert");
    private readonly SqliteBackend _backend = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero));
    private DnscertStore _store = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _store = await StoreFactory.OpenAsync(_backend.Options(), cancellationToken: Ct);
        await StakeholderDirectory.ImportAsync(_store.Stakeholders, StakeholderDirectory.Sample(), Ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _store.DisposeAsync();
        await _backend.DisposeAsync();
    }

    private async Task<Guid> IncidentAsync(string zone, Tlp tlp, Severity severity = Severity.Error, IncidentState state = IncidentState.New, IReadOnlyList<string>? people = null)
    {
        var now = _time.GetUtcNow();
        var incident = Incident.Open(Guid.CreateVersion7(now), $"Lame delegation of {zone}", "infra.lame-delegation", new Subject(SubjectKind.Zone, zone), severity, tlp, IncidentCorrelator.Actor, now);
        incident.SetRecipients(["registry-test"], IncidentCorrelator.Actor, now, "registry-test: TLD registry for .test by suffix");
        if (people is not null)
        {
            incident.SetNamedPeople(people, "carol", now);
        }

        if (state == IncidentState.Triaged)
        {
            incident.Transition(IncidentState.Triaged, "carol", now);
        }

        await _store.Incidents.SaveAsync(incident.ToStored(), Ct);
        return incident.Id;
    }

    private (IncidentNotifier Notifier, StoredOutboxRepository Outbox) Notifier(NotificationRulesOptions rules, bool email = true)
    {
        var outbox = new StoredOutboxRepository(_store.Outbox);
        return (new IncidentNotifier(_store, new Notifier(outbox, _time), new AcknowledgementToken(s_key, _time), rules, s_publicUrl, email, _time), outbox);
    }

    private OutboxProcessor Processor(StoredOutboxRepository outbox, int port, int maxAttempts = 8) =>
        new(outbox, [new SmtpTransport(new SmtpOptions { Host = "127.71.0.1", Port = port, UseStartTls = false, FromAddress = "cert@dnscert.test", Timeout = TimeSpan.FromSeconds(5) })],
            new IncidentTimelineEvents(_store, _time), new OutboxOptions { MaxAttempts = maxAttempts, Jitter = 0 }, _time);

    private async Task<Incident> ReadAsync(Guid id) => Incident.FromStored((await _store.Incidents.GetAsync(id, Viewer.System, Ct))!);

    [Fact]
    public async Task An_automatic_rule_notifies_the_registry_in_French_and_the_timeline_shows_queued_then_sent()
    {
        await using var smtp = await LoopbackSmtpServer.StartAsync("127.71.0.1");
        var id = await IncidentAsync("lame.test", Tlp.Amber);
        var (notifier, outbox) = Notifier(new NotificationRulesOptions { AutomaticMinimumSeverity = "error" });

        Assert.Equal([id], await notifier.PassAsync(Ct));
        var incident = await ReadAsync(id);
        Assert.Equal(IncidentState.Notified, incident.State);
        Assert.Contains(incident.Timeline, e => e.Actor == IncidentNotifier.Actor && e.Text.StartsWith("moved new → triaged: automatic", StringComparison.Ordinal));
        Assert.Contains(incident.Timeline, e => e.Kind == TimelineEntryKind.Message && e.Text.Contains("to registry-test queued (fr)", StringComparison.Ordinal));

        // A second pass does not notify again.
        Assert.Empty(await notifier.PassAsync(Ct));
        Assert.Equal(1, await Processor(outbox, smtp.Port).RunOnceAsync(Ct));
        var mail = Assert.Single(smtp.Messages());
        Assert.Equal("security@registry.example", mail.To.Mailboxes.Single().Address);
        Assert.Equal("[TLP:AMBER] incident dnscert : Lame delegation of lame.test", mail.Subject);
        Assert.Contains("Merci d'accuser réception", mail.TextBody, StringComparison.Ordinal);
        var link = System.Text.RegularExpressions.Regex.Match(mail.TextBody ?? "", @"https://cert\.example/dnscert/ack/(\S+)");
        Assert.True(link.Success, mail.TextBody);
        Assert.True(new AcknowledgementToken(s_key, _time).TryRead(link.Groups[1].Value, out var claim, out _));
        Assert.Equal((id, "registry-test"), (claim.IncidentId, claim.StakeholderId));
        Assert.Contains((await ReadAsync(id)).Timeline, e => e.Actor == IncidentTimelineEvents.Actor && e.Text.EndsWith("to registry-test sent (attempt 1)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TLP_decides_who_gets_a_copy_AMBER_STRICT_only_the_recipient_and_RED_nobody()
    {
        var rules = new NotificationRulesOptions { AutomaticMinimumSeverity = "warning", AlsoNotify = ["cert-hexagone", "registrar-alpha"] };
        var strict = await IncidentAsync("strict.test", Tlp.AmberStrict);
        var amber = await IncidentAsync("amber.test", Tlp.Amber);
        var red = await IncidentAsync("red.test", Tlp.Red, people: ["carol"]);
        var (notifier, outbox) = Notifier(rules);

        var notified = await notifier.PassAsync(Ct);
        Assert.Equal(new[] { strict, amber }.Order(), notified.Order());

        async Task<string[]> StakeholdersOf(Guid incident) =>
            [.. (await outbox.ListRelatedAsync(incident, 10, Ct)).Select(m => m.StakeholderId).Order(StringComparer.Ordinal)];

        // AMBER+STRICT: the recipient only. AMBER: also registrar-alpha, an AMBER constituent of the registry, but not
        // the national CERT, which is neither. RED: no organisation at all, and the incident stays new.
        Assert.Equal(["registry-test"], await StakeholdersOf(strict));
        Assert.Equal(["registrar-alpha", "registry-test"], await StakeholdersOf(amber));
        Assert.Empty(await StakeholdersOf(red));
        Assert.Contains((await ReadAsync(strict)).Timeline, e => e.Text == "not notified: cert-hexagone may not read TLP:AMBER+STRICT on this incident");
        Assert.Contains((await ReadAsync(strict)).Timeline, e => e.Text == "not notified: registrar-alpha may not read TLP:AMBER+STRICT on this incident");
        var redIncident = await ReadAsync(red);
        Assert.Equal(IncidentState.New, redIncident.State);
        Assert.Contains(redIncident.Timeline, e => e.Text == "not notified: registry-test may not read TLP:RED on this incident");
        Assert.Empty(await notifier.PassAsync(Ct));

        // A GREEN incident may go to the whole community, so the national CERT gets its copy too (in French).
        var green = await IncidentAsync("green.test", Tlp.Green);
        Assert.Equal([green], await notifier.PassAsync(Ct));
        var copies = await outbox.ListRelatedAsync(green, 10, Ct);
        Assert.Equal(["cert-hexagone", "registrar-alpha", "registry-test"], copies.Select(m => m.StakeholderId).Order(StringComparer.Ordinal));
        Assert.All(copies, m => Assert.Equal("fr", m.Language));
    }

    [Fact]
    public async Task Without_an_automatic_rule_an_incident_waits_for_triage_and_below_the_threshold_too()
    {
        var (notifier, outbox) = Notifier(new NotificationRulesOptions { AutomaticMinimumSeverity = "critical", OnTriage = true });
        var id = await IncidentAsync("wait.test", Tlp.Amber, Severity.Error);
        Assert.Empty(await notifier.PassAsync(Ct));
        Assert.Equal(IncidentState.New, (await ReadAsync(id)).State);
        Assert.Empty(await outbox.ListRelatedAsync(id, 10, Ct));

        await new IncidentService(_store, _time).TransitionAsync(Viewer.User("carol", null), id, IncidentState.Triaged, "real", Ct);
        Assert.Equal([id], await notifier.PassAsync(Ct));
        var incident = await ReadAsync(id);
        Assert.Equal(IncidentState.Notified, incident.State);
        Assert.Equal(IncidentNotifier.Actor, incident.Timeline[^1].Actor);
        Assert.Equal("moved triaged → notified: 1 stakeholder(s) notified", incident.Timeline[^1].Text);
    }

    [Fact]
    public async Task A_refused_connection_schedules_a_retry_and_the_last_attempt_gives_up_both_on_the_timeline()
    {
        // A port with nobody listening: connection refused, a transient error.
        var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Parse("127.71.0.1"), 0);
        probe.Start();
        var port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var id = await IncidentAsync("down.test", Tlp.Amber);
        var (notifier, outbox) = Notifier(new NotificationRulesOptions { AutomaticMinimumSeverity = "error" });
        await notifier.PassAsync(Ct);
        var processor = Processor(outbox, port, maxAttempts: 2);

        Assert.Equal(1, await processor.RunOnceAsync(Ct));
        var retry = Assert.Single(await outbox.ListRelatedAsync(id, 10, Ct));
        Assert.Equal((OutboxState.Pending, 1, _time.GetUtcNow().AddMinutes(1)), (retry.State, retry.Attempts, retry.NextAttemptAt));
        Assert.Contains((await ReadAsync(id)).Timeline, e => e.Text.Contains("failed (attempt 1: ", StringComparison.Ordinal) && e.Text.EndsWith("retry scheduled at 2026-11-28 09:01:00 UTC", StringComparison.Ordinal));

        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await processor.RunOnceAsync(Ct));
        Assert.Equal(OutboxState.Failed, Assert.Single(await outbox.ListRelatedAsync(id, 10, Ct)).State);
        Assert.Contains((await ReadAsync(id)).Timeline, e => e.Actor == IncidentTimelineEvents.Actor && e.Text.Contains("failed for good after 2 attempt(s)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_digest_stakeholder_gets_one_message_per_period_for_all_its_incidents()
    {
        await using var smtp = await LoopbackSmtpServer.StartAsync("127.71.0.1");
        var (notifier, outbox) = Notifier(new NotificationRulesOptions { AutomaticMinimumSeverity = "error", Digest = ["registry-test"], DigestPeriod = TimeSpan.FromHours(1) });
        var first = await IncidentAsync("one.test", Tlp.Amber);
        var second = await IncidentAsync("two.test", Tlp.Green);
        Assert.Equal(2, (await notifier.PassAsync(Ct)).Count);
        Assert.Contains((await ReadAsync(first)).Timeline, e => e.Text == "e-mail to registry-test held for its digest (fr)");
        Assert.Equal(0, await Processor(outbox, smtp.Port).RunOnceAsync(Ct));

        _time.Advance(TimeSpan.FromHours(1));
        var digest = Assert.Single(await notifier.FlushDigestsAsync(Ct));
        Assert.Equal(new[] { first, second }.Order(), digest.IncidentIds.Order());
        Assert.Equal(1, await Processor(outbox, smtp.Port).RunOnceAsync(Ct));
        var mail = Assert.Single(smtp.Messages());
        Assert.Contains("one.test", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("two.test", mail.TextBody, StringComparison.Ordinal);
        foreach (var id in new[] { first, second })
        {
            var timeline = (await ReadAsync(id)).Timeline;
            Assert.Contains(timeline, e => e.Text.StartsWith("digest e-mail", StringComparison.Ordinal) && e.Text.EndsWith("with 2 incident(s)", StringComparison.Ordinal));
            Assert.Contains(timeline, e => e.Actor == IncidentTimelineEvents.Actor && e.Text.EndsWith("sent (attempt 1)", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Without_SMTP_an_e_mail_stakeholder_is_left_out_with_the_reason()
    {
        var id = await IncidentAsync("nomail.test", Tlp.Amber);
        var (notifier, outbox) = Notifier(new NotificationRulesOptions { AutomaticMinimumSeverity = "error" }, email: false);
        Assert.Empty(await notifier.PassAsync(Ct));
        Assert.Empty(await outbox.ListRelatedAsync(id, 10, Ct));
        var incident = await ReadAsync(id);
        Assert.Equal(IncidentState.New, incident.State);
        Assert.Contains(incident.Timeline, e => e.Text == "not notified: registry-test: e-mail is off (Dnscert:Smtp is not configured) and it has no webhook");
    }

    [Fact]
    public async Task A_stakeholder_with_a_webhook_gets_a_signed_POST_instead_of_an_e_mail()
    {
        const string Secret = "the registry's webhook secret";
        var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Parse("127.71.0.3"), 0);
        probe.Start();
        var url = $"http://127.71.0.3:{((System.Net.IPEndPoint)probe.LocalEndpoint).Port}/hook/";
        probe.Stop();
        using var listener = new System.Net.HttpListener();
        listener.Prefixes.Add(url);
        listener.Start();
        var received = Task.Run(async () =>
        {
            var context = await listener.GetContextAsync();
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body, Ct);
            var verified = Dnscert.Exchange.Webhooks.WebhookSignature.Verify(
                Secret,
                context.Request.Headers[Dnscert.Exchange.Webhooks.WebhookSignature.TimestampHeader],
                context.Request.Headers[Dnscert.Exchange.Webhooks.WebhookSignature.SignatureHeader],
                body.ToArray(),
                _time.GetUtcNow(),
                TimeSpan.FromMinutes(5));
            context.Response.StatusCode = 200;
            context.Response.Close();
            return (Json: System.Text.Encoding.UTF8.GetString(body.ToArray()), Verified: verified);
        }, Ct);

        var id = await IncidentAsync("hook.test", Tlp.Amber);
        var rules = new NotificationRulesOptions { AutomaticMinimumSeverity = "error", Webhooks = new() { ["registry-test"] = new WebhookTarget { Url = url, Secret = Secret } } };
        var (notifier, outbox) = Notifier(rules);
        Assert.Equal([id], await notifier.PassAsync(Ct));
        using var http = new HttpClient();
        var processor = new OutboxProcessor(outbox, [new Dnscert.Exchange.Webhooks.WebhookTransport(http, _time)], new IncidentTimelineEvents(_store, _time), new OutboxOptions(), _time);
        Assert.Equal(1, await processor.RunOnceAsync(Ct));

        var (json, verified) = await received.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        Assert.True(verified);
        var item = System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("items")[0];
        Assert.Equal(id.ToString("D"), item.GetProperty("incident_id").GetString());
        Assert.StartsWith("https://cert.example/dnscert/ack/", item.GetProperty("acknowledge_url").GetString(), StringComparison.Ordinal);
        Assert.Contains((await ReadAsync(id)).Timeline, e => e.Actor == IncidentTimelineEvents.Actor && e.Text.StartsWith("webhook ", StringComparison.Ordinal) && e.Text.EndsWith("to registry-test sent (attempt 1)", StringComparison.Ordinal));
    }
}
