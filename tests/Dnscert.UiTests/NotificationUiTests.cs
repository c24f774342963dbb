using System.Text.RegularExpressions;
using Dnscert.Core.Store;
using Dnscert.IntegrationTests.Exchange;
using Dnscert.IntegrationTests.Notifications;
using Dnscert.Store;
using Dnscert.Web.Auth;
using PuppeteerSharp;

namespace Dnscert.UiTests;

/// <summary>
/// The notification chain seen in the dashboard (real Chromium): the serve composition notifies the registry of a lab
/// fault by e-mail (aiosmtpd on 127.71.0.1); the incident page shows it notified with the delivery on its timeline;
/// the recipient opens the link from the e-mail in the browser and confirms; the page then shows it acknowledged by
/// the registry.
/// </summary>
public sealed partial class NotificationUiTests(UiLab lab) : IClassFixture<UiLab>, IAsyncDisposable
{
    private static readonly byte[] s_key = [.. Enumerable.Range(90, 32).Select(i => (byte)i)];
    private readonly string _dir = Directory.CreateTempSubdirectory("dnscert-notify-ui-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task The_incident_page_shows_the_e_mail_delivery_then_the_acknowledgement_through_the_link()
    {
        lab.RequireUp();
        await using var smtp = await LoopbackSmtpServer.StartAsync("127.71.0.1");
        var configFile = Path.Combine(_dir, "config.json");
        await File.WriteAllTextAsync(configFile, ServeScenario.Configuration(smtp.Port, s_key), Ct);
        await using var store = await StoreFactory.OpenAsync(new StoreOptions { DataDirectory = Path.Combine(_dir, "data") }, cancellationToken: Ct);
        await store.Users.SaveAsync(new StoreUser("analyst", PasswordHasher.Hash("correct horse battery", 1000), UserRole.Analyst), Ct);
        var (host, monitor) = await ServeScenario.StartAsync(lab.HintsFile, lab.CheckProfileFile, store, configFile, TextWriter.Null);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var running = host.RunAsync(stop.Token);
        await using var browser = await Browser.LaunchAsync();
        try
        {
            var (_, link, claim) = await ServeScenario.WaitForNoticeAsync(smtp, store, s_key);
            await ServeScenario.WaitForAsync(async () => (await store.Incidents.GetAsync(claim.IncidentId, Viewer.System, Ct))!.Timeline.Any(e => e.Text.EndsWith("sent (attempt 1)", StringComparison.Ordinal)));

            await using var analyst = await browser.NewPageAsync();
            analyst.DefaultNavigationTimeout = 120_000;
            await Browser.SignInAsync(analyst, host.PublicUrl, "analyst", "correct horse battery");
            var incidentPage = new Uri(host.PublicUrl, $"/incidents/{claim.IncidentId}").ToString();
            await analyst.GoToAsync(incidentPage);
            var notified = await Browser.TextAsync(analyst);
            Assert.Matches(StateIs("notified"), notified);
            Assert.Contains("system:notifier", notified, StringComparison.Ordinal);
            Assert.Matches(@"system:outbox message: e-mail [0-9a-f-]+ to registry-test sent \(attempt 1\)", notified);
            Assert.Contains("Move to acknowledged", notified, StringComparison.Ordinal);

            // The recipient, in a browser without any dnscert account, follows the link from the e-mail and confirms.
            await using var recipient = await browser.NewPageAsync();
            recipient.DefaultNavigationTimeout = 120_000;
            await recipient.GoToAsync(link.Value);
            Assert.Contains("Acknowledge receipt", await Browser.TextAsync(recipient), StringComparison.Ordinal);
            await Browser.SubmitAsync(recipient, "#acknowledge");
            Assert.Contains("the acknowledgement of registry-test is recorded", await Browser.TextAsync(recipient), StringComparison.Ordinal);

            await analyst.GoToAsync(incidentPage);
            var acknowledged = await Browser.TextAsync(analyst);
            Assert.Matches(StateIs("acknowledged"), acknowledged);
            Assert.Contains("ack:registry-test transition: moved notified → acknowledged", acknowledged, StringComparison.Ordinal);
            Assert.Matches(@"e-mail [0-9a-f-]+ to registry-test sent \(attempt 1\)", acknowledged);
        }
        finally
        {
            await browser.CloseAsync();
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
    }

    private static Regex StateIs(string state) => new($@"State\s+{state}\b");
}
