using System.Text.RegularExpressions;
using Dnscert.IntegrationTests.Infrastructure;
using Dnscert.Lab.Scenarios;

namespace Dnscert.IntegrationTests.Lab;

/// <summary>
/// Proves that every planted fault is really served: each scenario's <c>verify</c> probes are sent with dig
/// to the real servers of the lab, and every server that serves a zone must answer its SOA with AA.
/// </summary>
public sealed class ScenarioFaultTests(LabFixture lab)
{
    private static readonly Lazy<ScenarioSet> s_scenarios = new(() => ScenarioLoader.LoadAll(TestEnvironment.ScenarioRoot));

    public static TheoryData<string, int> Probes()
    {
        var data = new TheoryData<string, int>();
        foreach (var s in s_scenarios.Value.Scenarios)
        {
            for (var i = 0; i < (s.Definition.Verify?.Count ?? 0); i++)
            {
                data.Add(s.Id, i);
            }
        }

        return data;
    }

    public static TheoryData<string, string, string> ServedZones()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var s in s_scenarios.Value.Scenarios)
        {
            foreach (var zone in s.Definition.Zones ?? [])
            {
                foreach (var server in zone.Servers!.Select(s.Server).Where(v => v.Software is "nsd" or "knot" or "bind"))
                {
                    data.Add(s.Id, server.Address!, zone.Name!);
                }
            }
        }

        return data;
    }

    [Fact]
    public void Every_scenario_file_in_the_repository_is_valid_and_has_a_probe()
    {
        var set = s_scenarios.Value;
        Assert.Empty(set.Errors);
        Assert.True(set.Scenarios.Count >= 30, $"only {set.Scenarios.Count} scenarios");
        Assert.All(set.Scenarios, s => Assert.True(s.Definition.Verify is { Count: > 0 }, $"{s.Id} has no verify probe"));
    }

    [Theory]
    [MemberData(nameof(ServedZones))]
    public async Task Every_real_server_answers_the_SOA_of_its_zone_authoritatively(string scenario, string address, string zone)
    {
        lab.RequireUp();
        var result = await Dig.QueryAsync(address, zone, "SOA");
        Assert.True(result.Responded, $"{scenario}: {address} did not answer SOA {zone}\n{result.Raw}");
        Assert.Equal("NOERROR", result.Rcode);
        Assert.Contains("aa", result.Flags);
    }

    [Theory]
    [MemberData(nameof(Probes))]
    public async Task The_planted_fault_is_observable(string scenario, int probeIndex)
    {
        lab.RequireUp();
        var s = s_scenarios.Value.Find(scenario)!;
        var probe = s.Definition.Verify![probeIndex];
        var address = s.ProbeAddress(probe.Server!);
        var result = await Dig.QueryAsync(address, probe.Qname!, probe.Qtype!, probe.Tcp, probe.Dnssec, probe.Edns);
        var e = probe.Expect!;
        var context = $"{scenario} probe {probeIndex}: {probe.Qname} {probe.Qtype} @{probe.Server} ({address})\n{result.Raw}";

        if (e.NoResponse is { } silent)
        {
            Assert.True(silent == !result.Responded || (silent && result.Malformed), $"expected no_response={silent}; {context}");
        }

        if (e.Malformed is { } malformed)
        {
            Assert.True(malformed == result.Malformed, $"expected malformed={malformed}; {context}");
        }

        if (e.Rcode is not null)
        {
            Assert.True(e.Rcode == result.Rcode, $"expected rcode {e.Rcode}, got {result.Rcode}; {context}");
        }

        CheckFlag(e.Aa, "aa", result, context);
        CheckFlag(e.Tc, "tc", result, context);
        CheckFlag(e.Ra, "ra", result, context);
        if (e.AnswerCount is { } count)
        {
            Assert.True(count == result.Answer.Count(l => !l.Contains(" RRSIG ", StringComparison.Ordinal)), $"expected {count} answer records (RRSIG not counted); {context}");
        }

        if (e.AnswerMatches is not null)
        {
            Assert.True(result.Answer.Any(l => Regex.IsMatch(l, e.AnswerMatches)), $"no answer line matches /{e.AnswerMatches}/; {context}");
        }

        if (e.AnswerNotMatches is not null)
        {
            Assert.False(result.Answer.Any(l => Regex.IsMatch(l, e.AnswerNotMatches)), $"an answer line matches /{e.AnswerNotMatches}/; {context}");
        }

        if (e.AuthorityMatches is not null)
        {
            Assert.True(result.Authority.Any(l => Regex.IsMatch(l, e.AuthorityMatches)), $"no authority line matches /{e.AuthorityMatches}/; {context}");
        }

        if (e.RrsigExpiration is not null)
        {
            CheckExpiration(e.RrsigExpiration, result, context);
        }
    }

    private static void CheckFlag(bool? expected, string flag, DigResult result, string context)
    {
        if (expected is { } value)
        {
            Assert.True(value == result.Flags.Contains(flag), $"expected flag {flag}={value}; {context}");
        }
    }

    private static void CheckExpiration(string rule, DigResult result, string context)
    {
        var expirations = result.RrsigExpirations.ToList();
        Assert.True(expirations.Count > 0, $"no RRSIG in the answer; {context}");
        var now = TimeProvider.System.GetUtcNow();
        foreach (var expiration in expirations)
        {
            if (rule == "past")
            {
                Assert.True(expiration < now, $"RRSIG expires {expiration:u}, not in the past; {context}");
            }
            else if (rule == "future")
            {
                Assert.True(expiration > now, $"RRSIG expired {expiration:u}; {context}");
            }
            else
            {
                var within = RelativeTime.Parse("+" + rule["within:".Length..], TimeSpan.Zero);
                Assert.True(expiration > now && expiration < now + within, $"RRSIG expires {expiration:u}, not within {within}; {context}");
            }
        }
    }
}
