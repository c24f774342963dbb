using System.Text.RegularExpressions;
using Dnscert.Exchange.Notifications;
using Dnscert.IntegrationTests.Campaigns;
using Dnscert.IntegrationTests.Web;
using Dnscert.Web;
using Microsoft.Extensions.DependencyInjection;
using PuppeteerSharp;

namespace Dnscert.UiTests;

/// <summary>
/// A campaign in a real headless chromium (Kestrel on 127.72.0.3): an analyst creates it from the form with a list of
/// lab-TLD names, sees one row per registry, the French registry acknowledges through the link of its message in its own
/// (anonymous) browser, and the analyst's progress page shows it.
/// </summary>
public sealed partial class CampaignUiTests : IAsyncLifetime
{
    private WebTestServer _server = null!;
    private IBrowser? _browser;

    public async ValueTask InitializeAsync()
    {
        var options = new DnscertWebOptions { AcknowledgementKey = Convert.ToBase64String(new byte[32]), OverviewCacheLifetime = TimeSpan.Zero };
        options.Campaigns.PublicUrl = "http://127.72.0.3";
        _server = await WebTestServer.StartAsync(options: options, url: "http://127.72.0.3:0");
        await CampaignDirectory.ImportAsync(_server.Store.Stakeholders, TestContext.Current.CancellationToken);
    }

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
    public async Task An_analyst_creates_a_campaign_and_sees_a_party_acknowledge_through_its_link()
    {
        _browser = await Browser.LaunchAsync();
        await using var page = await _browser.NewPageAsync();
        await Browser.SignInAsync(page, _server.Address, "analyst", WebTestServer.Password);
        await page.GoToAsync(new Uri(_server.Address, "/campaigns").ToString());
        await Task.WhenAll(page.WaitForNavigationAsync(), page.ClickAsync("#new-campaign"));
        await page.WaitForSelectorAsync("#domains");
        await page.TypeAsync("#name", "Lab DGA, UI");
        await page.TypeAsync("#domains", "ui-dga1.test\nui-dga2.test\nui-dga3.co.test\nui-dga1.test\nui-elsewhere.zz");
        await Browser.SubmitAsync(page, "#create");

        var text = await Browser.TextAsync(page);
        Assert.Contains("Campaign created and sent.", text, StringComparison.Ordinal);
        Assert.Contains("0 of 2 parties completed, 0 acknowledged, 2 notified, 0 pending", text, StringComparison.Ordinal);
        Assert.Equal("notified", await page.EvaluateExpressionAsync<string>("document.querySelector('#party-registry-cotest .state').innerText"));
        Assert.Equal("notified", await page.EvaluateExpressionAsync<string>("document.querySelector('#party-registry-test .state').innerText"));
        Assert.True(await page.EvaluateExpressionAsync<bool>("document.querySelector('#progress svg rect.seg-notified') !== null"));
        var progressPage = page.Url.Split('?')[0];

        // The French registry opens the link of the message it was sent, in a browser of its own, without logging in.
        var outbox = (InMemoryOutboxRepository)_server.Services.GetRequiredService<IOutboxRepository>();
        var message = outbox.All().Single(m => m.StakeholderId == CampaignDirectory.FrenchRegistry);
        Assert.Contains("ui-dga3.co.test", message.Body, StringComparison.Ordinal);
        var link = AckLink().Match(message.Body).Groups[1].Value;
        await using var registry = await _browser.CreateBrowserContextAsync();
        await using var registryPage = await registry.NewPageAsync();
        await registryPage.GoToAsync(new Uri(_server.Address, link).ToString());
        Assert.Contains("1 name(s), is notified", await Browser.TextAsync(registryPage), StringComparison.Ordinal);
        await Browser.SubmitAsync(registryPage, "#acknowledge");
        Assert.Contains("Thank you: the acknowledgement of registry-cotest is recorded", await Browser.TextAsync(registryPage), StringComparison.Ordinal);

        await page.GoToAsync(progressPage);
        Assert.Equal("acknowledged", await page.EvaluateExpressionAsync<string>("document.querySelector('#party-registry-cotest .state').innerText"));
        Assert.Contains("0 of 2 parties completed, 1 acknowledged, 1 notified", await Browser.TextAsync(page), StringComparison.Ordinal);
        Assert.True(await page.EvaluateExpressionAsync<bool>("document.querySelector('#progress svg rect.seg-acknowledged') !== null"));
    }

    [GeneratedRegex(@"http://127\.72\.0\.3(/ack/campaign/[A-Za-z0-9_\-.]+)")]
    private static partial Regex AckLink();
}
