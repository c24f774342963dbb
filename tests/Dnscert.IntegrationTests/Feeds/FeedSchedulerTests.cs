using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dnscert.Core;
using Dnscert.Core.Store;
using Dnscert.Feeds.Configuration;
using Dnscert.Feeds.Ingestion;
using Dnscert.Feeds.PublicSuffix;
using Dnscert.Feeds.Scheduling;
using Dnscert.IntegrationTests.Infrastructure;
using Dnscert.IntegrationTests.Web;
using Dnscert.Web;
using Microsoft.Extensions.Time.Testing;

namespace Dnscert.IntegrationTests.Feeds;

/// <summary>
/// Scheduled feeds against a real HTTP server (python3 -m http.server on 127.73.0.1, which answers If-Modified-Since
/// with 304) and a real SQLite store behind a real Kestrel, with the schedule driven by a FakeTimeProvider: each feed
/// runs on its own interval, an unchanged feed costs a 304, a failing feed backs off and never stops the others, and
/// the /feeds page and /api/v1/feeds show the stored status.
/// </summary>
public sealed class FeedSchedulerTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dnscert-feed-scheduler-").FullName;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 7, 1, 8, 0, 0, TimeSpan.Zero));
    private Process? _http;
    private int _port;
    private WebTestServer _server = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "www"));
        await File.WriteAllTextAsync(Path.Combine(_dir, "www", "phish.txt"), "login.bank-a.example.fr\nwww.bank-a.example.fr\npay.shop-b.example.es\n", Ct);
        await File.WriteAllTextAsync(Path.Combine(_dir, "local.csv"), "domain,first_seen\nc2-one.example.de,2026-06-30T10:00:00Z\nc2-two.example.ke,2026-06-30T11:00:00Z\n", Ct);
        await File.WriteAllTextAsync(Path.Combine(_dir, "allow.txt"), ".shop-b.example.es\n", Ct);
        _http = StaticHttpServer.Start(Path.Combine(_dir, "www"), "127.73.0.1", out _port);
        await File.WriteAllTextAsync(Path.Combine(_dir, "feeds.json"), $$"""
            {
              "feeds": [
                { "id": "test.phish", "provider": "loopback", "url": "http://127.73.0.1:{{_port}}/phish.txt?key=secret", "format": "plain",
                  "interval": "1h", "threat": "abuse.phishing", "confidence": 70, "tlp": "green", "allow_list": "allow.txt",
                  "licence": "CC0-1.0", "provenance": "written by the test" },
                { "id": "test.broken", "url": "http://127.73.0.1:{{_port}}/missing.txt", "format": "plain", "interval": "1h",
                  "threat": "abuse.malware", "tlp": "amber", "licence": "CC0-1.0" },
                { "id": "test.local", "file": "local.csv", "format": "csv", "columns": "value=domain,time=first_seen", "interval": "30m",
                  "threat": "abuse.botnet-c2", "tlp": "amber", "licence": "CC0-1.0" }
              ]
            }
            """, Ct);
        _server = await WebTestServer.StartAsync(
            options: new DnscertWebOptions { OverviewCacheLifetime = TimeSpan.Zero, FeedsFile = Path.Combine(_dir, "feeds.json") },
            url: "http://127.73.0.2:0");
    }

    public async ValueTask DisposeAsync()
    {
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
    public async Task Each_feed_runs_on_its_interval_and_a_failing_feed_backs_off_without_stopping_the_others()
    {
        var feeds = FeedsFile.Load(Path.Combine(_dir, "feeds.json"));
        using var fetcher = new FeedFetcher(FeedFetchLimits.Default);
        var scheduler = new FeedScheduler(feeds, _server.Store, Psl(), fetcher, _time);

        // 08:00: all three are due. The broken one fails; the other two are stored.
        var first = await scheduler.RunDueAsync(Ct);
        Assert.Equal(["test.phish", "test.broken", "test.local"], first.Select(r => r.FeedId));
        Assert.True(first[0].Succeeded, first[0].Error?.Message);
        Assert.Contains("1 allow-listed, 1 new observations", first[0].Status.LastSummary, StringComparison.Ordinal);
        var broken = first[1];
        Assert.False(broken.Succeeded);
        Assert.Contains("HTTP 404", broken.Status.LastError, StringComparison.Ordinal);
        Assert.Equal(_time.GetUtcNow().AddMinutes(1), broken.Status.NextDue);
        Assert.True(first[2].Succeeded, first[2].Error?.Message);
        Assert.Equal(2, (await OpenFeedObservationsAsync("abuse.botnet-c2")).Count);
        var phishing = Assert.Single(await OpenFeedObservationsAsync("abuse.phishing"));
        Assert.Equal("bank-a.example.fr", phishing.Subject.Value);
        Assert.Equal(Tlp.Green, phishing.Tlp);

        // 08:02: only the broken feed is due (back-off 1 min, then 2 min); the others wait for their interval.
        _time.Advance(TimeSpan.FromMinutes(2));
        var second = Assert.Single(await scheduler.RunDueAsync(Ct));
        Assert.Equal("test.broken", second.FeedId);
        Assert.Equal(2, second.Status.ConsecutiveFailures);
        Assert.Equal(_time.GetUtcNow().AddMinutes(2), second.Status.NextDue);

        // 08:32: the local file's 30 minutes are up; it has not changed, so it is not parsed again.
        _time.Advance(TimeSpan.FromMinutes(30));
        var third = await scheduler.RunDueAsync(Ct);
        var local = third.Single(r => r.FeedId == "test.local");
        Assert.StartsWith("file unchanged since", local.Status.LastSummary, StringComparison.Ordinal);
        Assert.DoesNotContain(third, r => r.FeedId == "test.phish");

        // 09:02: the URL feed is due again and the server answers 304 to its If-Modified-Since; the missing file appears.
        await File.WriteAllTextAsync(Path.Combine(_dir, "www", "missing.txt"), "dropper.example.ng\n", Ct);
        _time.Advance(TimeSpan.FromMinutes(30));
        var fourth = await scheduler.RunDueAsync(Ct);
        Assert.StartsWith("not modified since", fourth.Single(r => r.FeedId == "test.phish").Status.LastSummary, StringComparison.Ordinal);
        var recovered = fourth.Single(r => r.FeedId == "test.broken");
        Assert.True(recovered.Succeeded, recovered.Error?.Message);
        Assert.Equal(0, recovered.Status.ConsecutiveFailures);
        Assert.Null(recovered.Status.LastError);
        Assert.Single(await OpenFeedObservationsAsync("abuse.malware"));

        // What the dashboard and API show comes from the stored status.
        using var client = await _server.SignInAsync("viewer");
        var html = await client.GetStringAsync("/feeds", Ct);
        Assert.Contains("<tr data-feed=\"test.broken\">", html, StringComparison.Ordinal);
        Assert.Contains($"http://127.73.0.1:{_port}/phish.txt</td>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", html, StringComparison.Ordinal);
        using var api = _server.ApiClient(await _server.TokenAsync(UserRole.Viewer));
        var list = await api.GetFromJsonAsync<JsonElement>("/api/v1/feeds", Ct);
        var states = list.EnumerateArray().ToDictionary(e => e.GetProperty("id").GetString()!, e => e.GetProperty("state").GetString());
        Assert.Equal(new Dictionary<string, string?> { ["test.phish"] = "ok", ["test.broken"] = "ok", ["test.local"] = "ok" }, states);
    }

    [Fact]
    public async Task A_failure_is_shown_as_failing_on_the_page_with_its_error()
    {
        var feeds = FeedsFile.Load(Path.Combine(_dir, "feeds.json"));
        using var fetcher = new FeedFetcher(FeedFetchLimits.Default);
        await new FeedScheduler(feeds, _server.Store, Psl(), fetcher, _time).RunDueAsync(Ct);

        using var client = await _server.SignInAsync("viewer");
        var html = await client.GetStringAsync("/feeds", Ct);
        Assert.Contains("3 feed(s); 1 failing.", html, StringComparison.Ordinal);
        Assert.Matches("<tr data-feed=\"test.broken\">.*<td class=\"state-failing\">failing</td>.*failed 1 time\\(s\\): Feed http://127\\.73\\.0\\.1:\\d+/missing\\.txt: HTTP 404", html);
    }

    private async Task<List<Observation>> OpenFeedObservationsAsync(string threat)
    {
        var page = await _server.Store.Observations.ListAsync(new ObservationQuery(State: ObservationState.Open), null, 100, Ct);
        return [.. page.Items.Where(o => o.ThreatTypeId == threat)];
    }

    private static PublicSuffixList Psl() => PublicSuffixList.Parse(new StringReader("fr\nes\nde\nke\nng\nexample.fr\nexample.es\nexample.de\nexample.ke\nexample.ng\n"));
}
