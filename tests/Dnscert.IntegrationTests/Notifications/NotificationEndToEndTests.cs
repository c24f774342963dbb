using System.Net;
using Dnscert.Coordination.Incidents;
using Dnscert.Core.Store;
using Dnscert.IntegrationTests.Exchange;
using Dnscert.IntegrationTests.Infrastructure;
using Dnscert.IntegrationTests.Store;
using Dnscert.IntegrationTests.Web;
using Dnscert.Store;
using Dnscert.Web.Auth;
using Dnscert.Web.Notifications;

namespace Dnscert.IntegrationTests.Notifications;

/// <summary>
/// Issue 6's "done when", in one process as <c>dnscert serve</c> composes it (<see cref="ServeHost"/>): the monitor
/// checks a faulty lab zone, the correlator opens an incident routed to the fictional registry of .test, the notifier
/// queues a French e-mail in the stored outbox, the outbox delivers it to a real aiosmtpd on 127.71.0.1, the
/// recipient follows the link and confirms, the incident is acknowledged in the registry's name, and the incident
/// exports as a MISP event and a STIX bundle that pass the structural checks (and the schemas with DNSCERT_STANDARDS_DIR).
/// </summary>
public sealed class NotificationEndToEndTests(LabFixture lab) : IAsyncDisposable
{
    private const string Zone = ServeScenario.Zone;
    private static readonly byte[] s_key = [.. Enumerable.Range(40, 32).Select(i => (byte)i)];
    private readonly SqliteBackend _backend = new();
    private readonly string _dir = Directory.CreateTempSubdirectory("dnscert-notify-e2e-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        await _backend.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task A_lab_fault_becomes_a_French_e_mail_whose_link_acknowledges_the_incident_which_exports_to_MISP_and_STIX()
    {
        lab.RequireUp();
        await using var smtp = await LoopbackSmtpServer.StartAsync("127.71.0.1");
        var configFile = Path.Combine(_dir, "config.json");
        await File.WriteAllTextAsync(configFile, ServeScenario.Configuration(smtp.Port, s_key), Ct);
        await using var store = await StoreFactory.OpenAsync(_backend.Options(), cancellationToken: Ct);
        var written = new StringWriter();
        var log = TextWriter.Synchronized(written);
        var (host, monitor) = await ServeScenario.StartAsync(lab.HintsFile, lab.CheckProfileFile, store, configFile, log);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        Task running = Task.CompletedTask;
        try
        {
            running = host.RunAsync(stop.Token);

            // The e-mail at the SMTP server: to the registry's contact, in French (its first language), with the link.
            var (notice, link, claim) = await ServeScenario.WaitForNoticeAsync(smtp, store, s_key);
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
            await ServeScenario.WaitForAsync(async () => Incident.FromStored((await store.Incidents.GetAsync(claim.IncidentId, Viewer.System, Ct))!).Timeline
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
}
