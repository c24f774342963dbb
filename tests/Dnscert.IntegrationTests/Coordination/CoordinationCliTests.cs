using Dnscert.IntegrationTests.Infrastructure;

namespace Dnscert.IntegrationTests.Coordination;

/// <summary>The real <c>dnscert</c> binary: directory import and export, users of organisations, incidents by hand, TLP with --as.</summary>
public sealed class CoordinationCliTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("dnscert-coord-cli-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Fact]
    public async Task Incidents_are_opened_moved_and_listed_from_the_command_line_under_TLP()
    {
        await OkAsync("stakeholder", "import", "--sample");
        var csv = await OkAsync("stakeholder", "export", "--format", "csv");
        Assert.Contains("registry-test,Test Names Registry (fictional),tld-registry,test,", csv, StringComparison.Ordinal);

        var bad = Path.Combine(_data, "bad.csv");
        await File.WriteAllTextAsync(bad, csv + "x,X,bank,,,,,,,,,,,,\n", TestContext.Current.CancellationToken);
        var refused = await RunAsync("stakeholder", "import", bad);
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains($"{bad}: line 10: type: 'bank' is not one of", refused.Error, StringComparison.Ordinal);

        var env = new Dictionary<string, string> { ["DNSCERT_PASSWORD"] = "long enough password" };
        var rita = await ProcessRunner.RunAsync(TestEnvironment.DnscertProgram, ["user", "add", "rita", "--org", "registrar-alpha", "--data", _data], environment: env);
        Assert.True(rita.ExitCode == 0, rita.ToString());
        var ghost = await ProcessRunner.RunAsync(TestEnvironment.DnscertProgram, ["user", "add", "gil", "--org", "no-such-org", "--data", _data], environment: env);
        Assert.Contains("no organisation 'no-such-org'", ghost.Error, StringComparison.Ordinal);

        var strict = (await OkAsync("incident", "open", "--title", "Strict one", "--threat", "infra.lame-delegation", "--subject", "lame-delegation.test", "--tlp", "amber+strict", "--severity", "error")).Trim();
        var amber = (await OkAsync("incident", "open", "--title", "Amber one", "--threat", "infra.lame-delegation", "--subject", "other.test", "--tlp", "amber")).Trim();
        var show = await OkAsync("incident", "show", strict);
        Assert.Contains("route registry-test: TLD registry for .test by suffix", show, StringComparison.Ordinal);

        // rita's registrar is an AMBER constituent of the registry: she sees AMBER, not AMBER+STRICT.
        var asRita = await OkAsync("incident", "list", "--as", "rita");
        Assert.Contains(amber, asRita, StringComparison.Ordinal);
        Assert.DoesNotContain(strict, asRita, StringComparison.Ordinal);
        var hidden = await RunAsync("incident", "show", strict, "--as", "rita");
        Assert.Contains($"there is no incident {strict}", hidden.Error, StringComparison.Ordinal);

        await OkAsync("incident", "transition", strict, "triaged", "--note", "seen with dig");
        var invalid = await RunAsync("incident", "transition", strict, "closed");
        Assert.NotEqual(0, invalid.ExitCode);
        Assert.Contains("cannot go from triaged to closed; allowed: notified, rejected", invalid.Error, StringComparison.Ordinal);
        await OkAsync("incident", "comment", strict, "registry called");
        show = await OkAsync("incident", "show", strict);
        Assert.Contains("moved new → triaged: seen with dig", show, StringComparison.Ordinal);
        Assert.Contains("comment: registry called", show, StringComparison.Ordinal);
        Assert.Contains("state triaged (next: notified, rejected)", show, StringComparison.Ordinal);
    }

    private Task<ProcessOutput> RunAsync(params string[] arguments) => ProcessRunner.DnscertAsync([.. arguments, "--data", _data]);

    private async Task<string> OkAsync(params string[] arguments)
    {
        var result = await RunAsync(arguments);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.Output;
    }
}
