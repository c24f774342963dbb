using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Dnscert.Coordination.Stakeholders;
using Dnscert.Core.Store;
using Dnscert.IntegrationTests.Infrastructure;
using Dnscert.Store;
using Dnscert.Traffic;
using Dnscert.Traffic.Dnstap;

namespace Dnscert.IntegrationTests.Traffic;

/// <summary>
/// A real Unbound sending dnstap over TCP (<c>dnstap-ip</c>, <c>dnstap-tls: no</c>, the bidirectional Frame Streams
/// handshake) to dnscert. Unbound resolves on 127.82.0.1:53 from local data and, for <c>auth.test</c>, through a stub
/// to a second Unbound on 127.82.0.2:53 that answers from its own local data, so both CLIENT_* and RESOLVER_* messages
/// flow and nothing leaves loopback (the root is refused, no forwarders, no hints used). kdig asks a fixed mix over UDP
/// and TCP; dnscert must count exactly those queries and responses by QTYPE, RCODE and transport, first in the
/// listener itself, then through <c>dnscert traffic listen --store --tlp amber+strict --to</c> into the store.
/// </summary>
public sealed class UnboundTcpDnstapTests
{
    private const string Resolver = "127.82.0.1";
    private const string Authority = "127.82.0.2";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_listener_counts_exactly_the_client_and_resolver_messages_unbound_sends_over_tcp()
    {
        TestEnvironment.RequireTools("unbound", "kdig");
        await using var listener = DnstapListener.Bind("tcp:127.82.0.10:0");
        var port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var accept = listener.AcceptAsync(cts.Token);
        var seen = new List<Seen>();
        var consume = listener.ConsumeAsync(t =>
        {
            lock (seen)
            {
                seen.Add(new Seen(t.Message.IsResponse, t.Message.Questions[0].Name.ToString(), t.Message.Questions[0].Type.ToString(), t.Message.ResponseCode.ToString(), t.Transport, t.Server.ToString()));
            }
        }, cts.Token);

        var rejectedWhileRunning = -1L;
        try
        {
            await using (var servers = await UnboundPair.StartAsync($"127.82.0.10@{port}"))
            {
                await servers.WarmUpAsync(() => listener.Received > 0);
                await AskTheMixAsync();
                await WaitForAsync(() => Measured(seen).Count >= ExpectedMessages, () => servers.Log + $"\nreceived: {string.Join("; ", Measured(seen))}");
                await Task.Delay(500, Ct);
                // While Unbound runs; killing it below breaks its connection without STOP, which counts as broken.
                rejectedWhileRunning = listener.RejectedConnections;
            }

            var measured = Measured(seen);
            Assert.Equal(ExpectedMessages, measured.Count);
            var client = measured.Where(s => s.Server == Resolver).ToList();
            var upstream = measured.Where(s => s.Server == Authority).ToList();
            Assert.Equal(ExpectedMessages, client.Count + upstream.Count);

            // What kdig asked and Unbound answered (CLIENT_QUERY / CLIENT_RESPONSE).
            Assert.Equal(["A=6", "AAAA=1", "MX=2"], Counts(client.Where(s => !s.Response), s => s.Type));
            Assert.Equal(["A=6", "AAAA=1", "MX=2"], Counts(client.Where(s => s.Response), s => s.Type));
            Assert.Equal(["NXDomain=1", "NoError=7", "Refused=1"], Counts(client.Where(s => s.Response), s => s.Rcode));
            Assert.Equal(["Tcp=4", "Udp=14"], Counts(client, s => s.Transport.ToString()));

            // What Unbound asked the stub once per name not yet cached (RESOLVER_QUERY / RESOLVER_RESPONSE).
            Assert.Equal(["A=1", "AAAA=1", "MX=1"], Counts(upstream.Where(s => !s.Response), s => s.Type));
            Assert.Equal(["NXDomain=1", "NoError=2"], Counts(upstream.Where(s => s.Response), s => s.Rcode));
            Assert.Equal(["Udp=6"], Counts(upstream, s => s.Transport.ToString()));
            Assert.Equal(0, listener.Dropped);
            Assert.Equal(0, rejectedWhileRunning);
        }
        finally
        {
            await cts.CancelAsync();
            await accept;
            await consume;
        }
    }

