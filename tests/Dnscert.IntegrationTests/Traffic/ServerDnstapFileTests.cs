using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Dnscert.IntegrationTests.Infrastructure;

namespace Dnscert.IntegrationTests.Traffic;

/// <summary>
/// dnstap files written by a real name server: Knot's mod-dnstap with a file sink on 127.82.0.3:53 answers a fixed
/// mix from kdig and is stopped (SIGTERM), so its writer ends the file with STOP; <c>dnscert traffic analyze FILE</c>
/// must count exactly those queries and responses by QTYPE, RCODE and transport. The same real file cut inside a
/// frame, or after a frame without its STOP (what a killed writer leaves once its buffer was flushed), is read up
/// to the cut and reported as truncated with the byte offset, never refused and never a crash.
/// </summary>
public sealed class ServerDnstapFileTests
{
    private const string Address = "127.82.0.3";

    private static readonly string Zone = DnstapQueryMix.Zone("127.82.0.3", "dnstap file test");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Traffic_analyze_counts_exactly_what_knot_wrote_to_its_dnstap_file_and_reads_a_cut_file_up_to_the_cut()
    {
        TestEnvironment.RequireTools("knotd", "kdig");
        if (!Directory.EnumerateDirectories("/usr/lib").Select(d => Path.Combine(d, "knot")).Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateFiles(d, "dnstap.so", SearchOption.AllDirectories)).Any())
        {
            var message = "knotd has no mod-dnstap (apt-get install knot-module-dnstap)";
            if (TestEnvironment.IsCi)
            {
                Assert.Fail(message);
            }

            Assert.Skip(message);
        }

