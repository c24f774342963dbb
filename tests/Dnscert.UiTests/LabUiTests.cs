using Dnscert.Checks.Engine;
using Dnscert.IntegrationTests.Web;
using PuppeteerSharp;

namespace Dnscert.UiTests;

/// <summary>The dashboard over the real monitor and the lab: a fault shows on the zone page; a hijacked NS set shows as "delegation changed".</summary>
public sealed class LabUiTests(UiLab lab) : IClassFixture<UiLab>, IAsyncLifetime
{
    private WebTestServer? _server;
    private IBrowser? _browser;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
            await _browser.DisposeAsync();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    private async Task<IPage> StartAsync()
    {
        lab.RequireUp();
        _server = await WebTestServer.StartAsync(RootHints.Load(lab.HintsFile), CheckProfile.Load(lab.CheckProfileFile), checkOptions: new CheckOptions { UseIPv6 = false });
        _browser = await Browser.LaunchAsync();
        var page = await _browser.NewPageAsync();
        page.DefaultNavigationTimeout = 120_000;
        await Browser.SignInAsync(page, _server.Address, "analyst", WebTestServer.Password);
        return page;
    }

    private async Task AddZoneAndCheckAsync(IPage page, string zone)
    {
        await page.GoToAsync(new Uri(_server!.Address, "/zones/add").ToString());
        await page.TypeAsync("#zones", zone);
        await Browser.SubmitAsync(page, "main button[type=submit]");
        await page.GoToAsync(new Uri(_server.Address, $"/zones/{zone}").ToString());
        await Browser.SubmitAsync(page, "form[action$='/check'] button");
    }

    [Fact]
    public async Task A_lab_fault_appears_on_the_zone_page()
    {
        await using var page = await StartAsync();
        await AddZoneAndCheckAsync(page, "lame-delegation.test");
        var text = await Browser.TextAsync(page);
        Assert.Contains("Checked: highest severity ERROR", text, StringComparison.Ordinal);
        Assert.Contains("IS_NOT_AUTHORITATIVE", text, StringComparison.Ordinal);
        Assert.Contains("infra.lame-delegation", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_lab_fault_becomes_an_incident_routed_to_the_test_registry_that_an_analyst_triages_in_the_browser()
    {
        await using var page = await StartAsync();
        var ct = TestContext.Current.CancellationToken;
        await Dnscert.Coordination.Stakeholders.StakeholderDirectory.ImportAsync(_server!.Store.Stakeholders, Dnscert.Coordination.Stakeholders.StakeholderDirectory.Sample(), ct);
        await AddZoneAndCheckAsync(page, "lame-delegation.test");

        // What the correlation loop of `serve` does every few seconds over newly stored observations.
        var open = await _server.Store.Observations.ListAsync(new Dnscert.Core.Store.ObservationQuery(Dnscert.Core.Store.ObservationState.Open, null, Dnscert.Core.Store.SubjectKind.Zone, "lame-delegation.test"), null, 100, ct);
        var opened = await new Dnscert.Coordination.Incidents.IncidentCorrelator(_server.Store, [Dnscert.Coordination.Incidents.IncidentPolicy.Default], TimeProvider.System)
            .ProcessAsync([.. open.Items], ct);
        Assert.NotEmpty(opened);

        await page.GoToAsync(new Uri(_server.Address, "/incidents").ToString());
        var list = await Browser.TextAsync(page);
        Assert.Contains("lame-delegation.test", list, StringComparison.Ordinal);
        Assert.Contains("registry-test", list, StringComparison.Ordinal);
        await Browser.SubmitAsync(page, "main table a[href^='/incidents/']");
        var detail = await Browser.TextAsync(page);
        Assert.Contains("TLD registry for .test", detail, StringComparison.Ordinal);
        Assert.Contains("IS_NOT_AUTHORITATIVE", detail, StringComparison.Ordinal);

        await Browser.SubmitAsync(page, "form[action$='/transition'] input[value='triaged'] + button");
        var triaged = await Browser.TextAsync(page);
        Assert.Contains("Move to notified", triaged, StringComparison.Ordinal);
        Assert.Contains("analyst", triaged, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_changed_NS_set_shows_a_delegation_changed_observation()
    {
        await using var page = await StartAsync();
        await AddZoneAndCheckAsync(page, "switchable.test");
        Assert.Contains("ns1.switchable.test", await Browser.TextAsync(page), StringComparison.Ordinal);
        try
        {
            var switched = await lab.Lab("switch", "switchable", "hijacked-ns");
            Assert.True(switched.ExitCode == 0, switched.ToString());
            await Browser.SubmitAsync(page, "form[action$='/check'] button");
            await page.GoToAsync(new Uri(_server!.Address, "/observations?state=open&threat=infra.delegation-changed").ToString());
            var text = await Browser.TextAsync(page);
            Assert.Contains("switchable.test", text, StringComparison.Ordinal);
            Assert.Contains("NS set changed", text, StringComparison.Ordinal);
            Assert.Contains("CRITICAL", text, StringComparison.Ordinal);

            await page.GoToAsync(new Uri(_server.Address, "/zones/switchable.test").ToString());
            await Browser.SubmitAsync(page, "form[action$='/confirm-baseline'] button");
            await page.GoToAsync(new Uri(_server.Address, "/observations?state=open&threat=infra.delegation-changed").ToString());
            Assert.Contains("No observations match", await Browser.TextAsync(page), StringComparison.Ordinal);
        }
        finally
        {
            var back = await lab.Lab("switch", "switchable", "default");
            Assert.True(back.ExitCode == 0, back.ToString());
        }
    }
}
