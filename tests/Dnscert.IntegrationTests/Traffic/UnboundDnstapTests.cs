using System.Diagnostics;
using Dnscert.Dns.Wire;
using Dnscert.IntegrationTests.Infrastructure;
using Dnscert.Traffic.Dnstap;

namespace Dnscert.IntegrationTests.Traffic;

/// <summary>
/// A real Unbound on 127.62.0.1:53 with dnstap to our unix socket, answering from local data only (the root is
/// refused, so nothing leaves loopback); kdig asks it, and the listener must see every client query and response.
/// </summary>
public sealed class UnboundDnstapTests
{
    private const string Address = "127.62.0.1";

    [Fact]
    public async Task Dnscert_receives_unbound_client_queries_and_responses_over_dnstap()
    {
        TestEnvironment.RequireTools("unbound", "kdig");
        var ct = TestContext.Current.CancellationToken;
        var directory = Directory.CreateTempSubdirectory("dnscert-unbound-dnstap-");
        var socketPath = Path.Combine(directory.FullName, "dnstap.sock");
        var config = Path.Combine(directory.FullName, "unbound.conf");
        await File.WriteAllTextAsync(config, $"""
            server:
              interface: {Address}
              port: 53
              do-daemonize: no
              username: ""
              chroot: ""
              directory: "{directory.FullName}"
              pidfile: "{directory.FullName}/unbound.pid"
              use-syslog: no
              logfile: ""
              verbosity: 1
              access-control: 127.0.0.0/8 allow
              module-config: "iterator"
              do-ip6: no
              local-zone: "." refuse
              local-zone: "dnstap.test." static
              local-data: "www.dnstap.test. 300 IN A 192.0.2.80"
              local-data: "mail.dnstap.test. 300 IN A 192.0.2.25"
            remote-control:
              control-enable: no
            dnstap:
              dnstap-enable: yes
              dnstap-bidirectional: yes
              dnstap-socket-path: "{socketPath}"
              dnstap-send-identity: yes
              dnstap-identity: "unbound-under-test"
              dnstap-log-client-query-messages: yes
              dnstap-log-client-response-messages: yes
            """, ct);

        await using var listener = DnstapListener.Bind("unix:" + socketPath);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var accept = listener.AcceptAsync(cts.Token);
        var seen = new List<(bool Response, string Name, string Source, string Destination, string Rcode)>();
        var consume = listener.ConsumeAsync(t =>
        {
            lock (seen)
            {
                seen.Add((t.Message.IsResponse, t.Message.Questions[0].Name.ToString(), t.Source.ToString(), t.Destination.ToString(), t.Message.ResponseCode.ToString()));
            }
        }, cts.Token);

        using var unbound = Process.Start(new ProcessStartInfo(TestEnvironment.FindTool("unbound")!, ["-d", "-c", config])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        try
        {
            await WaitForAsync(async () => (await Kdig("www.dnstap.test")).Output.Contains("192.0.2.80", StringComparison.Ordinal), ct);
            await WaitForAsync(() => Task.FromResult(listener.Received > 0), ct);
            // The warm-up asked for www; the measured queries ask for names nobody asked before.
            for (var i = 0; i < 5; i++)
            {
                Assert.Contains("192.0.2.25", (await Kdig("mail.dnstap.test")).Output, StringComparison.Ordinal);
            }

            Assert.Contains("NXDOMAIN", (await Kdig("nothing.dnstap.test")).Output, StringComparison.Ordinal);
            await WaitForAsync(() => Task.FromResult(Snapshot(seen).Count(s => s.Name != "www.dnstap.test.") >= 12), ct);
            await Task.Delay(500, ct);
            var after = Snapshot(seen).Where(s => s.Name != "www.dnstap.test.").ToList();

            Assert.Equal(12, after.Count);
            Assert.Equal(5, after.Count(s => !s.Response && s.Name == "mail.dnstap.test."));
            Assert.Equal(5, after.Count(s => s.Response && s.Name == "mail.dnstap.test." && s.Rcode == nameof(DnsResponseCode.NoError)));
            Assert.Single(after, s => s.Response && s.Name == "nothing.dnstap.test." && s.Rcode == nameof(DnsResponseCode.NXDomain));
            Assert.All(after.Where(s => !s.Response), s => Assert.Equal(Address, s.Destination));
            Assert.All(after.Where(s => s.Response), s => Assert.Equal(Address, s.Source));
            Assert.Equal(0, listener.Dropped);
        }
        finally
        {
            unbound.Kill(entireProcessTree: true);
            await unbound.WaitForExitAsync(CancellationToken.None);
            await cts.CancelAsync();
            await accept;
            await consume;
            directory.Delete(recursive: true);
        }
    }

    private static List<(bool Response, string Name, string Source, string Destination, string Rcode)> Snapshot(List<(bool Response, string Name, string Source, string Destination, string Rcode)> seen)
    {
        lock (seen)
        {
            return [.. seen];
        }
    }

    private static Task<ProcessOutput> Kdig(string name) =>
        ProcessRunner.RunAsync("kdig", [$"@{Address}", name, "A", "+retry=0", "+timeout=2"], TimeSpan.FromSeconds(10));

    private static async Task WaitForAsync(Func<Task<bool>> condition, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(30), "Unbound did not answer or send dnstap within 30 s.");
            await Task.Delay(100, cancellationToken);
        }
    }
}
