using System.Globalization;
using System.Text.Json;
using Dnscert.IntegrationTests.Infrastructure;
using Dnscert.IntegrationTests.Web;
using PuppeteerSharp;

namespace Dnscert.UiTests;

/// <summary>
/// The traffic page in a real headless chromium: a generated capture with attacks is analysed by the real
/// <c>dnscert traffic analyze --json --store</c> into the server's database, and what the page shows (numbers,
/// tables, chart points, detection bars) must equal what the command printed.
/// </summary>
public sealed class TrafficUiTests : IAsyncLifetime
{
    private WebTestServer _server = null!;
    private IBrowser? _browser;
    private JsonElement _report;

    public async ValueTask InitializeAsync()
    {
        _server = await WebTestServer.StartAsync();
        var capture = Path.Combine(_server.Directory, "ui.pcap");
        var generated = await ProcessRunner.DnscertAsync("traffic", "generate", "--out", capture, "--seed", "5", "--duration", "4m");
        Assert.True(generated.ExitCode == 0, generated.ToString());
        var analysed = await ProcessRunner.DnscertAsync("traffic", "analyze", capture, "--json", "--store", "--data", _server.Directory);
        Assert.True(analysed.ExitCode == 0, analysed.ToString());
        _report = JsonDocument.Parse(analysed.Output).RootElement.Clone();
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
    public async Task A_viewer_follows_the_overview_link_and_sees_the_numbers_traffic_analyze_printed()
    {
        _browser = await Browser.LaunchAsync();
        await using var page = await _browser.NewPageAsync();
        await Browser.SignInAsync(page, _server.Address, "viewer", WebTestServer.Password);
        await Browser.SubmitAsync(page, "main a[href='/traffic']");
        Assert.EndsWith("/traffic", page.Url, StringComparison.Ordinal);

        var totals = _report.GetProperty("totals");
        Assert.Equal(Number(totals, "messages"), await TextAsync(page, "#messages"));
        Assert.Equal(Number(totals, "queries"), await TextAsync(page, "#queries"));
        Assert.Equal(Number(totals, "responses"), await TextAsync(page, "#responses"));
        Assert.Equal("~" + totals.GetProperty("uniqueClients").GetProperty("estimate").GetInt64().ToString(CultureInfo.InvariantCulture), await TextAsync(page, "#unique-clients"));
        Assert.Equal(_report.GetProperty("detections").GetArrayLength().ToString(CultureInfo.InvariantCulture), await TextAsync(page, "#detections"));

        // RCODE and QTYPE mixes: every code with its count, as the JSON has them (fewer than 32 codes here).
        Assert.Equal(Codes(totals.GetProperty("rcodes")), await RowsAsync(page, "#rcodes tbody tr", "r => r.cells[0].textContent + '=' + r.cells[2].textContent"));
        Assert.Equal(Codes(totals.GetProperty("qtypes")), await RowsAsync(page, "#qtypes tbody tr", "r => r.cells[0].textContent + '=' + r.cells[2].textContent"));

        // Top names with their Space-Saving error, in the JSON's order.
        var topNames = _report.GetProperty("top").GetProperty("qnames").GetProperty("items").EnumerateArray()
            .Select(i => $"{i.GetProperty("name").GetString()}={i.GetProperty("count").GetInt64()}±{i.GetProperty("error").GetInt64()}").ToArray();
        Assert.NotEmpty(topNames);
        Assert.Equal(topNames, await RowsAsync(page, "#top-qnames tbody tr", "r => r.cells[0].textContent + '=' + r.cells[1].textContent + '±' + r.cells[2].textContent"));
        var topClients = _report.GetProperty("top").GetProperty("clientNetworks").GetProperty("items").EnumerateArray()
            .Select(i => $"{i.GetProperty("network").GetString()}={i.GetProperty("count").GetInt64()}").ToArray();
        Assert.Equal(topClients, await RowsAsync(page, "#top-clients tbody tr", "r => r.cells[0].textContent + '=' + r.cells[1].textContent"));

        // The queries/s chart has one point per bucket, and each bucket's queries match.
        var buckets = _report.GetProperty("buckets").EnumerateArray().ToList();
        Assert.True(buckets.Count >= 4, $"{buckets.Count} buckets");
        Assert.Equal(buckets.Count, await page.EvaluateExpressionAsync<int>("document.querySelectorAll('#chart-qps circle').length"));
        Assert.Equal(buckets.Count, await page.EvaluateExpressionAsync<int>("document.querySelector('#chart-qps path').getAttribute('d').split(/[ML]/).filter(s => s.trim()).length"));
        Assert.Equal(buckets.Select(b => Number(b, "queries")).ToArray(), await RowsAsync(page, "#buckets tbody tr", "r => r.cells[2].textContent"));

        // The generator plants attacks: the timeline draws one bar per detection window.
        Assert.True(_report.GetProperty("detections").GetArrayLength() > 0);
        Assert.Equal(_report.GetProperty("detections").GetArrayLength(), await page.EvaluateExpressionAsync<int>("document.querySelectorAll('#chart-detections rect.detection').length"));

        await page.SetViewportAsync(new ViewPortOptions { Width = 360, Height = 740 });
        var width = await page.EvaluateExpressionAsync<int>("document.documentElement.scrollWidth");
        Assert.True(width <= 360, $"/traffic is {width} px wide on a 360 px screen");
    }

    private static string Number(JsonElement element, string property) =>
        element.GetProperty(property).GetInt64().ToString(CultureInfo.InvariantCulture);

    private static string[] Codes(JsonElement codes) =>
        [.. codes.EnumerateArray()
            .OrderByDescending(c => c.GetProperty("count").GetInt64()).ThenBy(c => c.GetProperty("code").GetInt32())
            .Select(c => $"{c.GetProperty("name").GetString()}={c.GetProperty("count").GetInt64()}")];

    private static Task<string> TextAsync(IPage page, string selector) =>
        page.EvaluateExpressionAsync<string>($"document.querySelector('{selector}').textContent");

    private static Task<string[]> RowsAsync(IPage page, string selector, string map) =>
        page.EvaluateExpressionAsync<string[]>($"Array.from(document.querySelectorAll('{selector}')).map({map})");
}
