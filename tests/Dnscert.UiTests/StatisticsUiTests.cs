using Dnscert.Core;
using Dnscert.Core.Store;
using Dnscert.IntegrationTests.Web;
using PuppeteerSharp;

namespace Dnscert.UiTests;

/// <summary>The statistics and gap pages in a real headless chromium: charts drawn, period form, phone width.</summary>
public sealed class StatisticsUiTests : IAsyncLifetime
{
    private WebTestServer _server = null!;
    private IBrowser? _browser;

    public async ValueTask InitializeAsync()
    {
        _server = await WebTestServer.StartAsync();
        var start = new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero);
        var observations = Enumerable.Range(0, 6).Select(i => new Observation(
            Guid.CreateVersion7(),
            new Subject(SubjectKind.Domain, $"ui{i}.{(i < 4 ? "fr" : "ng")}"),
            "abuse.phishing",
            Severity.Warning,
            Tlp.Green,
            start.AddDays(i),
            start.AddDays(i + 1),
            ObservationState.Open,
            $"ui{i}",
            [],
            "ui test")).ToList();
        await _server.Store.Observations.SaveAllAsync(observations, TestContext.Current.CancellationToken);
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
    public async Task A_viewer_picks_a_period_and_sees_the_charts_and_the_gap_matrix_on_a_phone()
    {
        _browser = await Browser.LaunchAsync();
        await using var page = await _browser.NewPageAsync();
        await page.SetViewportAsync(new ViewPortOptions { Width = 360, Height = 740 });
        await Browser.SignInAsync(page, _server.Address, "viewer", WebTestServer.Password);

        await page.GoToAsync(new Uri(_server.Address, "/statistics").ToString());
        await page.EvaluateExpressionAsync("document.querySelector('#from').value = '2026-02-01'; document.querySelector('#to').value = '2026-02-28'");
        await Browser.SubmitAsync(page, "main button[type=submit]");
        Assert.Equal("6", await page.EvaluateExpressionAsync<string>("document.querySelector('#total').innerText"));
        Assert.True(await page.EvaluateExpressionAsync<int>("document.querySelectorAll('main svg').length") >= 4);
        // The time series has a drawn line with one point per day of February.
        Assert.Equal(28, await page.EvaluateExpressionAsync<int>("document.querySelector('main svg path').getAttribute('d').split(/[ML]/).filter(s => s.trim()).length"));
        var width = await page.EvaluateExpressionAsync<int>("document.documentElement.scrollWidth");
        Assert.True(width <= 360, $"/statistics is {width} px wide on a 360 px screen");

        await page.GoToAsync(new Uri(_server.Address, "/gaps?from=2026-02-01&to=2026-02-28").ToString());
        var text = await Browser.TextAsync(page);
        Assert.Contains("europe", text, StringComparison.Ordinal);
        Assert.Contains("africa", text, StringComparison.Ordinal);
        Assert.Equal(2, await page.EvaluateExpressionAsync<int>("document.querySelectorAll('main svg rect[fill=\"#b22222\"]').length"));
        width = await page.EvaluateExpressionAsync<int>("document.documentElement.scrollWidth");
        Assert.True(width <= 360, $"/gaps is {width} px wide on a 360 px screen");
    }
}
