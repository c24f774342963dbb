using System.Diagnostics;
using Dnscert.IntegrationTests.Infrastructure;
using Dnscert.Lab.Scenarios;

namespace Dnscert.IntegrationTests.Lab;

/// <summary>
/// An independent validating resolver (BIND, with the lab's root hints and trust anchor only) proves the
/// lab's chain of trust: healthy signed scenarios validate (AD), expired signatures and a DS that matches
/// no key are bogus (SERVFAIL). It listens on 127.53.254.1 and resolves inside the lab only.
/// </summary>
public sealed class ChainOfTrustTests(LabFixture lab) : IAsyncLifetime
{
    private const string ResolverAddress = "127.53.254.1";
    private static readonly Lazy<ScenarioSet> s_scenarios = new(() => ScenarioLoader.LoadAll(TestEnvironment.ScenarioRoot));
    private readonly string _dir = Directory.CreateTempSubdirectory("dnscert-resolver-").FullName;
    private Process? _named;

    public static TheoryData<string, string> SignedZones()
    {
        var data = new TheoryData<string, string>();
        foreach (var s in s_scenarios.Value.Scenarios)
        {
            foreach (var zone in (s.Definition.Zones ?? []).Where(z => z.Sign is not null).DistinctBy(z => z.Name))
            {
                var delegation = s.Definition.Delegations?.FirstOrDefault(d => d.Zone == zone.Name);
                var expired = RelativeTime.Parse(zone.Sign!.Expiration, SignDefaults.Expiration) <= TimeSpan.Zero;
                if (delegation is null)
                {
                    continue;
                }

                if (expired || delegation.Ds == "mismatch")
                {
                    data.Add(zone.Name!, "bogus");
                }
                else if (s.Definition.Fault is null && delegation.Ds == "auto")
                {
                    data.Add(zone.Name!, "secure");
                }
            }
        }

        return data;
    }

    public async ValueTask InitializeAsync()
    {
        if (lab.UpOutput is not { ExitCode: 0 })
        {
            return;
        }

        // BIND listens only on addresses an interface carries.
        await ProcessRunner.RunAsync("ip", ["-4", "addr", "add", ResolverAddress + "/32", "dev", "lo"]);
        var anchor = (await File.ReadAllTextAsync(lab.TrustAnchorFile)).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var conf = Path.Combine(_dir, "named.conf");
        await File.WriteAllTextAsync(conf, $$"""
            options {
                directory "{{_dir}}";
                pid-file "{{_dir}}/named.pid";
                session-keyfile "{{_dir}}/session.key";
                managed-keys-directory "{{_dir}}";
                listen-on port 53 { {{ResolverAddress}}; };
                listen-on-v6 { none; };
                recursion yes;
                allow-recursion { any; };
                allow-query-cache { any; };
                dnssec-validation yes;
                notify no;
                empty-zones-enable no;
                max-cache-ttl 1;
                max-ncache-ttl 1;
            };
            controls { };
            trust-anchors { . static-ds {{anchor[3]}} {{anchor[4]}} {{anchor[5]}} "{{anchor[6].Trim()}}"; };
            zone "." { type hint; file "{{lab.HintsFile}}"; };
            """);
        _named = Process.Start(new ProcessStartInfo("named", ["-f", "-c", conf]) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true });
        for (var i = 0; i < 100; i++)
        {
            if ((await Dig.QueryAsync(ResolverAddress, ".", "SOA")).Responded)
            {
                return;
            }

            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_named is { HasExited: false })
        {
            _named.Kill();
            await _named.WaitForExitAsync();
        }

        if (_named is not null)
        {
            await ProcessRunner.RunAsync("ip", ["-4", "addr", "del", ResolverAddress + "/32", "dev", "lo"]);
        }

        _named?.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void There_are_secure_and_bogus_scenarios_to_check()
    {
        var zones = SignedZones();
        Assert.Contains(zones, row => row.Data.Item2 == "secure");
        Assert.Contains(zones, row => row.Data.Item2 == "bogus");
    }

    [Theory]
    [MemberData(nameof(SignedZones))]
    public async Task A_validating_resolver_sees_the_planted_DNSSEC_state(string zone, string expected)
    {
        lab.RequireUp();
        var result = await RecursiveAsync(zone);
        if (expected == "secure")
        {
            Assert.True(result.Rcode == "NOERROR" && result.Flags.Contains("ad"), $"{zone} should validate\n{result.Raw}");
        }
        else
        {
            Assert.True(result.Rcode == "SERVFAIL", $"{zone} should be bogus\n{result.Raw}");
        }
    }

    private static async Task<DigResult> RecursiveAsync(string zone)
    {
        var output = await ProcessRunner.RunAsync("dig", ["@" + ResolverAddress, zone, "SOA", "+dnssec", "+time=5", "+tries=1"], TimeSpan.FromSeconds(20));
        return DigResult.Parse(output);
    }
}
