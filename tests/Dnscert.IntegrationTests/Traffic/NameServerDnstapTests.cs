using System.Diagnostics;
using System.Net;
using Dnscert.Lab.Runtime;
using Dnscert.IntegrationTests.Infrastructure;
using Dnscert.Traffic;
using Dnscert.Traffic.Dnstap;

namespace Dnscert.IntegrationTests.Traffic;

/// <summary>
/// Real authoritative servers sending dnstap to dnscert's listener on a unix socket: Knot (mod-dnstap) on
/// 127.74.0.1:53 and BIND (<c>dnstap { auth; }</c>, <c>dnstap-output unix</c>) on 127.74.0.2:53, both serving one zone
/// on loopback. kdig sends a known mix of queries over UDP and TCP, and the listener must see exactly those queries
/// and their responses, counted by QTYPE, RCODE and transport. A server built without dnstap skips on a laptop and
/// fails on CI.
/// </summary>
public sealed class NameServerDnstapTests
{
    private static readonly string Zone = DnstapQueryMix.Zone("127.74.0.1", "dnstap test");

    [Fact]
    public async Task Dnscert_receives_exactly_the_queries_and_responses_knot_answered()
    {
        TestEnvironment.RequireTools("knotd", "kdig");
        // Debian ships mod-dnstap as its own package (knot-module-dnstap), loaded from the module directory.
        RequireDnstap("knotd", Directory.EnumerateDirectories("/usr/lib").Select(d => Path.Combine(d, "knot")).Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateFiles(d, "dnstap.so", SearchOption.AllDirectories)).Any(), "no knot/modules-*/dnstap.so (apt-get install knot-module-dnstap)");
        const string address = "127.74.0.1";
        await RunAsync(address, "knot", (directory, socket) =>
        {
            var config = Path.Combine(directory, "knot.conf");
            File.WriteAllText(config, $"""
                server:
                    listen: {address}@53
                    rundir: "{directory}"
                    identity: "knot-under-test"
                control:
                    listen: "{directory}/knot.sock"
                log:
                  - target: stderr
                    any: info
                database:
                    storage: "{directory}"
                mod-dnstap:
                  - id: tap
                    sink: "unix:{socket}"
                    identity: "knot-under-test"
                    log-queries: on
                    log-responses: on
                template:
                  - id: default
                    storage: "{directory}"
                    global-module: mod-dnstap/tap
                zone:
                  - domain: dnstap.test
                    file: "{directory}/dnstap.test.zone"
                """);
            return new ProcessStartInfo(TestEnvironment.FindTool("knotd")!, ["-c", config]);
        });
    }

    [Fact]
    public async Task Dnscert_receives_exactly_the_queries_and_responses_bind_answered()
    {
        TestEnvironment.RequireTools("named", "kdig");
        var version = await ProcessRunner.RunAsync(TestEnvironment.FindTool("named")!, ["-V"], TimeSpan.FromSeconds(10));
        RequireDnstap("named", version.Output.Contains("--enable-dnstap", StringComparison.Ordinal), "no --enable-dnstap in `named -V`");
        // BIND listens only on addresses an interface carries: the address goes on lo as a /32 for the test, as the lab does.
        TestEnvironment.RequireRoot();
        const string address = "127.74.0.2";
        var added = await LoopbackAddresses.EnsureAsync([IPAddress.Parse(address)], TestContext.Current.CancellationToken);
        try
        {
            await RunBindAsync(address);
        }
        finally
        {
            Assert.Empty(await LoopbackAddresses.RemoveAsync(added, CancellationToken.None));
        }
    }

    private static async Task RunBindAsync(string address)
    {
        await RunAsync(address, "bind", (directory, socket) =>
        {
            var config = Path.Combine(directory, "named.conf");
            File.WriteAllText(config, $$"""
                options {
                    directory "{{directory}}";
                    pid-file "{{directory}}/named.pid";
                    session-keyfile "{{directory}}/session.key";
                    managed-keys-directory "{{directory}}";
                    listen-on port 53 { {{address}}; };
                    listen-on-v6 { none; };
                    recursion no;
                    dnssec-validation no;
                    dnstap { auth; };
                    dnstap-output unix "{{socket}}";
                    dnstap-identity "bind-under-test";
                };
                controls { };
                zone "dnstap.test" { type primary; file "{{directory}}/dnstap.test.zone"; };
                """);
            return new ProcessStartInfo(TestEnvironment.FindTool("named")!, ["-g", "-n", "1", "-c", config]);
        });
    }

    /// <summary>Starts the server, asks the fixed mix of questions and checks what the dnstap listener received.</summary>
    private static async Task RunAsync(string address, string name, Func<string, string, ProcessStartInfo> configure)
    {
        var ct = TestContext.Current.CancellationToken;
        var directory = Directory.CreateTempSubdirectory($"dnscert-{name}-dnstap-");
        var socketPath = Path.Combine(directory.FullName, "dnstap.sock");
        await File.WriteAllTextAsync(Path.Combine(directory.FullName, "dnstap.test.zone"), Zone.ReplaceLineEndings("\n") + "\n", ct);
        var start = configure(directory.FullName, socketPath);
        start.RedirectStandardError = true;
        start.RedirectStandardOutput = true;

        await using var listener = DnstapListener.Bind("unix:" + socketPath);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var accept = listener.AcceptAsync(cts.Token);
        var seen = new List<Seen>();
        var consume = listener.ConsumeAsync(t =>
        {
            lock (seen)
            {
                seen.Add(new Seen(t.Message.IsResponse, t.Message.Questions[0].Name.ToString(), t.Message.Questions[0].Type.ToString(), t.Message.ResponseCode.ToString(), t.Transport, t.Server.ToString()));
            }
        }, cts.Token);

        using var server = Process.Start(start)!;
        var log = new System.Text.StringBuilder();
        server.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        server.OutputDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        server.BeginErrorReadLine();
        server.BeginOutputReadLine();
        try
        {
            // Warm-up until the server answers and its dnstap connection delivers; those messages are left out below.
            await WaitForAsync(async () => (await DnstapQueryMix.Kdig(address, "ns.dnstap.test", "A")).Output.Contains("127.74.0.1", StringComparison.Ordinal), () => Log(log), ct);
            await WaitForAsync(() => Task.FromResult(listener.Received > 0), () => Log(log), ct);

            await DnstapQueryMix.SendAsync(address, "dnstap test");

            const int expected = 2 * 12;
            await WaitForAsync(() => Task.FromResult(Measured(seen).Count >= expected), () => Log(log) + $"\nreceived: {string.Join("; ", Measured(seen))}", ct);
            await Task.Delay(500, ct);
            var measured = Measured(seen);

            Assert.Equal(expected, measured.Count);
            var queries = measured.Where(s => !s.Response).ToList();
            var responses = measured.Where(s => s.Response).ToList();
            Assert.Equal(["A=6", "AAAA=3", "MX=2", "TXT=1"], Counts(queries, s => s.Type));
            Assert.Equal(["A=6", "AAAA=3", "MX=2", "TXT=1"], Counts(responses, s => s.Type));
            Assert.Equal(["NXDomain=1", "NoError=10", "Refused=1"], Counts(responses, s => s.Rcode));
            Assert.Equal(["Tcp=2", "Udp=22"], Counts(measured, s => s.Transport.ToString()));
            Assert.All(measured, s => Assert.Equal(address, s.Server));
            Assert.Equal(0, listener.Dropped);
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync(CancellationToken.None);
            await cts.CancelAsync();
            await accept;
            await consume;
            directory.Delete(recursive: true);
        }
    }

    private static List<Seen> Measured(List<Seen> seen)
    {
        lock (seen)
        {
            return [.. seen.Where(s => s.Name != "ns.dnstap.test.")];
        }
    }

    private static string[] Counts(IEnumerable<Seen> seen, Func<Seen, string> key) =>
        [.. seen.GroupBy(key).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}={g.Count()}")];

    private static string Log(System.Text.StringBuilder log)
    {
        lock (log)
        {
            return log.ToString();
        }
    }

    /// <summary>Skips (laptop) or fails (CI) when the server lacks dnstap support.</summary>
    private static void RequireDnstap(string tool, bool supported, string why)
    {
        if (supported)
        {
            return;
        }

        var message = $"{tool} has no dnstap support: {why}";
        if (TestEnvironment.IsCi)
        {
            Assert.Fail(message);
        }

        Assert.Skip(message);
    }

    /// <summary>
    /// Asks without RD, as a resolver asks an authoritative server: BIND 9.18 files a response to an RD query under
    /// CLIENT_RESPONSE even with recursion off, so <c>dnstap { auth; }</c> would show the query and not its response.
    /// </summary>

    private static async Task WaitForAsync(Func<Task<bool>> condition, Func<string> log, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(30), "the server did not answer or send dnstap within 30 s:\n" + log());
            await Task.Delay(100, cancellationToken);
        }
    }

    private sealed record Seen(bool Response, string Name, string Type, string Rcode, TrafficTransport Transport, string Server);
}
