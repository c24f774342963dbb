using Dnscert.IntegrationTests.Web;
using PuppeteerSharp;

namespace Dnscert.UiTests;

/// <summary>Sign in, add zones through the form and find them in the list, in a real headless chromium.</summary>
public sealed class DashboardUiTests : IAsyncLifetime
{
    private WebTestServer _server = null!;
    private IBrowser? _browser;

    public async ValueTask InitializeAsync() => _server = await WebTestServer.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
            await _browser.DisposeAsync();
        }

        await _server.DisposeAsync();
    }

    [Fact]
    public async Task A_wrong_password_shows_an_error_and_stays_on_the_login()
    {
        _browser = await Browser.LaunchAsync();
        await using var page = await _browser.NewPageAsync();
        await Browser.SignInAsync(page, _server.Address, "analyst", "not the password");
        Assert.Contains("/login", page.Url, StringComparison.Ordinal);
        Assert.Contains("Wrong name or password", await Browser.TextAsync(page), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_analyst_signs_in_adds_zones_through_the_form_and_sees_them_listed()
    {
        _browser = await Browser.LaunchAsync();
        await using var page = await _browser.NewPageAsync();
        await Browser.SignInAsync(page, _server.Address, "analyst", WebTestServer.Password);
        Assert.Equal("Overview", await page.EvaluateExpressionAsync<string>("document.querySelector('h1').innerText"));

        // Wait for the navigation the click starts: waiting for a selector alone can race with the old page's
        // context being torn down (PuppeteerSharp then fails with a disposed execution context).
        await Task.WhenAll(page.WaitForNavigationAsync(), page.ClickAsync("a[href='/zones/add']"));
        await page.WaitForSelectorAsync("#zones");
        await page.EvaluateExpressionAsync("document.querySelector('#set').value = ''");
        await page.TypeAsync("#set", "ui");
        await page.TypeAsync("#zones", "first-ui.example\nsecond-ui.example");
        await Browser.SubmitAsync(page, "main button[type=submit]");
        Assert.Contains("2 new zone(s)", await Browser.TextAsync(page), StringComparison.Ordinal);

        await page.GoToAsync(new Uri(_server.Address, "/zones?set=ui").ToString());
        var text = await Browser.TextAsync(page);
        Assert.Contains("first-ui.example", text, StringComparison.Ordinal);
        Assert.Contains("second-ui.example", text, StringComparison.Ordinal);

        await Task.WhenAll(page.WaitForNavigationAsync(), page.ClickAsync("a[href='/zones/first-ui.example']"));
        Assert.Equal("first-ui.example", await page.EvaluateExpressionAsync<string>("document.querySelector('h1').innerText"));
        Assert.Contains("Check now", await page.EvaluateExpressionAsync<string>("document.body.innerText"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pages_fit_a_360_pixel_phone_screen()
    {
        await _server.Monitor.AddZonesAsync("phone", ["a-rather-long-zone-name-for-a-small-screen.example"], TestContext.Current.CancellationToken);
        _browser = await Browser.LaunchAsync();
        await using var page = await _browser.NewPageAsync();
        await page.SetViewportAsync(new ViewPortOptions { Width = 360, Height = 740 });
        await Browser.SignInAsync(page, _server.Address, "viewer", WebTestServer.Password);
        foreach (var path in new[] { "/", "/zones", "/observations", "/zones/a-rather-long-zone-name-for-a-small-screen.example" })
        {
            await page.GoToAsync(new Uri(_server.Address, path).ToString());
            var width = await page.EvaluateExpressionAsync<int>("document.documentElement.scrollWidth");
            Assert.True(width <= 360, $"{path} is {width} px wide on a 360 px screen");
        }
    }

    [Fact]
    public async Task Every_form_control_has_a_label_and_the_keyboard_reaches_the_skip_link_first()
    {
        _browser = await Browser.LaunchAsync();
        await using var page = await _browser.NewPageAsync();
        await Browser.SignInAsync(page, _server.Address, "admin", WebTestServer.Password);
        foreach (var path in new[] { "/zones", "/observations", "/zones/add" })
        {
            await page.GoToAsync(new Uri(_server.Address, path).ToString());
            var unlabelled = await page.EvaluateExpressionAsync<int>(
                "[...document.querySelectorAll('input:not([type=hidden]),select,textarea')].filter(e => !e.id || !document.querySelector(`label[for='${e.id}']`)).length");
            Assert.Equal(0, unlabelled);
            await page.Keyboard.PressAsync("Tab");
            Assert.Equal("Skip to content", await page.EvaluateExpressionAsync<string>("document.activeElement.innerText"));
        }
    }
}
