using Dnscert.Cli;

namespace Dnscert.UnitTests.Cli;

public sealed class CommandLineTests
{
    private static Task<(int Code, string Out, string Err)> Run(params string[] args) => InProcessCli.Run(args);

    [Fact]
    public async Task Help_lists_the_global_options_and_the_lab_command()
    {
        var (code, output, _) = await Run("--help");
        Assert.Equal(0, code);
        foreach (var expected in new[] { "--config", "--verbose", "--json", "--lang", "--version", "lab" })
        {
            Assert.Contains(expected, output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Version_prints_the_version()
    {
        var (code, output, _) = await Run("--version");
        Assert.Equal(0, code);
        Assert.StartsWith("0.", output.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_command_fails_with_a_non_zero_exit_code()
    {
        var (code, _, error) = await Run("frobnicate");
        Assert.NotEqual(0, code);
        Assert.Contains("frobnicate", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_user_error_is_one_line_without_a_stack_trace()
    {
        var missing = Path.Combine(Path.GetTempPath(), "dnscert-no-such-folder-" + Guid.NewGuid().ToString("N"));
        var (code, _, error) = await Run("lab", "list", "--scenarios", missing);
        Assert.Equal(DnscertApp.UserErrorExitCode, code);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.Contains(missing, lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verbose_adds_the_stack_trace_to_an_error()
    {
        var missing = Path.Combine(Path.GetTempPath(), "dnscert-no-such-folder-" + Guid.NewGuid().ToString("N"));
        var (code, _, error) = await Run("lab", "list", "--scenarios", missing, "--verbose");
        Assert.Equal(DnscertApp.UserErrorExitCode, code);
        Assert.Contains("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unsupported_language_is_refused()
    {
        var (code, _, error) = await Run("lab", "list", "--lang", "xx");
        Assert.NotEqual(0, code);
        Assert.Contains("xx", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("30ms", 30)]
    [InlineData("0.1s", 100)]
    [InlineData("250", 250)]
    public void Rtt_accepts_milliseconds_and_seconds(string text, int milliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), LabCommands.ParseRtt(text));

    [Theory]
    [InlineData("fast")]
    [InlineData("-5ms")]
    [InlineData("11s")]
    public void Rtt_refuses_nonsense(string text) =>
        Assert.Throws<Core.DnscertException>(() => LabCommands.ParseRtt(text));
}

public sealed class ConfigurationFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dnscert-config-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Task<(int Code, string Out, string Err)> Run(params string[] args) => InProcessCli.Run(args);

    [Fact]
    public async Task A_missing_configuration_file_is_a_one_line_error()
    {
        var (code, _, error) = await Run("lab", "list", "--config", Path.Combine(_dir, "nope.json"));
        Assert.Equal(DnscertApp.UserErrorExitCode, code);
        Assert.Contains("nope.json", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_scenario_folder_can_come_from_the_configuration_file()
    {
        var scenarios = Path.Combine(_dir, "empty-scenarios");
        Directory.CreateDirectory(scenarios);
        var config = Path.Combine(_dir, "dnscert.json");
        await File.WriteAllTextAsync(config, $$"""{ "Dnscert": { "Lab": { "Scenarios": "{{scenarios}}" } } }""", TestContext.Current.CancellationToken);
        var (code, output, error) = await Run("lab", "list", "--config", config);
        Assert.True(code == 0, error);
        Assert.Equal(string.Empty, output);
    }

    [Fact]
    public async Task An_unknown_setting_is_refused_by_name()
    {
        var config = Path.Combine(_dir, "typo.json");
        await File.WriteAllTextAsync(config, """{ "Dnscert": { "Lab": { "Scenaros": "/x" } } }""", TestContext.Current.CancellationToken);
        var (code, _, error) = await Run("lab", "list", "--config", config);
        Assert.Equal(DnscertApp.UserErrorExitCode, code);
        Assert.Contains("Scenaros", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Broken_JSON_in_the_configuration_file_is_a_one_line_error()
    {
        var config = Path.Combine(_dir, "broken.json");
        await File.WriteAllTextAsync(config, "{ \"Dnscert\": ", TestContext.Current.CancellationToken);
        var (code, _, error) = await Run("lab", "list", "--config", config);
        Assert.Equal(DnscertApp.UserErrorExitCode, code);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}

/// <summary>Runs the dnscert command tree in this process and captures what it writes.</summary>
internal static class InProcessCli
{
    public static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await DnscertApp.RunAsync(args, output, error, TestContext.Current.CancellationToken);
        return (code, output.ToString(), error.ToString());
    }
}
