using CsCheck;
using Dnscert.Cli;
using Dnscert.Coordination.Incidents;
using Dnscert.Core;
using Dnscert.Core.Catalog;
using Dnscert.Core.Store;

namespace Dnscert.UnitTests.Coordination;

/// <summary>The configurable incident rules (Dnscert:Incidents): binding from the configuration file, checks that name what is wrong, and pattern matching.</summary>
public sealed class IncidentRulesOptionsTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"dnscert-rules-{Guid.CreateVersion7():N}.json");

    public void Dispose() => File.Delete(_file);

    private static Observation Seen(string threat, string zone, Severity severity) =>
        new(Guid.CreateVersion7(), new Subject(SubjectKind.Zone, zone), threat, severity, Tlp.Amber, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, ObservationState.Open, "fp", [], "seen");

    private IncidentRulesOptions Bind(string json)
    {
        File.WriteAllText(_file, json);
        return CliConfiguration.Bind<IncidentRulesOptions>(CliConfiguration.Load(new FileInfo(_file)), IncidentRulesOptions.Section, o => o.Check());
    }

    [Fact]
    public void Without_rules_the_correlator_keeps_the_built_in_default()
    {
        var policy = Assert.Single(new IncidentRulesOptions().Policies());
        Assert.Same(IncidentPolicy.Default, policy);
        Assert.True(policy.Matches(Seen("abuse.phishing", "anything.example", Severity.Error)));
        Assert.False(policy.Matches(Seen("abuse.phishing", "anything.example", Severity.Warning)));
    }

    [Fact]
    public void Rules_from_the_configuration_file_select_by_type_pattern_severity_and_subject()
    {
        var options = Bind("""
            { "Dnscert": { "Incidents": { "CorrelationInterval": "00:00:05", "Rules": [
              { "Name": "tld-infra", "ThreatTypes": [ "infra.*" ], "MinimumSeverity": "warning", "Subjects": [ "Test." ], "Tlp": "amber+strict", "GroupingWindow": "02:00:00" },
              { "Name": "phishing", "ThreatTypes": [ "abuse.phishing" ], "MinimumSeverity": "notice", "Tlp": "green" } ] } } }
            """);
        Assert.Equal(TimeSpan.FromSeconds(5), options.CorrelationInterval);
        var policies = options.Policies();
        Assert.Equal(2, policies.Count);
        var infra = policies[0];
        Assert.Equal((Tlp.AmberStrict, TimeSpan.FromHours(2), Severity.Warning), (infra.Tlp, infra.GroupingWindow, infra.MinimumSeverity));
        Assert.True(infra.Matches(Seen("infra.lame-delegation", "lame.test", Severity.Warning)));
        Assert.True(infra.Matches(Seen("infra.dnssec-bogus", "a.b.test", Severity.Critical)));
        Assert.False(infra.Matches(Seen("infra.lame-delegation", "lame.example", Severity.Critical)));
        Assert.False(infra.Matches(Seen("infra.lame-delegation", "lame.test", Severity.Notice)));
        Assert.False(infra.Matches(Seen("abuse.phishing", "lame.test", Severity.Critical)));
        Assert.True(policies[1].Matches(Seen("abuse.phishing", "bank.example", Severity.Notice)));
        Assert.Equal(Tlp.Green, policies[1].Tlp);
    }

    [Fact]
    public void An_unknown_key_is_refused_by_name()
    {
        var e = Assert.Throws<DnscertException>(() => Bind("""{ "Dnscert": { "Incidents": { "Rules": [ { "Name": "x", "MinSeverity": "error" } ] } } }"""));
        Assert.True(e.Message.Contains("MinSeverity", StringComparison.Ordinal), e.Message);
    }

    [Fact]
    public void Each_problem_names_the_rule_and_the_field()
    {
        var options = new IncidentRulesOptions
        {
            Rules =
            [
                new() { Name = "a", ThreatTypes = ["infra.nothing-like-this"], MinimumSeverity = "fatal", Tlp = "white", GroupingWindow = TimeSpan.Zero },
                new() { Name = "a", Subjects = ["has space.test"] },
                new() { Name = "" },
            ],
        };
        var problems = options.Check();
        Assert.Contains("Dnscert:Incidents:Rules:0:ThreatTypes: 'infra.nothing-like-this' matches no threat type of the catalogue (an id such as infra.lame-delegation, a pattern such as infra.*, or *).", problems);
        Assert.Contains("Dnscert:Incidents:Rules:0:MinimumSeverity 'fatal' is not one of debug, info, notice, warning, error, critical.", problems);
        Assert.Contains("Dnscert:Incidents:Rules:0:Tlp 'white' is not one of clear, green, amber, amber+strict, red.", problems);
        Assert.Contains("Dnscert:Incidents:Rules:0:GroupingWindow must be positive and at most 365 days.", problems);
        Assert.Contains("Dnscert:Incidents:Rules:1:Name 'a' is used by an earlier rule.", problems);
        Assert.Contains("Dnscert:Incidents:Rules:1:Subjects: 'has space.test' is not a domain suffix.", problems);
        Assert.Contains("Dnscert:Incidents:Rules:2:Name must be 1 to 64 characters without '|'.", problems);
        Assert.Equal(7, problems.Count);
        Assert.Throws<DnscertException>(options.Policies);
    }

    [Fact]
    public void Too_many_rules_are_refused_before_any_is_read()
    {
        var options = new IncidentRulesOptions { Rules = [.. Enumerable.Range(0, IncidentRulesOptions.MaxRules + 1).Select(i => new IncidentRuleOptions { Name = $"r{i}" })] };
        Assert.Equal([$"Dnscert:Incidents:Rules has {IncidentRulesOptions.MaxRules + 1} rules, more than {IncidentRulesOptions.MaxRules}."], options.Check());
    }

    [Fact]
    public void Any_text_in_a_rule_gives_usable_policies_or_problems_never_an_exception()
    {
        string[] known = ["error", "Critical", "amber+strict", "RED", "infra.*", "*", "abuse.phishing", "4", "-1", "", " "];
        var text = Gen.OneOf(Gen.String, Gen.Int[0, known.Length - 1].Select(i => known[i]));
        Gen.Select(text, text, text, text, text).Sample((name, severity, tlp, threat, subject) =>
        {
            var options = new IncidentRulesOptions { Rules = [new() { Name = name, MinimumSeverity = severity, Tlp = tlp, ThreatTypes = [threat], Subjects = [subject] }] };
            var problems = options.Check();
            if (problems.Count > 0)
            {
                return problems.All(p => p.StartsWith("Dnscert:Incidents:Rules:0", StringComparison.Ordinal)) && Throws(options);
            }

            var policy = Assert.Single(options.Policies());
            return Enum.IsDefined(policy.MinimumSeverity) && Enum.IsDefined(policy.Tlp);
        }, iter: 3000);
    }

    [Fact]
    public void Threat_type_patterns_cover_exactly_their_ids()
    {
        Gen.Int[0, ThreatTypes.All.Count - 1].Select(i => ThreatTypes.All[i].Id).Sample(id =>
            IncidentPolicy.MatchesThreatType("*", id)
            && IncidentPolicy.MatchesThreatType(id, id)
            && IncidentPolicy.MatchesThreatType(id[..(id.IndexOf('.', StringComparison.Ordinal) + 1)] + "*", id)
            && !IncidentPolicy.MatchesThreatType(id + "x", id)
            && !IncidentPolicy.MatchesThreatType("zzz.*", id));
    }

    private static bool Throws(IncidentRulesOptions options)
    {
        try
        {
            options.Policies();
            return false;
        }
        catch (DnscertException)
        {
            return true;
        }
    }
}
