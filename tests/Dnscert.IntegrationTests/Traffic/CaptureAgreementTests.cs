using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Dnscert.IntegrationTests.Infrastructure;

namespace Dnscert.IntegrationTests.Traffic;

/// <summary>
/// A real NSD on 127.61.0.1:53 answers kdig over UDP and TCP while tcpdump captures the loopback; dnscert's
/// per-qtype and per-rcode counts of that capture must equal what tshark extracts from the same file.
/// </summary>
public sealed class CaptureAgreementTests : IAsyncLifetime
{
    private const string Server = "127.61.0.1";
    private readonly string _directory = Directory.CreateTempSubdirectory("dnscert-capture-").FullName;
    private Process? _nsd;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_nsd is { HasExited: false })
        {
            _nsd.Kill();
            await _nsd.WaitForExitAsync();
        }

        _nsd?.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Qtype_and_rcode_counts_equal_tsharks_on_a_live_capture()
    {
        TestEnvironment.RequireTools("nsd", "kdig", "tcpdump", "tshark");
        TestEnvironment.RequireRoot();
        await StartNsdAsync();
        var capture = Path.Combine(_directory, "live.pcap");

        using (var tcpdump = StartTcpdump(capture))
        {
            await WaitForFileAsync(capture);
            await Task.Delay(500, TestContext.Current.CancellationToken);
            // UDP: several qtypes, an NXDOMAIN, a REFUSED (zone not served), a truncated answer that kdig retries
            // over TCP; TCP: several queries on one connection.
            await KdigAsync("www.example.test", "A", "www.example.test", "AAAA", "example.test", "MX", "example.test", "SOA", "nope.example.test", "A", "other.invalid", "NS");
            await KdigAsync("+bufsize=512", "big.example.test", "TXT");
            await KdigAsync("+tcp", "+keepopen", "www.example.test", "A", "example.test", "NS", "nope.example.test", "TXT");
            await Task.Delay(1000, TestContext.Current.CancellationToken);
            await ProcessRunner.RunAsync("kill", ["-INT", tcpdump.Id.ToString(CultureInfo.InvariantCulture)]);
            await tcpdump.WaitForExitAsync(TestContext.Current.CancellationToken);
        }

        var analysis = await ProcessRunner.DnscertAsync("traffic", "analyze", "--json", capture);
        Assert.True(analysis.ExitCode == 0, analysis.ToString());
        using var json = JsonDocument.Parse(analysis.Output);
        var totals = json.RootElement.GetProperty("totals");
        var mineQtypes = totals.GetProperty("qtypes").EnumerateArray().ToDictionary(e => e.GetProperty("code").GetInt32(), e => e.GetProperty("count").GetInt64());
        var mineRcodes = totals.GetProperty("rcodes").EnumerateArray().ToDictionary(e => e.GetProperty("code").GetInt32(), e => e.GetProperty("count").GetInt64());
        var transports = totals.GetProperty("transports");

        var (tsharkQtypes, tsharkRcodes, tsharkMessages) = await TsharkCountsAsync(capture);

        Assert.Equal(tsharkMessages, totals.GetProperty("messages").GetInt64());
        Assert.Equal(tsharkQtypes.OrderBy(p => p.Key), mineQtypes.OrderBy(p => p.Key));
        Assert.Equal(tsharkRcodes.OrderBy(p => p.Key), mineRcodes.OrderBy(p => p.Key));
        Assert.Equal(0, json.RootElement.GetProperty("malformed").GetProperty("total").GetInt64());
        // The capture really exercised both transports and several outcomes.
        Assert.True(transports.GetProperty("udp").GetInt64() >= 14, analysis.Output);
        Assert.True(transports.GetProperty("tcp").GetInt64() >= 6, analysis.Output);
        Assert.True(mineRcodes.ContainsKey(3) && mineRcodes.ContainsKey(5) && mineRcodes.ContainsKey(0), analysis.Output);
        Assert.True(totals.GetProperty("truncated").GetInt64() >= 1, analysis.Output);
    }

    private static async Task<(Dictionary<int, long> Qtypes, Dictionary<int, long> Rcodes, long Messages)> TsharkCountsAsync(string capture)
    {
        var output = await ProcessRunner.RunAsync("tshark", ["-n", "-r", capture, "-Y", "dns", "-T", "fields", "-E", "occurrence=a", "-E", "separator=\t", "-e", "dns.flags.response", "-e", "dns.qry.type", "-e", "dns.flags.rcode"]);
        Assert.True(output.ExitCode == 0, output.ToString());
        var qtypes = new Dictionary<int, long>();
        var rcodes = new Dictionary<int, long>();
        long messages = 0;
        foreach (var line in output.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split('\t');
            var flags = fields[0].Split(',', StringSplitOptions.RemoveEmptyEntries);
            var types = fields.Length > 1 ? fields[1].Split(',', StringSplitOptions.RemoveEmptyEntries) : [];
            var codes = fields.Length > 2 ? fields[2].Split(',', StringSplitOptions.RemoveEmptyEntries) : [];
            messages += flags.Length;
            var responses = 0;
            for (var i = 0; i < flags.Length; i++)
            {
                var isResponse = flags[i] is "1" or "True";
                if (isResponse)
                {
                    responses++;
                }
                else if (i < types.Length)
                {
                    var type = int.Parse(types[i], CultureInfo.InvariantCulture);
                    qtypes[type] = qtypes.GetValueOrDefault(type) + 1;
                }
            }

            Assert.Equal(responses, codes.Length);
            foreach (var code in codes)
            {
                var rcode = int.Parse(code, CultureInfo.InvariantCulture);
                rcodes[rcode] = rcodes.GetValueOrDefault(rcode) + 1;
            }
        }

        return (qtypes, rcodes, messages);
    }

    private static async Task KdigAsync(params string[] query)
    {
        var output = await ProcessRunner.RunAsync("kdig", ["@" + Server, "+timeout=3", "+retry=0", .. query], TimeSpan.FromSeconds(30));
        Assert.True(output.ExitCode == 0, output.ToString());
    }

    private static Process StartTcpdump(string capture)
    {
        var start = new ProcessStartInfo("tcpdump") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { "-i", "lo", "-U", "-n", "-s", "0", "-w", capture, "host", Server })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        _ = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        return process;
    }

    private static async Task WaitForFileAsync(string path)
    {
        for (var i = 0; i < 100 && !(File.Exists(path) && new FileInfo(path).Length >= 24); i++)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.True(File.Exists(path), "tcpdump did not start capturing");
    }

    private async Task StartNsdAsync()
    {
        var zone = Path.Combine(_directory, "example.test.zone");
        var bigText = string.Join(' ', Enumerable.Range(0, 12).Select(i => $"\"{new string((char)('a' + i), 200)}\""));
        await File.WriteAllTextAsync(zone, $"""
            $ORIGIN example.test.
            $TTL 300
            @    SOA ns1 hostmaster 1 3600 900 604800 300
            @    NS  ns1
            @    MX  10 mail
            ns1  A   {Server}
            www  A   192.0.2.1
            www  AAAA 2001:db8::1
            mail A   192.0.2.2
            big  TXT {bigText}

            """, TestContext.Current.CancellationToken);
        var config = Path.Combine(_directory, "nsd.conf");
        await File.WriteAllTextAsync(config, $"""
            server:
              ip-address: {Server}
              port: 53
              do-ip6: no
              server-count: 1
              username: ""
              chroot: ""
              zonesdir: ""
              database: ""
              zonelistfile: "{_directory}/zone.list"
              xfrdfile: "{_directory}/xfrd.state"
              xfrdir: "{_directory}"
              pidfile: "{_directory}/nsd.pid"
              logfile: "{_directory}/nsd.log"
              rrl-ratelimit: 0
            remote-control:
              control-enable: no
            zone:
              name: "example.test"
              zonefile: "{zone}"

            """, TestContext.Current.CancellationToken);
        var start = new ProcessStartInfo(TestEnvironment.FindTool("nsd")!) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { "-d", "-c", config })
        {
            start.ArgumentList.Add(argument);
        }

        _nsd = Process.Start(start)!;
        _ = _nsd.StandardError.ReadToEndAsync();
        _ = _nsd.StandardOutput.ReadToEndAsync();
        for (var i = 0; i < 50; i++)
        {
            var probe = await ProcessRunner.RunAsync("kdig", ["@" + Server, "+timeout=1", "+retry=0", "+short", "example.test", "SOA"], TimeSpan.FromSeconds(10));
            if (probe.ExitCode == 0 && probe.Output.Contains("hostmaster", StringComparison.Ordinal))
            {
                return;
            }

            await Task.Delay(200, TestContext.Current.CancellationToken);
        }

        var log = File.Exists(Path.Combine(_directory, "nsd.log")) ? await File.ReadAllTextAsync(Path.Combine(_directory, "nsd.log"), TestContext.Current.CancellationToken) : "(no log)";
        Assert.Fail($"NSD did not answer on {Server}:53: {log}");
    }
}
