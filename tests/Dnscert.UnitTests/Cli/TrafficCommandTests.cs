using System.Text.Json;
using Dnscert.Dns;
using Dnscert.Cli;
using Dnscert.Dns.Wire;
using Dnscert.Traffic.Decode;
using Dnscert.Traffic.Writers;
using Dnscert.UnitTests.Traffic;

namespace Dnscert.UnitTests.Cli;

public sealed class TrafficCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("dnscert-traffic-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static async Task<(int Code, string Output, string Error)> Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await DnscertApp.RunAsync(args, output, error, TestContext.Current.CancellationToken);
        return (code, output.ToString(), error.ToString());
    }

    private string WriteCapture()
    {
        var path = Path.Combine(_directory, "two.pcap");
        File.WriteAllBytes(path, TrafficTestData.Pcap(LinkType.Ethernet, [
            PacketBuilder.UdpFrame(LinkType.Ethernet, TrafficTestData.Client4, 1, TrafficTestData.Server4, 53, TrafficTestData.Query("a.example.", RRType.MX)),
            PacketBuilder.UdpFrame(LinkType.Ethernet, TrafficTestData.Server4, 53, TrafficTestData.Client4, 1, TrafficTestData.Response("a.example.", RRType.MX, DnsResponseCode.Refused)),
            PacketBuilder.UdpFrame(LinkType.Ethernet, TrafficTestData.Client4, 1, TrafficTestData.Server4, 53, "junk"u8),
        ]));
        return path;
    }

    [Theory]
    [InlineData("traffic", "--help")]
    [InlineData("traffic", "analyze", "--help")]
    [InlineData("traffic", "analyze")]
    [InlineData("traffic", "analyze", "x.pcap", "--bucket")]
    [InlineData("traffic", "nonsense")]
    public async Task The_traffic_only_root_answers_as_the_full_command_tree_does(params string[] args)
    {
        // `dnscert traffic ...` builds only the traffic commands (start-up); help, usage and parse errors must not change.
        async Task<(int, string, string[])> Invoke(Func<CliContext, System.CommandLine.RootCommand> build)
        {
            using var output = new StringWriter();
            using var error = new StringWriter();
            var parse = build(new CliContext(output, error, TimeProvider.System)).Parse(args);
            var code = await parse.InvokeAsync(new System.CommandLine.InvocationConfiguration { Output = output, Error = error }, TestContext.Current.CancellationToken);
            return (code, output.ToString() + error.ToString(), [.. parse.Errors.Select(e => e.Message)]);
        }

        var full = await Invoke(DnscertApp.BuildRootCommand);
        var traffic = await Invoke(DnscertApp.BuildTrafficRootCommand);
        Assert.Equal(full.Item1, traffic.Item1);
        Assert.Equal(full.Item2, traffic.Item2);
        Assert.Equal(full.Item3, traffic.Item3);
        Assert.NotEmpty(full.Item2);
    }

    [Fact]
    public async Task Analyze_reads_a_dnstap_file_and_stores_it_and_its_observations_under_the_tlp_given()
    {
        var ct = TestContext.Current.CancellationToken;
        var path = Path.Combine(_directory, "attacks.dnstap");
        var script = Dnscert.Traffic.Generator.TrafficGenerator.Build(7, new DateTimeOffset(2026, 11, 29, 0, 0, 0, TimeSpan.Zero), TimeSpan.FromMinutes(4), ["amplification", "dga"]);
        int messages;
        await using (var file = File.Create(path))
        {
            messages = await Dnscert.Traffic.Generator.TrafficGenerator.WriteAsync(script, Dnscert.Traffic.Generator.TrafficGeneratorFormat.Dnstap, file, ct);
        }

        var data = Path.Combine(_directory, "store");
        var (code, output, error) = await Run("traffic", "analyze", path, "--json", "--store", "--data", data, "--tlp", "GREEN");
        Assert.True(code == 0, error);
        var report = JsonDocument.Parse(output).RootElement;
        Assert.Equal(messages, report.GetProperty("read").GetProperty("messages").GetInt64());
        Assert.Contains("dga", report.GetProperty("detections").EnumerateArray().Select(d => d.GetProperty("detector").GetString()));
        Assert.Contains("TLP:GREEN", error, StringComparison.Ordinal);

        await using var store = await Dnscert.Store.StoreFactory.OpenAsync(new Dnscert.Store.StoreOptions { DataDirectory = data }, cancellationToken: ct);
        var capture = Assert.Single(await store.Traffic.ListAsync(Dnscert.Core.Store.Viewer.System, 10, ct));
        Assert.Equal(Dnscert.Core.Store.Tlp.Green, capture.Tlp);
        Assert.Equal(messages, capture.Summary.Messages);
        var observations = await store.Observations.ListAsync(new Dnscert.Core.Store.ObservationQuery(Dnscert.Core.Store.ObservationState.Open, null, null, null), null, 100, ct);
        Assert.NotEmpty(observations.Items);
        Assert.All(observations.Items, o => Assert.Equal(Dnscert.Core.Store.Tlp.Green, o.Tlp));
    }

    [Theory]
    [InlineData("red", "--tlp red needs --person")]
    [InlineData("white", "'white' is not a TLP marking")]
    public async Task A_stored_traffic_marking_that_nobody_could_read_or_that_is_not_TLP_2_is_refused(string tlp, string expected)
    {
        var (code, _, error) = await Run("traffic", "analyze", WriteCapture(), "--store", "--data", Path.Combine(_directory, "store"), "--tlp", tlp);
        Assert.NotEqual(0, code);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_directory, "store")), "refused before the store is opened: nothing stored");
    }

    [Fact]
    public async Task Sharing_stored_traffic_with_an_organisation_the_directory_does_not_know_is_refused()
    {
        var (code, _, error) = await Run("traffic", "analyze", WriteCapture(), "--store", "--data", Path.Combine(_directory, "store"), "--tlp", "amber+strict", "--to", "no-such-registry");
        Assert.NotEqual(0, code);
        Assert.Contains("there is no stakeholder 'no-such-registry'", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analyze_finds_short_attacks_in_a_few_minutes_of_generated_traffic_with_the_detectors_own_windows()
    {
        // Four minutes with a short amplification and a DGA burst: one-minute statistics buckets must not become
        // one-minute detection windows, whose averages would hide a 15-second attack.
        var ct = TestContext.Current.CancellationToken;
        var path = Path.Combine(_directory, "attacks.pcap");
        var script = Dnscert.Traffic.Generator.TrafficGenerator.Build(7, new DateTimeOffset(2026, 11, 29, 0, 0, 0, TimeSpan.Zero), TimeSpan.FromMinutes(4), ["amplification", "dga"]);
        await using (var file = File.Create(path))
        {
            await Dnscert.Traffic.Generator.TrafficGenerator.WriteAsync(script, Dnscert.Traffic.Generator.TrafficGeneratorFormat.Pcap, file, ct);
        }

        var data = Path.Combine(_directory, "store");
        var (code, output, error) = await Run("traffic", "analyze", path, "--json", "--store", "--data", data);
        Assert.Equal(0, code);
        var detectors = JsonDocument.Parse(output).RootElement.GetProperty("detections").EnumerateArray()
            .Select(d => d.GetProperty("detector").GetString()).ToHashSet();
        Assert.Contains("amplification", detectors);
        Assert.Contains("dga", detectors);

        // --store: the detections are observations of the monitoring store, like the checks' findings.
        Assert.Contains("as observations in", error, StringComparison.Ordinal);
        await using var store = await Dnscert.Store.StoreFactory.OpenAsync(new Dnscert.Store.StoreOptions { DataDirectory = data }, cancellationToken: ct);
        var stored = await store.Observations.ListAsync(new Dnscert.Core.Store.ObservationQuery(Dnscert.Core.Store.ObservationState.Open, "attack.amplification", null, null), null, 10, ct);
        Assert.NotEmpty(stored.Items);
    }

    [Fact]
    public async Task Analyze_prints_a_summary_with_rcodes_qtypes_and_malformed_counts()
    {
        var (code, output, _) = await Run("traffic", "analyze", WriteCapture());

        Assert.Equal(0, code);
        Assert.Contains("Queries: 1  Responses: 1", output, StringComparison.Ordinal);
        Assert.Contains("RCODEs: REFUSED=1", output, StringComparison.Ordinal);
        Assert.Contains("QTYPEs (queries): MX=1", output, StringComparison.Ordinal);
        Assert.Contains("DnsMessageInvalid", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analyze_json_and_csv_carry_the_same_counts()
    {
        var csv = Path.Combine(_directory, "csv");
        var (code, output, _) = await Run("traffic", "analyze", WriteCapture(), "--json", "--csv", csv, "--bucket", "30s");

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        var totals = json.RootElement.GetProperty("totals");
        Assert.Equal(2, totals.GetProperty("messages").GetInt64());
        Assert.Equal("REFUSED", totals.GetProperty("rcodes")[0].GetProperty("name").GetString());
        Assert.Equal(1, json.RootElement.GetProperty("malformed").GetProperty("dnsMessageInvalid").GetInt64());
        Assert.Equal("00:00:30", json.RootElement.GetProperty("bucketWidth").GetString());
        Assert.Contains("2026-03-01T12:00:00Z,15,MX,1", File.ReadAllText(Path.Combine(csv, "qtypes.csv")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analyze_names_the_file_and_offset_of_an_unreadable_capture()
    {
        var path = Path.Combine(_directory, "text.pcap");
        await File.WriteAllTextAsync(path, "definitely not a capture", TestContext.Current.CancellationToken);

        var (code, _, error) = await Run("traffic", "analyze", path);

        Assert.Equal(DnscertApp.UserErrorExitCode, code);
        Assert.Contains("text.pcap: at byte 0: not a pcap or pcapng file", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("90s", 90)]
    [InlineData("1m", 60)]
    [InlineData("1h", 3600)]
    public void Bucket_widths_parse(string text, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), TrafficCommands.ParseDuration(text));
}
