extern alias traffictool;

using Dnscert.Cli;
using Dnscert.Traffic.Generator;
using TrafficToolApp = traffictool::Dnscert.TrafficTool.TrafficToolApp;

namespace Dnscert.UnitTests.Cli;

/// <summary>
/// <c>dnscert-traffic</c> (the native executable the traffic benchmark measures) must print exactly what
/// <c>dnscert traffic</c> prints for the same capture: it is the same command without <c>--store</c>.
/// </summary>
public sealed class TrafficToolTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("dnscert-traffic-tool-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static async Task<(int Code, string Output, string Error)> RunDnscert(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await DnscertApp.RunAsync(["traffic", .. args], output, error, TestContext.Current.CancellationToken);
        return (code, output.ToString(), error.ToString());
    }

    private static async Task<(int Code, string Output, string Error)> RunTool(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await TrafficToolApp.RunAsync(args, output, error, TestContext.Current.CancellationToken);
        return (code, output.ToString(), error.ToString());
    }

    [Theory]
    [InlineData("--json")]
    [InlineData("--bucket", "10s")]
    [InlineData("--json", "--window", "5s", "--ports", "53,5353")]
    public async Task Analyze_prints_what_dnscert_traffic_analyze_prints_for_the_benchmark_mix(params string[] options)
    {
        var path = Path.Combine(_directory, "bench.pcap");
        var synthesize = await RunTool("synthesize", path, "--packets", "20000");
        Assert.True(synthesize.Code == 0, synthesize.Error);

        var tool = await RunTool(["analyze", path, .. options]);
        var dnscert = await RunDnscert(["analyze", path, .. options]);
        Assert.Equal(0, tool.Code);
        Assert.Equal(dnscert.Code, tool.Code);
        Assert.Equal(dnscert.Output, tool.Output);
        Assert.Contains("20", tool.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Analyze_finds_the_same_attacks_as_dnscert_in_generated_traffic(int seed)
    {
        var ct = TestContext.Current.CancellationToken;
        var path = Path.Combine(_directory, $"attacks-{seed}.pcap");
        var script = TrafficGenerator.Build(seed, new DateTimeOffset(2026, 11, 29, 0, 0, 0, TimeSpan.Zero), TimeSpan.FromMinutes(3), ["query-flood", "random-subdomain", "amplification", "dga"]);
        await using (var file = File.Create(path))
        {
            await TrafficGenerator.WriteAsync(script, TrafficGeneratorFormat.Pcap, file, ct);
        }

        var tool = await RunTool("analyze", path, "--json");
        var dnscert = await RunDnscert("analyze", path, "--json");
        Assert.Equal(0, tool.Code);
        Assert.Equal(dnscert.Output, tool.Output);
        Assert.Contains("\"detector\"", tool.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_capture_is_a_one_line_user_error_as_in_dnscert()
    {
        var missing = Path.Combine(_directory, "missing.pcap");
        var tool = await RunTool("analyze", missing);
        var dnscert = await RunDnscert("analyze", missing);
        Assert.Equal(DnscertApp.UserErrorExitCode, tool.Code);
        Assert.Equal(dnscert.Code, tool.Code);
        Assert.Equal(dnscert.Error.Replace("dnscert:", "dnscert-traffic:", StringComparison.Ordinal), tool.Error);
    }

    [Fact]
    public async Task Analyze_has_no_store_option_and_says_so()
    {
        var path = Path.Combine(_directory, "bench.pcap");
        await RunTool("synthesize", path, "--packets", "10");
        var tool = await RunTool("analyze", path, "--store");
        Assert.NotEqual(0, tool.Code);
        Assert.Contains("--store", tool.Output + tool.Error, StringComparison.Ordinal);
    }
}
