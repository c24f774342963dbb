using Dnscert.IntegrationTests.Infrastructure;
using Dnscert.Lab.Scenarios;

namespace Dnscert.IntegrationTests.Lab;

/// <summary>lab up is idempotent, status tells the truth, down leaves nothing, switch changes what the parent serves.</summary>
public sealed class LabLifecycleTests(LabFixture lab)
{
    [Fact]
    public async Task Up_on_a_running_lab_starts_nothing()
    {
        lab.RequireUp();
        var again = await lab.Lab("up");
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("Starting 0 server processes", again.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_with_dnscerts_own_client_sees_every_planted_fault_that_dig_sees()
    {
        lab.RequireUp();
        var verify = await lab.Lab("verify", "--json");
        Assert.True(verify.ExitCode == 0, verify.ToString());
        var lines = verify.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var probes = ScenarioLoader.LoadAll(TestEnvironment.ScenarioRoot).Scenarios.Sum(s => s.Definition.Verify?.Count ?? 0);
        Assert.Equal(probes, lines.Length);
        Assert.All(lines, l => Assert.Contains("\"passed\":true", l, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Status_reports_every_process_up_and_answering()
    {
        lab.RequireUp();
        var status = await lab.Lab("status", "--json");
        Assert.True(status.ExitCode == 0, status.ToString());
        var lines = status.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length >= 6, status.ToString());
        Assert.All(lines, l => Assert.Contains("\"alive\":true", l, StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("\"software\":\"nsd\"", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("\"software\":\"knot\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_root_and_the_TLD_answer_from_NSD_and_Knot_with_signatures()
    {
        lab.RequireUp();
        foreach (var (server, zone) in new[] { ("127.53.0.1", "."), ("127.53.0.2", "."), ("127.53.0.3", "test."), ("127.53.0.4", "test.") })
        {
            var soa = await Dig.QueryAsync(server, zone, "SOA", dnssec: true);
            Assert.True(soa.Rcode == "NOERROR" && soa.Flags.Contains("aa"), soa.Raw.ToString());
            Assert.Contains(soa.Answer, l => l.Contains(" RRSIG SOA ", StringComparison.Ordinal));
        }

        var anchor = await File.ReadAllTextAsync(lab.TrustAnchorFile, TestContext.Current.CancellationToken);
        var keyTag = anchor.Split(' ', StringSplitOptions.RemoveEmptyEntries)[3];
        var dnskey = await Dig.QueryAsync("127.53.0.1", ".", "DNSKEY", dnssec: true);
        Assert.Contains(dnskey.Answer, l => l.Contains(" RRSIG DNSKEY ", StringComparison.Ordinal) && l.Contains($" {keyTag} . ", StringComparison.Ordinal));
        var hints = await File.ReadAllTextAsync(lab.HintsFile, TestContext.Current.CancellationToken);
        Assert.Contains("127.53.0.1", hints, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Up_with_an_rtt_delays_every_answer_and_up_without_it_removes_the_delay()
    {
        lab.RequireUp();
        try
        {
            var slow = await lab.Lab("up", "--rtt", "60ms");
            Assert.True(slow.ExitCode == 0, slow.ToString());
            foreach (var tcp in new[] { false, true })
            {
                var started = TimeProvider.System.GetTimestamp();
                var answer = await Dig.QueryAsync("127.53.0.1", ".", "SOA", tcp: tcp);
                var elapsed = TimeProvider.System.GetElapsedTime(started);
                Assert.True(answer.Rcode == "NOERROR", answer.Raw.ToString());
                Assert.True(elapsed >= TimeSpan.FromMilliseconds(60), $"answer over {(tcp ? "TCP" : "UDP")} came after {elapsed.TotalMilliseconds} ms, less than the 60 ms round trip");
            }
        }
        finally
        {
            var fast = await lab.Lab("up");
            Assert.True(fast.ExitCode == 0, fast.ToString());
        }

        var direct = await Dig.QueryAsync("127.53.0.1", ".", "SOA");
        Assert.Matches(@"Query time: [0-9] msec", direct.Raw.Output);
    }

    [Fact]
    public async Task Down_stops_every_process_and_removes_the_state_then_up_restores_the_lab()
    {
        lab.RequireUp();
        var down = await lab.Lab("down");
        Assert.True(down.ExitCode == 0, down.ToString());
        try
        {
            Assert.False(Directory.Exists(lab.Directory), "the state folder is still there");
            var leftovers = Directory.EnumerateDirectories("/proc")
                .Select(d => Path.Combine(d, "cmdline"))
                .Where(File.Exists)
                .Select(f => { try { return File.ReadAllText(f).Replace('\0', ' '); } catch (IOException) { return ""; } })
                .Where(c => c.Contains(lab.Directory, StringComparison.Ordinal))
                .ToList();
            Assert.Empty(leftovers);
            var addresses = await ProcessRunner.RunAsync("ip", ["-4", "-o", "addr", "show", "dev", "lo"]);
            Assert.DoesNotContain("inet 127.53.", addresses.Output, StringComparison.Ordinal);
            var silent = await Dig.QueryAsync("127.53.0.1", ".", "SOA");
            Assert.False(silent.Responded, "the root server still answers after lab down");
        }
        finally
        {
            var up = await lab.Lab("up");
            Assert.True(up.ExitCode == 0, up.ToString());
        }
    }

    [Fact]
    public async Task Switching_a_variant_changes_the_delegation_the_parent_serves_and_switching_back_restores_it()
    {
        lab.RequireUp();
        var set = ScenarioLoader.LoadAll(TestEnvironment.ScenarioRoot);
        var scenario = set.Scenarios.FirstOrDefault(s => s.Definition.Variants?.Values.Any(v => v.Delegations is { Count: > 0 }) == true);
        Assert.NotNull(scenario);
        var (name, variant) = scenario.Definition.Variants!.First(v => v.Value.Delegations is { Count: > 0 });
        var delegation = variant.Delegations![0];
        var original = scenario.Definition.Delegations!.First(d => d.Zone == delegation.Zone);
        try
        {
            var switched = await lab.Lab("switch", scenario.ShortName, name);
            Assert.True(switched.ExitCode == 0, switched.ToString());
            await AssertParentServesAsync(delegation);
        }
        finally
        {
            var back = await lab.Lab("switch", scenario.ShortName, "default");
            Assert.True(back.ExitCode == 0, back.ToString());
        }

        await AssertParentServesAsync(original);
    }

    private static async Task AssertParentServesAsync(DelegationSpec expected)
    {
        foreach (var tld in new[] { "127.53.0.3", "127.53.0.4" })
        {
            var ns = await Dig.QueryAsync(tld, expected.Zone!, "NS");
            var served = ns.Authority.Where(l => l.Contains(" NS ", StringComparison.Ordinal)).Select(l => l.Split(' ')[^1]).Order().ToList();
            Assert.Equal(expected.Ns!.Select(n => n.Name!).Order().ToList(), served);
            var ds = await Dig.QueryAsync(tld, expected.Zone!, "DS");
            if (expected.Ds == "none")
            {
                Assert.DoesNotContain(ds.Answer, l => l.Contains(" DS ", StringComparison.Ordinal));
            }
        }
    }
}