    [Fact]
    public async Task Traffic_listen_stores_what_unbound_sent_over_tcp_under_its_tlp_for_its_recipient_only()
    {
        TestEnvironment.RequireTools("unbound", "kdig");
        var directory = Directory.CreateTempSubdirectory("dnscert-unbound-tcp-listen-");
        var data = Path.Combine(directory.FullName, "data");
        try
        {
            // The recipient must be in the directory: --to refuses names it does not know.
            await using (var setup = await StoreFactory.OpenAsync(new StoreOptions { DataDirectory = data }, cancellationToken: Ct))
            {
                await StakeholderDirectory.ImportAsync(setup.Stakeholders, StakeholderDirectory.Sample(), Ct);
            }

            var port = FreePort(IPAddress.Parse("127.82.0.11"));
            var address = $"tcp:127.82.0.11:{port}";
            using var listen = Process.Start(new ProcessStartInfo(TestEnvironment.DnscertProgram, ["traffic", "listen", "--dnstap", address, "--store", "--data", data, "--tlp", "amber+strict", "--to", "registry-test"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            var stdout = listen.StandardOutput.ReadToEndAsync(Ct);
            var stderr = listen.StandardError.ReadToEndAsync(Ct);
            try
            {
                await WaitForAsync(() => !listen.HasExited && CanConnect(IPAddress.Parse("127.82.0.11"), port), () => "traffic listen did not open its TCP port");
                await using var servers = await UnboundPair.StartAsync($"127.82.0.11@{port}");
                // The warm-up's own messages are stored too: counted below from the same kdig runs.
                await servers.WarmUpAsync(() => true);
                await Task.Delay(TimeSpan.FromSeconds(1), Ct);
                await AskTheMixAsync();
                await Task.Delay(TimeSpan.FromSeconds(2), Ct);
                await servers.DisposeAsync();
                Assert.Equal(0, (await ProcessRunner.RunAsync("kill", ["-INT", listen.Id.ToString(CultureInfo.InvariantCulture)])).ExitCode);
                await listen.WaitForExitAsync(Ct).WaitAsync(TimeSpan.FromSeconds(60), Ct);
            }
            finally
            {
                if (!listen.HasExited)
                {
                    listen.Kill(entireProcessTree: true);
                }
            }

            Assert.True(listen.ExitCode == 0, $"exit {listen.ExitCode}\n{await stdout}\n{await stderr}");
            Assert.Contains(" 0 dropped", await stderr, StringComparison.Ordinal);
            await using var store = await StoreFactory.OpenAsync(new StoreOptions { DataDirectory = data }, cancellationToken: Ct);
            var capture = Assert.Single(await store.Traffic.ListAsync(Viewer.System, 10, Ct));
            Assert.Equal("dnstap " + address, capture.Source);
            Assert.Equal(Tlp.AmberStrict, capture.Tlp);
            var detail = (await store.Traffic.GetAsync(capture.Id, Viewer.System, Ct))!;
            Assert.Equal(["registry-test"], detail.Capture.Recipients);

            // The mix plus the warm-up (one A query for warm.local.test, answered from local data, possibly asked more than once).
            var summary = capture.Summary;
            var warmUps = summary.Queries - 9 - 3;
            Assert.InRange(warmUps, 0, 30);
            Assert.Equal(summary.Queries, summary.Responses);
            Assert.Equal(2 * (9 + 3 + warmUps), summary.Messages);
            Assert.Equal([$"A={7 + warmUps}", "AAAA=2", "MX=3"], summary.QueryTypes.Select(c => $"{c.Name}={c.Count}").Order(StringComparer.Ordinal));
            Assert.Equal(["NOERROR=" + (9 + warmUps), "NXDOMAIN=2", "REFUSED=1"], summary.ResponseCodes.Select(c => $"{c.Name}={c.Count}").Order(StringComparer.Ordinal));

            // AMBER+STRICT to registry-test: its readers see it; a reader of another organisation, even an AMBER constituent, does not.
            Assert.NotNull(await store.Traffic.GetAsync(capture.Id, Viewer.User("reg", "registry-test"), Ct));
            Assert.Null(await store.Traffic.GetAsync(capture.Id, Viewer.User("bea", "registrar-beta"), Ct));
            Assert.Empty(await store.Traffic.ListAsync(Viewer.User("hugo", "cert-hexagone"), 10, Ct));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>Client messages (9 queries, 9 responses) and resolver messages (3 and 3) of <see cref="AskTheMixAsync"/>.</summary>
    private const int ExpectedMessages = (2 * 9) + (2 * 3);

    /// <summary>
    /// www.auth.test A three times over UDP (one upstream query, then cached), mail.auth.test MX twice over TCP (one
    /// upstream), nx.auth.test AAAA once (NXDOMAIN upstream), www.local.test A twice (local data), www.elsewhere.example
    /// A once (REFUSED by the root's local zone; a name under test. would get Unbound's built-in NXDOMAIN).
    /// </summary>
    private static async Task AskTheMixAsync()
    {
        for (var i = 0; i < 3; i++)
        {
            Assert.Contains("192.0.2.81", (await Kdig("www.auth.test", "A")).Output, StringComparison.Ordinal);
        }

        for (var i = 0; i < 2; i++)
        {
            Assert.Contains("mx.auth.test", (await Kdig("mail.auth.test", "MX", "+tcp")).Output, StringComparison.Ordinal);
        }

        Assert.Contains("NXDOMAIN", (await Kdig("nx.auth.test", "AAAA")).Output, StringComparison.Ordinal);
        for (var i = 0; i < 2; i++)
        {
            Assert.Contains("192.0.2.80", (await Kdig("www.local.test", "A")).Output, StringComparison.Ordinal);
        }

        Assert.Contains("REFUSED", (await Kdig("www.elsewhere.example", "A")).Output, StringComparison.Ordinal);
    }

    private static Task<ProcessOutput> Kdig(string name, string type, string transport = "+notcp") =>
        ProcessRunner.RunAsync("kdig", [$"@{Resolver}", name, type, transport, "+retry=0", "+timeout=2"], TimeSpan.FromSeconds(10));

    private static List<Seen> Measured(List<Seen> seen)
    {
        lock (seen)
        {
            return [.. seen.Where(s => s.Name != "warm.local.test.")];
        }
    }

    private static string[] Counts(IEnumerable<Seen> seen, Func<Seen, string> key) =>
        [.. seen.GroupBy(key).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}={g.Count()}")];

    private static int FreePort(IPAddress address)
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(address, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    private static bool CanConnect(IPAddress address, int port)
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            probe.Connect(new IPEndPoint(address, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static async Task WaitForAsync(Func<bool> condition, Func<string> log)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(30), "nothing within 30 s:\n" + log());
            await Task.Delay(100, Ct);
        }
    }

    private sealed record Seen(bool Response, string Name, string Type, string Rcode, TrafficTransport Transport, string Server);

    /// <summary>The resolving Unbound (dnstap over TCP to <c>dnstapIp</c>) and the authoritative one it stubs to.</summary>
    private sealed class UnboundPair : IAsyncDisposable
    {
        private readonly DirectoryInfo _directory;
        private readonly List<Process> _processes = [];
        private readonly System.Text.StringBuilder _log = new();
        private bool _disposed;

        private UnboundPair(DirectoryInfo directory) => _directory = directory;

        public string Log
        {
            get
            {
                lock (_log)
                {
                    return _log.ToString();
                }
            }
        }

        public static async Task<UnboundPair> StartAsync(string dnstapIp)
        {
            var pair = new UnboundPair(Directory.CreateTempSubdirectory("dnscert-unbound-tcp-"));
            var dir = pair._directory.FullName;
            await File.WriteAllTextAsync(Path.Combine(dir, "auth.conf"), $"""
                server:
                  interface: {Authority}
                  port: 53
                  do-daemonize: no
                  username: ""
                  chroot: ""
                  directory: "{dir}"
                  pidfile: "{dir}/auth.pid"
                  use-syslog: no
                  logfile: ""
                  access-control: 127.0.0.0/8 allow
                  module-config: "iterator"
                  do-ip6: no
                  local-zone: "." refuse
                  local-zone: "auth.test." static
                  local-data: "auth.test. 300 IN SOA ns.auth.test. hostmaster.auth.test. 1 3600 900 604800 300"
                  local-data: "www.auth.test. 300 IN A 192.0.2.81"
                  local-data: "mail.auth.test. 300 IN MX 10 mx.auth.test."
                remote-control:
                  control-enable: no
                """, Ct);
            await File.WriteAllTextAsync(Path.Combine(dir, "resolver.conf"), $"""
                server:
                  interface: {Resolver}
                  port: 53
                  do-daemonize: no
                  username: ""
                  chroot: ""
                  directory: "{dir}"
                  pidfile: "{dir}/resolver.pid"
                  use-syslog: no
                  logfile: ""
                  verbosity: 1
                  access-control: 127.0.0.0/8 allow
                  module-config: "iterator"
                  do-ip6: no
                  do-not-query-localhost: no
                  qname-minimisation: no
                  local-zone: "." refuse
                  local-zone: "local.test." static
                  local-data: "www.local.test. 300 IN A 192.0.2.80"
                  local-data: "warm.local.test. 300 IN A 192.0.2.1"
                  local-zone: "auth.test." transparent
                stub-zone:
                  name: "auth.test."
                  stub-addr: {Authority}@53
                  stub-prime: no
                remote-control:
                  control-enable: no
                dnstap:
                  dnstap-enable: yes
                  dnstap-bidirectional: yes
                  dnstap-ip: "{dnstapIp}"
                  dnstap-tls: no
                  dnstap-send-identity: yes
                  dnstap-identity: "unbound-over-tcp"
                  dnstap-log-client-query-messages: yes
                  dnstap-log-client-response-messages: yes
                  dnstap-log-resolver-query-messages: yes
                  dnstap-log-resolver-response-messages: yes
                """, Ct);
            pair.Start(Path.Combine(dir, "auth.conf"));
            pair.Start(Path.Combine(dir, "resolver.conf"));
            return pair;
        }

        /// <summary>Asks warm.local.test until Unbound answers and <paramref name="delivered"/> says its dnstap arrived.</summary>
        public async Task WarmUpAsync(Func<bool> delivered)
        {
            var deadline = Stopwatch.StartNew();
            while (!(await ProcessRunner.RunAsync("kdig", [$"@{Resolver}", "warm.local.test", "A", "+retry=0", "+timeout=1"], TimeSpan.FromSeconds(10))).Output.Contains("192.0.2.1", StringComparison.Ordinal)
                || !delivered())
            {
                Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(30), "Unbound did not answer or deliver dnstap within 30 s:\n" + Log);
                await Task.Delay(200, Ct);
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            foreach (var process in _processes)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None);
                process.Dispose();
            }

            _directory.Delete(recursive: true);
        }

        private void Start(string config)
        {
            var process = Process.Start(new ProcessStartInfo(TestEnvironment.FindTool("unbound")!, ["-d", "-c", config])
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            })!;
            process.ErrorDataReceived += (_, e) => { lock (_log) { _log.AppendLine(e.Data); } };
            process.OutputDataReceived += (_, e) => { lock (_log) { _log.AppendLine(e.Data); } };
            process.BeginErrorReadLine();
            process.BeginOutputReadLine();
            _processes.Add(process);
        }
    }
}
