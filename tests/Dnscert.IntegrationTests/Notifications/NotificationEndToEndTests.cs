using System.Net;
using System.Text.RegularExpressions;
using Dnscert.Checks.Engine;
using Dnscert.Checks.Monitor;
using Dnscert.Cli;
using Dnscert.Coordination.Incidents;
using Dnscert.Coordination.Stakeholders;
using Dnscert.Core.Store;
using Dnscert.Exchange.Notifications;
using Dnscert.IntegrationTests.Exchange;
using Dnscert.IntegrationTests.Infrastructure;
using Dnscert.IntegrationTests.Store;
using Dnscert.IntegrationTests.Web;
using Dnscert.Store;
using Dnscert.Web.Auth;
using Dnscert.Web.Notifications;
using Microsoft.Extensions.Logging.Abstractions;
using MimeKit;

namespace Dnscert.IntegrationTests.Notifications;

/// <summary>
/// Issue 6's "done when", in one process as <c>dnscert serve</c> composes it (<see cref="ServeHost"/>): the monitor
/// checks a faulty lab zone, the correlator opens an incident routed to the fictional registry of .test, the notifier
/// queues a French e-mail in the stored outbox, the outbox delivers it to a real aiosmtpd on 127.71.0.1, the
/// recipient follows the link and confirms, the incident is acknowledged in the registry's name, and the incident
/// exports as a MISP event and a STIX bundle that pass the structural checks (and the schemas with DNSCERT_STANDARDS_DIR).
/// </summary>
public sealed partial class NotificationEndToEndTests(LabFixture lab) : IAsyncDisposable
{
    private const string Zone = "lame-delegation.test";
    private static readonly byte[] s_key = [.. Enumerable.Range(40, 32).Select(i => (byte)i)];
    private readonly SqliteBackend _backend = new();
    private readonly string _dir = Directory.CreateTempSubdirectory("dnscert-notify-e2e-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        await _backend.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>The configuration a CERT would write for this: rules for lab zones, automatic notification, the loopback relay.</summary>
    internal static string Configuration(int smtpPort, byte[] key) => $$"""
        {
          "Dnscert": {
            "Web": { "AcknowledgementKey": "{{Convert.ToBase64String(key)}}", "OverviewCacheLifetime": "00:00:00" },
            "Incidents": {
              "CorrelationInterval": "00:00:01",
              "Rules": [
                { "Name": "lab-infrastructure", "ThreatTypes": [ "infra.*" ], "MinimumSeverity": "error", "Subjects": [ "test" ], "Tlp": "amber", "GroupingWindow": "1.00:00:00" }
              ]
            },
            "Notifications": { "AutomaticMinimumSeverity": "error", "Interval": "00:00:01" },
            "Outbox": { "PollInterval": "00:00:01" },
            "Smtp": { "Host": "127.71.0.1", "Port": {{smtpPort}}, "UseStartTls": false, "FromAddress": "cert@dnscert.test", "FromName": "dnscert lab CERT" }
          }
        }
        """;

    /// <summary>Starts the serve composition over <paramref name="store"/> on 127.71.0.2 with the lab as the DNS.</summary>
    internal static async Task<(ServeHost Host, ZoneMonitor Monitor)> StartServeAsync(string labHints, string labProfile, DnscertStore store, string configFile, TextWriter log)
    {
        var monitor = new ZoneMonitor(store, TimeProvider.System, new MonitorOptions(), new CheckOptions { UseIPv6 = false }, RootHints.Load(labHints), CheckProfile.Load(labProfile), NullLogger.Instance);
        await StakeholderDirectory.ImportAsync(store.Stakeholders, StakeholderDirectory.Sample(), Ct);
        await store.Zones.SaveSetAsync(new ZoneSet("lab", ["demo"], TimeSpan.FromMinutes(10)), Ct);
        await monitor.AddZonesAsync("lab", [Zone], Ct);
        var host = await ServeHost.StartAsync(CliConfiguration.Load(new FileInfo(configFile)), store, monitor, "http://127.71.0.2:0", TimeProvider.System, log, Ct);
        return (host, monitor);
    }

    /// <summary>Waits (at most two minutes) for the notice about the lame delegation of the lab zone; returns it with its link's claim.</summary>
    internal static async Task<(MimeMessage Notice, Match Link, AcknowledgementClaim Claim)> WaitForNoticeAsync(LoopbackSmtpServer smtp, DnscertStore store, byte[] key)
    {
        var tokens = new AcknowledgementToken(key, TimeProvider.System);
        for (var i = 0; i < 240; i++)
        {
            foreach (var message in smtp.Messages())
            {
                var link = AckLink().Match(message.TextBody ?? "");
                if (link.Success && tokens.TryRead(link.Groups[1].Value, out var claim, out _)
                    && await store.Incidents.GetAsync(claim.IncidentId, Viewer.System, Ct) is { ThreatTypeId: "infra.lame-delegation", Subject.Value: Zone })
                {
                    return (message, link, claim);
                }
            }

            await Task.Delay(500, Ct);
        }

        Assert.Fail($"no notice about the lame delegation of {Zone} arrived at aiosmtpd in 2 minutes; received: {string.Join(" | ", smtp.Messages().Select(m => m.Subject))}");
        return default;
    }

    [Fact]
    public async Task A_lab_fault_becomes_a_French_e_mail_whose_link_acknowledges_the_incident_which_exports_to_MISP_and_STIX()
    {
        lab.RequireUp();
        await using var smtp = await LoopbackSmtpServer.StartAsync("127.71.0.1");
        var configFile = Path.Combine(_dir, "config.json");
        await File.WriteAllTextAsync(configFile, Configuration(smtp.Port, s_key), Ct);
        await using var store = await StoreFactory.OpenAsync(_backend.Options(), cancellationToken: Ct);
        var written = new StringWriter();
        var log = TextWriter.Synchronized(written);
        var (host, monitor) = await StartServeAsync(lab.HintsFile, lab.CheckProfileFile, store, configFile, log);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        Task running = Task.CompletedTask;
        try
        {
            running = host.RunAsync(stop.Token);

            // The e-mail at the SMTP server: to the registry's contact, in French (its first language), with the link.
            var (notice, link, claim) = await WaitForNoticeAsync(smtp, store, s_key);
            Assert.Equal("security@registry.example", notice.To.Mailboxes.Single().Address);
            Assert.Equal("cert@dnscert.test", notice.From.Mailboxes.Single().Address);
            Assert.StartsWith("[TLP:AMBER] incident dnscert : ", notice.Subject, StringComparison.Ordinal);
            Assert.Equal("fr", notice.Body!.Headers["Content-Language"]);
            Assert.Contains("Merci d'accuser réception", notice.TextBody, StringComparison.Ordinal);
            Assert.Equal(host.PublicUrl.Authority, new Uri(link.Value).Authority);
            Assert.Equal("registry-test", claim.StakeholderId);

            // The incident: opened by the rule, routed to the registry, notified, and the delivery is on its timeline.
            var notified = Incident.FromStored((await store.Incidents.GetAsync(claim.IncidentId, Viewer.System, Ct))!);
            Assert.Equal(IncidentState.Notified, notified.State);
            Assert.Equal(Zone, notified.Subject.Value);
            Assert.StartsWith("lab-infrastructure|", notified.GroupKey, StringComparison.Ordinal);
            Assert.Contains("registry-test", notified.Recipients);
            Assert.Contains(notified.Timeline, e => e.Text.Contains("TLD registry for .test by suffix", StringComparison.Ordinal));
            Assert.Contains(notified.Timeline, e => e.Actor == IncidentNotifier.Actor && e.Text.EndsWith("to registry-test queued (fr)", StringComparison.Ordinal));
            await WaitForAsync(async () => Incident.FromStored((await store.Incidents.GetAsync(claim.IncidentId, Viewer.System, Ct))!).Timeline
                .Any(e => e.Actor == IncidentTimelineEvents.Actor && e.Text.EndsWith("to registry-test sent (attempt 1)", StringComparison.Ordinal)));

            // The recipient clicks: GET shows the confirmation, the POST (with its anti-forgery token) acknowledges.
            using var browser = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = host.PublicUrl };
            var path = new Uri(link.Value).PathAndQuery;
            Assert.Contains("Acknowledge receipt", await browser.GetStringAsync(path, Ct), StringComparison.Ordinal);
            using var confirmed = await WebTestServer.PostFormAsync(browser, path, path, []);
            Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
            var acknowledged = Incident.FromStored((await store.Incidents.GetAsync(claim.IncidentId, Viewer.System, Ct))!);
            Assert.Equal(IncidentState.Acknowledged, acknowledged.State);
            var ack = Assert.Single(acknowledged.Timeline, e => e.Text.StartsWith("moved notified → acknowledged", StringComparison.Ordinal));
            Assert.Equal("ack:registry-test", ack.Actor);
            Assert.Contains(acknowledged.Timeline, e => e.Actor == IncidentTimelineEvents.Actor && e.Text.Contains("sent", StringComparison.Ordinal));

            // The exports, read through the API as a member of the registry (the TLP filter lets it see AMBER sent to it).
            var token = (await new UserAdmin(store).CreateTokenAsync(UserRole.Viewer, "registry-test", Ct)).Token;
            using var api = new HttpClient { BaseAddress = host.PublicUrl };
            api.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            ExportChecks.Misp(await api.GetStringAsync($"/api/v1/incidents/{claim.IncidentId}/export/misp", Ct), "tlp:amber", Zone);
            ExportChecks.Stix(await api.GetStringAsync($"/api/v1/incidents/{claim.IncidentId}/export/stix21", Ct), Zone);
        }
        finally
        {
            await stop.CancelAsync();
            try
            {
                await running;
            }
            catch (OperationCanceledException)
            {
                // The monitor stops by cancellation.
            }

            await host.DisposeAsync();
            monitor.Dispose();
        }

        Assert.Contains("Notifications: on triage, automatically from severity error", written.ToString(), StringComparison.Ordinal);
    }

    internal static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 100; i++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(200, Ct);
        }

        Assert.Fail("the condition did not hold within 20 s");
    }

    [GeneratedRegex(@"http://127\.71\.0\.2:\d+/ack/(\S+)")]
    internal static partial Regex AckLink();
}
