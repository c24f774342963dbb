using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Dnscert.Checks.Engine;
using Dnscert.Checks.Monitor;
using Dnscert.Core.Store;
using Dnscert.IntegrationTests.Web;
using Dnscert.Store;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dnscert.IntegrationTests.Monitor;

/// <summary>
/// Requests first: the web host counts the requests it serves, and the monitor starts fewer checks while any are
/// served, then catches up. Real Kestrel on 127.85.0.1, real SQLite, and a root server on 127.85.0.2 that never
/// answers, so every check stays in flight for its query time-outs and the scheduler's choices can be watched.
/// </summary>
public sealed partial class WebPriorityTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_request_counts_as_foreground_activity_while_it_is_served()
    {
        await using var server = await WebTestServer.StartAsync(url: "http://127.85.0.1:0");
        var foreground = server.Monitor.Foreground;
        Assert.False(foreground.BusySinceLastAsked());

        using var client = server.Client();
        using var response = await client.GetAsync("/login", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        Assert.Equal(0, foreground.InFlight);
        Assert.True(foreground.BusySinceLastAsked());   // the request came and went between two polls
        Assert.False(foreground.BusySinceLastAsked());  // and is counted once
    }

    [Fact]
    public async Task The_stylesheet_is_linked_by_its_content_hash_and_cached_for_a_year()
    {
        await using var server = await WebTestServer.StartAsync(url: "http://127.85.0.1:0");
        using var client = server.Client();
        var html = await client.GetStringAsync("/login", Ct);
        var href = CssLink().Match(html);
        Assert.True(href.Success, html);

        using var css = await client.GetAsync(href.Groups[1].Value, Ct);
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.Equal("text/css", css.Content.Headers.ContentType?.MediaType);
        Assert.True(css.Headers.CacheControl is { Public: true, MaxAge.TotalDays: >= 365 }, css.Headers.CacheControl?.ToString());
        Assert.Contains("immutable", css.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_monitor_starts_fewer_checks_while_the_web_is_busy_and_catches_up_when_it_is_idle()
    {
        using var silentRoot = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            silentRoot.Bind(new IPEndPoint(IPAddress.Parse("127.85.0.2"), 53));
        }
        catch (SocketException e)
        {
            Assert.Skip($"cannot bind 127.85.0.2:53 for the silent root server ({e.SocketErrorCode}); run as root");
        }

        var directory = Directory.CreateTempSubdirectory("dnscert-priority-").FullName;
        try
        {
            await using var store = await StoreFactory.OpenAsync(new StoreOptions { DataDirectory = directory }, cancellationToken: Ct);
            var options = new MonitorOptions { MaxConcurrentChecks = 8, ChecksWhileWebBusy = 2, PollInterval = TimeSpan.FromMilliseconds(50) };
            var checks = new CheckOptions { UseIPv6 = false, QueryTimeout = TimeSpan.FromSeconds(3), Retries = 0 };
            using var monitor = new ZoneMonitor(store, TimeProvider.System, options, checks, [IPAddress.Parse("127.85.0.2")], null, NullLogger.Instance);
            await monitor.AddZonesAsync("slow", [.. Enumerable.Range(1, 16).Select(i => $"z{i}.priority.test")], Tlp.Amber, Ct);

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            monitor.Foreground.Started(); // a request that takes its time
            var run = monitor.RunAsync(stop.Token);
            var busyMost = 0;
            for (var i = 0; i < 20; i++)
            {
                await Task.Delay(50, Ct);
                busyMost = Math.Max(busyMost, monitor.ChecksInFlight);
            }

            monitor.Foreground.Ended();
            var idleMost = 0;
            for (var i = 0; i < 40 && idleMost <= 2; i++)
            {
                await Task.Delay(50, Ct);
                idleMost = Math.Max(idleMost, monitor.ChecksInFlight);
            }

            await stop.CancelAsync();
            await run;
            Assert.InRange(busyMost, 1, 2);
            Assert.InRange(idleMost, 3, 8);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [GeneratedRegex("href=\"(/assets/site\\.css\\?v=[0-9a-f]{12})\"")]
    private static partial Regex CssLink();
}
