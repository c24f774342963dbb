using Dnscert.IntegrationTests.Infrastructure;
using PuppeteerSharp;

namespace Dnscert.UiTests;

/// <summary>Debian's chromium, headless. Missing chromium skips on a laptop and fails on CI (CI=true).</summary>
public static class Browser
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public static async Task<IBrowser> LaunchAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            const string message = "chromium is not installed (apt-get install chromium; scripts/prerequisites.sh does it)";
            if (TestEnvironment.IsCi)
            {
                Assert.Fail(message);
            }

            Assert.Skip(message);
        }

        return await Puppeteer.LaunchAsync(new LaunchOptions
        {
            Headless = true,
            ExecutablePath = ChromiumPath,
            // Root (CI, containers) cannot use chromium's sandbox; the pages are our own on loopback.
            Args = ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
        });
    }

    /// <summary>Signs in through the login form, as a person would.</summary>
    public static async Task SignInAsync(IPage page, Uri address, string name, string password)
    {
        await page.GoToAsync(new Uri(address, "/").ToString());
        Assert.Contains("/login", page.Url, StringComparison.Ordinal);
        await page.TypeAsync("#name", name);
        await page.TypeAsync("#password", password);
        await Task.WhenAll(page.WaitForNavigationAsync(), page.ClickAsync("main button[type=submit]"));
    }

    public static async Task SubmitAsync(IPage page, string selector) =>
        await Task.WhenAll(page.WaitForNavigationAsync(new NavigationOptions { Timeout = 120_000 }), page.ClickAsync(selector));

    public static Task<string> TextAsync(IPage page) => page.EvaluateExpressionAsync<string>("document.querySelector('main').innerText");
}
