using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Dnscert.Core.Store;
using Dnscert.Feeds.Configuration;
using Dnscert.Feeds.Ingestion;
using Dnscert.Feeds.PublicSuffix;
using Dnscert.Feeds.Scheduling;
using Dnscert.IntegrationTests.Infrastructure;
using Dnscert.IntegrationTests.Web;
using Dnscert.Web;
using PuppeteerSharp;

namespace Dnscert.UiTests;

/// <summary>
/// The /feeds page in a real headless chromium after the feed scheduler of serve and demo has run against feeds
/// served by python3's http.server on 127.83.0.4 (one that works, one that answers 404) and a local file: every row
/// the browser shows says what /api/v1/feeds returns for that feed.
/// </summary>
public sealed class FeedsUiTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dnscert-feeds-ui-").FullName;
    private Process? _http;
    private int _port;
    private WebTestServer _server = null!;
    private IBrowser? _browser;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "www"));
        await File.WriteAllTextAsync(Path.Combine(_dir, "www", "phish.txt"), "login.bank-a.example.fr\npay.shop-b.example.es\n", Ct);
        await File.WriteAllTextAsync(Path.Combine(_dir, "local.txt"), "c2.example.de\n", Ct);
        _http = StaticHttpServer.Start(Path.Combine(_dir, "www"), "127.83.0.4", out _port);
        await File.WriteAllTextAsync(Path.Combine(_dir, "feeds.json"), $$"""
            {
              "feeds": [
                { "id": "ui.phish", "provider": "loopback", "url": "http://127.83.0.4:{{_port}}/phish.txt?key=secret", "format": "plain",
                  "interval": "1h", "threat": "abuse.phishing", "confidence": 70, "tlp": "green", "licence": "CC0-1.0" },
                { "id": "ui.broken", "url": "http://127.83.0.4:{{_port}}/missing.txt", "format": "plain", "interval": "2h",
                  "threat": "abuse.malware", "tlp": "amber", "licence": "CC0-1.0" },
                { "id": "ui.local", "file": "local.txt", "format": "plain", "interval": "30m", "threat": "abuse.botnet-c2", "tlp": "amber", "licence": "CC0-1.0" }
              ]
            }
            """, Ct);
        _server = await WebTestServer.StartAsync(
            options: new DnscertWebOptions { OverviewCacheLifetime = TimeSpan.Zero, FeedsFile = Path.Combine(_dir, "feeds.json") },
            url: "http://127.83.0.5:0");
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
            await _browser.DisposeAsync();
        }

        await _server.DisposeAsync();
        if (_http is { HasExited: false })
        {
            _http.Kill();
            await _http.WaitForExitAsync(CancellationToken.None);
        }

        _http?.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task The_feeds_page_shows_for_every_feed_what_the_api_returns()
    {
        var feeds = FeedsFile.Load(Path.Combine(_dir, "feeds.json"));
        using var fetcher = new FeedFetcher(FeedFetchLimits.Default);
        var results = await new FeedScheduler(feeds, _server.Store, PublicSuffixList.Parse(new StringReader("fr\nes\nde\nexample.fr\nexample.es\nexample.de\n")), fetcher, TimeProvider.System).RunDueAsync(Ct);
        Assert.Equal(3, results.Count);

        using var api = _server.ApiClient(await _server.TokenAsync(UserRole.Viewer));
        var fromApi = (await api.GetFromJsonAsync<JsonElement>("/api/v1/feeds", Ct)).EnumerateArray().ToList();
        Assert.Equal(3, fromApi.Count);

        _browser = await Browser.LaunchAsync();
        await using var page = await _browser.NewPageAsync();
        await Browser.SignInAsync(page, _server.Address, "viewer", WebTestServer.Password);
        await page.GoToAsync(new Uri(_server.Address, "/feeds").ToString());
        var rows = await page.EvaluateExpressionAsync<string[][]>(
            "Array.from(document.querySelectorAll('#feeds tbody tr')).map(tr => [tr.dataset.feed, ...Array.from(tr.cells).map(td => td.innerText.trim())])");
        Assert.Equal(["ui.broken", "ui.local", "ui.phish"], rows.Select(r => r[0]));
        Assert.Contains("3 feed(s); 1 failing.", await Browser.TextAsync(page), StringComparison.Ordinal);

        foreach (var feed in fromApi)
        {
            var id = feed.GetProperty("id").GetString()!;
            var row = rows.Single(r => r[0] == id);
            var status = feed.GetProperty("status");
            // Columns: feed, state, source, format, every, threat, TLP, confidence, licence, last success, next run, last result.
            Assert.StartsWith(id, row[1], StringComparison.Ordinal);
            Assert.Equal(feed.GetProperty("state").GetString(), row[2]);
            Assert.Equal(feed.GetProperty("location").GetString(), row[3]);
            Assert.Equal(feed.GetProperty("format").GetString(), row[4]);
            Assert.Equal(TimeSpan.Parse(feed.GetProperty("interval").GetString()!, System.Globalization.CultureInfo.InvariantCulture), TimeSpan.Parse(row[5], System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(feed.GetProperty("threat_type_id").GetString(), row[6]);
            Assert.Equal(feed.GetProperty("tlp").GetString()!.ToUpperInvariant(), row[7]);
            Assert.Equal(feed.GetProperty("licence").GetString(), row[9]);
            Assert.Equal(Minute(status.GetProperty("next_due").GetDateTimeOffset()), row[11]);
            if (status.GetProperty("last_error").GetString() is { } error)
            {
                Assert.Equal("failing", row[2]);
                Assert.Equal($"failed {status.GetProperty("consecutive_failures").GetInt32()} time(s): {error}", row[12]);
                Assert.Equal("", row[10]);
            }
            else
            {
                Assert.Equal(Minute(status.GetProperty("last_success").GetDateTimeOffset()), row[10]);
                Assert.Equal(status.GetProperty("last_summary").GetString(), row[12]);
            }
        }

        Assert.DoesNotContain("secret", await page.GetContentAsync(), StringComparison.Ordinal);
        Assert.Contains("HTTP 404", rows.Single(r => r[0] == "ui.broken")[12], StringComparison.Ordinal);
    }

    private static string Minute(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
}
