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