        var directory = Directory.CreateTempSubdirectory("dnscert-knot-dnstap-file-");
        try
        {
            var file = Path.Combine(directory.FullName, "knot.dnstap");
            await RunKnotAsync(directory.FullName, file);

            var complete = await AnalyzeAsync(file);
            Assert.Equal(12, complete.GetProperty("totals").GetProperty("queries").GetInt64());
            Assert.Equal(12, complete.GetProperty("totals").GetProperty("responses").GetInt64());
            Assert.Equal(["A=6", "AAAA=3", "MX=2", "TXT=1"], Codes(complete, "qtypes"));
            Assert.Equal(["NOERROR=10", "NXDOMAIN=1", "REFUSED=1"], Codes(complete, "rcodes"));
            Assert.Equal(["tcp=2", "udp=22"], complete.GetProperty("totals").GetProperty("transports").EnumerateObject().Select(p => $"{p.Name}={p.Value.GetInt64()}").Order(StringComparer.Ordinal));
            Assert.Equal(0, complete.GetProperty("malformed").GetProperty("total").GetInt64());
            Assert.False(complete.TryGetProperty("notes", out _));

            // The real file cut in the middle of its ninth data frame, as a writer killed while writing leaves it.
            var bytes = await File.ReadAllBytesAsync(file, Ct);
            var frames = DataFrameOffsets(bytes);
            Assert.Equal(24, frames.Count);
            var cutFile = Path.Combine(directory.FullName, "cut.dnstap");
            await File.WriteAllBytesAsync(cutFile, bytes.AsSpan(0, (int)frames[8] + 7).ToArray(), Ct);
            var cut = await AnalyzeAsync(cutFile);
            Assert.Equal(8, cut.GetProperty("read").GetProperty("messages").GetInt64());
            Assert.Equal(1, cut.GetProperty("malformed").GetProperty("truncatedRecord").GetInt64());
            var note = Assert.Single(cut.GetProperty("notes").EnumerateArray()).GetString();
            Assert.Contains($"at byte {frames[8]}", note, StringComparison.Ordinal);
            Assert.Contains("in the middle of a frame", note, StringComparison.Ordinal);

            // The file without its STOP frame: every frame is read, and the missing end is reported.
            var noStopFile = Path.Combine(directory.FullName, "no-stop.dnstap");
            var end = frames[^1] + 4 + BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan((int)frames[^1]));
            await File.WriteAllBytesAsync(noStopFile, bytes.AsSpan(0, (int)end).ToArray(), Ct);
            var noStop = await AnalyzeAsync(noStopFile);
            Assert.Equal(24, noStop.GetProperty("read").GetProperty("messages").GetInt64());
            Assert.Contains($"at byte {end}: the dnstap file ends without a STOP frame", Assert.Single(noStop.GetProperty("notes").EnumerateArray()).GetString(), StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Traffic_analyze_counts_exactly_what_bind_wrote_to_its_dnstap_file()
    {
        TestEnvironment.RequireTools("named", "kdig");
        var version = await ProcessRunner.RunAsync(TestEnvironment.FindTool("named")!, ["-V"], TimeSpan.FromSeconds(10));
        if (!version.Output.Contains("--enable-dnstap", StringComparison.Ordinal))
        {
            var message = "named has no dnstap support (no --enable-dnstap in `named -V`)";
            if (TestEnvironment.IsCi)
            {
                Assert.Fail(message);
            }

            Assert.Skip(message);
        }

        // BIND listens only on addresses an interface carries: the address goes on lo as a /32 for the test.
        TestEnvironment.RequireRoot();
        const string address = "127.82.0.4";
        var added = await Dnscert.Lab.Runtime.LoopbackAddresses.EnsureAsync([IPAddress.Parse(address)], Ct);
        var directory = Directory.CreateTempSubdirectory("dnscert-bind-dnstap-file-");
        try
        {
            var file = Path.Combine(directory.FullName, "bind.dnstap");
            var config = Path.Combine(directory.FullName, "named.conf");
            await File.WriteAllTextAsync(config, $$"""
                options {
                    directory "{{directory.FullName}}";
                    pid-file "{{directory.FullName}}/named.pid";
                    session-keyfile "{{directory.FullName}}/session.key";
                    managed-keys-directory "{{directory.FullName}}";
                    listen-on port 53 { {{address}}; };
                    listen-on-v6 { none; };
                    recursion no;
                    dnssec-validation no;
                    dnstap { auth; };
                    dnstap-output file "{{file}}";
                    dnstap-identity "bind-file-under-test";
                };
                controls { };
                zone "dnstap.test" { type primary; file "{{directory.FullName}}/dnstap.test.zone"; };
                """, Ct);
            await RunServerAsync(directory.FullName, file, address, new ProcessStartInfo(TestEnvironment.FindTool("named")!, ["-g", "-n", "1", "-c", config]));

            var report = await AnalyzeAsync(file);
            Assert.Equal(12, report.GetProperty("totals").GetProperty("queries").GetInt64());
            Assert.Equal(12, report.GetProperty("totals").GetProperty("responses").GetInt64());
            Assert.Equal(["A=6", "AAAA=3", "MX=2", "TXT=1"], Codes(report, "qtypes"));
            Assert.Equal(["NOERROR=10", "NXDOMAIN=1", "REFUSED=1"], Codes(report, "rcodes"));
            Assert.Equal(["tcp=2", "udp=22"], report.GetProperty("totals").GetProperty("transports").EnumerateObject().Select(p => $"{p.Name}={p.Value.GetInt64()}").Order(StringComparer.Ordinal));
            Assert.Equal(0, report.GetProperty("malformed").GetProperty("total").GetInt64());
            Assert.False(report.TryGetProperty("notes", out _));
        }
        finally
        {
            directory.Delete(recursive: true);
            Assert.Empty(await Dnscert.Lab.Runtime.LoopbackAddresses.RemoveAsync(added, CancellationToken.None));
        }
    }

    /// <summary>Starts Knot writing dnstap to <paramref name="file"/>, asks the mix, and stops it so the file is complete.</summary>
    private static async Task RunKnotAsync(string directory, string file)
    {
        var config = Path.Combine(directory, "knot.conf");
        await File.WriteAllTextAsync(config, $"""
            server:
                listen: {Address}@53
                rundir: "{directory}"
            control:
                listen: "{directory}/knot.sock"
            log:
              - target: stderr
                any: info
            database:
                storage: "{directory}"
            mod-dnstap:
              - id: tap
                sink: "{file}"
                identity: "knot-file-under-test"
                log-queries: on
                log-responses: on
            template:
              - id: default
                storage: "{directory}"
                global-module: mod-dnstap/tap
            zone:
              - domain: dnstap.test
                file: "{directory}/dnstap.test.zone"
            """, Ct);
        await RunServerAsync(directory, file, Address, new ProcessStartInfo(TestEnvironment.FindTool("knotd")!, ["-c", config]));
    }

    /// <summary>Starts the server, asks the fixed mix at <paramref name="address"/>, and stops it (SIGTERM) so its dnstap file is complete.</summary>
    private static async Task RunServerAsync(string directory, string file, string address, ProcessStartInfo start)
    {
        await File.WriteAllTextAsync(Path.Combine(directory, "dnstap.test.zone"), Zone.ReplaceLineEndings("\n") + "\n", Ct);
        start.RedirectStandardError = true;
        start.RedirectStandardOutput = true;
        using var server = Process.Start(start)!;
        var log = server.StandardError.ReadToEndAsync(Ct);
        var output = server.StandardOutput.ReadToEndAsync(Ct);
        try
        {
            // Wait for the TCP port rather than asking a question: the file must hold only the mix.
            var deadline = Stopwatch.StartNew();
            while (!CanConnect(address))
            {
                Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(30) && !server.HasExited, "the server did not start listening within 30 s");
                await Task.Delay(100, Ct);
            }

            // The TCP probe above reached Knot without a DNS message, so it left nothing in the dnstap file.
            await DnstapQueryMix.SendAsync(address, "dnstap file test");
        }
        finally
        {
            // SIGTERM: Knot shuts down its dnstap writer, which flushes and writes STOP.
            Assert.Equal(0, (await ProcessRunner.RunAsync("kill", ["-TERM", server.Id.ToString(CultureInfo.InvariantCulture)])).ExitCode);
            if (!server.WaitForExit(TimeSpan.FromSeconds(30)))
            {
                server.Kill(entireProcessTree: true);
            }

            await server.WaitForExitAsync(CancellationToken.None);
        }

        Assert.True(File.Exists(file) && new FileInfo(file).Length > 0, "the server wrote no dnstap file:\n" + await log + await output);
    }

    private static async Task<JsonElement> AnalyzeAsync(string file)
    {
        var run = await ProcessRunner.DnscertAsync("traffic", "analyze", file, "--json");
        Assert.True(run.ExitCode == 0, run.ToString());
        return JsonDocument.Parse(run.Output).RootElement.Clone();
    }

    private static string[] Codes(JsonElement report, string property) =>
        [.. report.GetProperty("totals").GetProperty(property).EnumerateArray().Select(c => $"{c.GetProperty("name").GetString()}={c.GetProperty("count").GetInt64()}").Order(StringComparer.Ordinal)];

    /// <summary>Byte offsets of the data frames of a complete Frame Streams file (a test-side walk, independent of the reader).</summary>
    private static List<long> DataFrameOffsets(byte[] bytes)
    {
        var offsets = new List<long>();
        var at = 0;
        while (at + 4 <= bytes.Length)
        {
            var length = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(at));
            if (length == 0)
            {
                at += 8 + (int)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(at + 4));
                continue;
            }

            offsets.Add(at);
            at += 4 + (int)length;
        }

        return offsets;
    }

    private static bool CanConnect(string address)
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            probe.Connect(new IPEndPoint(IPAddress.Parse(address), 53));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

}
