using Dnscert.IntegrationTests.Infrastructure;

namespace Dnscert.UiTests;

/// <summary>
/// A small lab for the UI tests: only the scenarios they use (lame-delegation, switchable), brought up with the real
/// <c>dnscert lab up --only</c> and down at the end. Missing name servers or root skip on a laptop and fail on CI.
/// </summary>
public sealed class UiLab : IAsyncLifetime
{
    public string Directory { get; } = Path.Combine(Path.GetTempPath(), $"dnscert-ui-lab-{Environment.ProcessId}");

    public string HintsFile => Path.Combine(Directory, "hints.zone");

    public string CheckProfileFile => Path.Combine(Directory, "check-profile.json");

    public ProcessOutput? UpOutput { get; private set; }

    private static readonly string[] s_tools = ["nsd", "knotd", "named", "dnssec-signzone"];

    public async ValueTask InitializeAsync()
    {
        if (Environment.UserName != "root" || s_tools.Any(t => TestEnvironment.FindTool(t) is null))
        {
            return;
        }

        UpOutput = await Lab("up", "--only", "lame-delegation", "switchable");
    }

    public async ValueTask DisposeAsync()
    {
        if (UpOutput is not null)
        {
            await Lab("down");
        }
    }

    public Task<ProcessOutput> Lab(params string[] arguments) =>
        ProcessRunner.DnscertAsync(["lab", .. arguments, "--dir", Directory, "--scenarios", TestEnvironment.ScenarioRoot]);

    public void RequireUp()
    {
        TestEnvironment.RequireRoot();
        TestEnvironment.RequireTools(s_tools);
        Assert.True(UpOutput is { ExitCode: 0 }, $"dnscert lab up failed:\n{UpOutput}");
    }
}
