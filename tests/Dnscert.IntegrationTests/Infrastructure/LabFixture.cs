namespace Dnscert.IntegrationTests.Infrastructure;

/// <summary>
/// The lab, brought up once for the whole test run with the real <c>dnscert lab up</c> and brought down
/// at the end, also when tests fail. Tests call <see cref="RequireUp"/>, which skips on a laptop without
/// the name servers and fails on CI.
/// </summary>
public sealed class LabFixture : IAsyncLifetime
{
    public string Directory { get; } = Path.Combine(Path.GetTempPath(), $"dnscert-lab-tests-{Environment.ProcessId}");

    public ProcessOutput? UpOutput { get; private set; }

    public string HintsFile => Path.Combine(Directory, "hints.zone");

    public string TrustAnchorFile => Path.Combine(Directory, "trust-anchor.ds");

    public string CheckProfileFile => Path.Combine(Directory, "check-profile.json");

    private bool Usable => UpOutput is { ExitCode: 0 };

    /// <summary>DNSCERT_TEST_LAB=off runs the tests that need no lab (the store's, say) without starting ~90 name servers.</summary>
    private static bool Disabled => string.Equals(Environment.GetEnvironmentVariable("DNSCERT_TEST_LAB"), "off", StringComparison.OrdinalIgnoreCase);

    public async ValueTask InitializeAsync()
    {
        if (Disabled || !ToolsPresent() || Environment.UserName != "root")
        {
            return;
        }

        UpOutput = await Lab("up");
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
        if (Disabled)
        {
            const string message = "the lab is switched off (DNSCERT_TEST_LAB=off)";
            if (TestEnvironment.IsCi)
            {
                Assert.Fail(message);
            }

            Assert.Skip(message);
        }

        TestEnvironment.RequireRoot();
        TestEnvironment.RequireTools("nsd", "knotd", "named", "dnssec-signzone", "dig");
        Assert.True(Usable, $"dnscert lab up failed:\n{UpOutput}");
    }

    private static bool ToolsPresent() =>
        new[] { "nsd", "knotd", "named", "dnssec-signzone", "dig" }.All(t => TestEnvironment.FindTool(t) is not null);
}
