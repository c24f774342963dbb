using Dnscert.Core;
using Dnscert.Core.Catalog;
using Dnscert.Core.Store;

namespace Dnscert.Coordination.Incidents;

/// <summary>
/// Which observations open incidents (section <c>Dnscert:Incidents</c>): a list of rules, each a set of threat type
/// patterns, a minimum severity, subject suffixes, a TLP and a grouping window. No rules means the built-in
/// <see cref="IncidentPolicy.Default"/> (error or worse, any type and subject, TLP:AMBER, grouped for a day), so an
/// instance without configuration behaves as before.
/// </summary>
public sealed class IncidentRulesOptions
{
    public const string Section = "Dnscert:Incidents";

    /// <summary>The most rules read; each observation is tested against every rule.</summary>
    public const int MaxRules = 100;

    /// <summary>The most patterns or suffixes in one rule.</summary>
    public const int MaxEntries = 1000;

    public List<IncidentRuleOptions> Rules { get; set; } = [];

    /// <summary>How often the correlator looks at newly stored observations.</summary>
    public TimeSpan CorrelationInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The problems with these settings, each naming the rule and the field; empty when usable.</summary>
    public IReadOnlyList<string> Check()
    {
        var problems = new List<string>();
        if (CorrelationInterval < TimeSpan.FromMilliseconds(10) || CorrelationInterval > TimeSpan.FromDays(1))
        {
            problems.Add($"{Section}:CorrelationInterval must be between 10 ms and 1 day.");
        }

        if (Rules.Count > MaxRules)
        {
            problems.Add($"{Section}:Rules has {Rules.Count} rules, more than {MaxRules}.");
            return problems;
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Rules.Count; i++)
        {
            var rule = Rules[i];
            var where = $"{Section}:Rules:{i}";
            if (string.IsNullOrWhiteSpace(rule.Name) || rule.Name.Length > 64 || rule.Name.Contains('|', StringComparison.Ordinal))
            {
                problems.Add($"{where}:Name must be 1 to 64 characters without '|'.");
            }
            else if (!names.Add(rule.Name))
            {
                problems.Add($"{where}:Name '{rule.Name}' is used by an earlier rule.");
            }

            if (rule.ThreatTypes.Count > MaxEntries || rule.Subjects.Count > MaxEntries)
            {
                problems.Add($"{where}: at most {MaxEntries} threat types and {MaxEntries} subjects.");
                continue;
            }

            foreach (var pattern in rule.ThreatTypes)
            {
                if (!ThreatTypes.All.Any(t => IncidentPolicy.MatchesThreatType(pattern ?? "", t.Id)))
                {
                    problems.Add($"{where}:ThreatTypes: '{pattern}' matches no threat type of the catalogue (an id such as infra.lame-delegation, a pattern such as infra.*, or *).");
                }
            }

            foreach (var suffix in rule.Subjects)
            {
                if (string.IsNullOrWhiteSpace(suffix) || suffix.Length > 253 || suffix.Any(char.IsWhiteSpace))
                {
                    problems.Add($"{where}:Subjects: '{suffix}' is not a domain suffix.");
                }
            }

            if (ParseSeverity(rule.MinimumSeverity) is null)
            {
                problems.Add($"{where}:MinimumSeverity '{rule.MinimumSeverity}' is not one of debug, info, notice, warning, error, critical.");
            }

            if (ParseTlp(rule.Tlp) is null)
            {
                problems.Add($"{where}:Tlp '{rule.Tlp}' is not one of clear, green, amber, amber+strict, red.");
            }

            if (rule.GroupingWindow <= TimeSpan.Zero || rule.GroupingWindow > TimeSpan.FromDays(365))
            {
                problems.Add($"{where}:GroupingWindow must be positive and at most 365 days.");
            }
        }

        return problems;
    }

    /// <summary>The policies the correlator runs; the default policy when no rule is configured.</summary>
    public IReadOnlyList<IncidentPolicy> Policies()
    {
        var problems = Check();
        if (problems.Count > 0)
        {
            throw new DnscertException(string.Join(" ", problems));
        }

        return Rules.Count == 0
            ? [IncidentPolicy.Default]
            : [.. Rules.Select(r => new IncidentPolicy(
                r.Name,
                [.. r.ThreatTypes],
                ParseSeverity(r.MinimumSeverity)!.Value,
                [.. r.Subjects.Select(s => s.Trim().TrimEnd('.').ToLowerInvariant())],
                ParseTlp(r.Tlp)!.Value,
                r.GroupingWindow))];
    }

    public static Severity? ParseSeverity(string? text) =>
        Enum.TryParse<Severity>(text?.Trim(), ignoreCase: true, out var severity) && Enum.IsDefined(severity) && !int.TryParse(text, out _) ? severity : null;

    public static Tlp? ParseTlp(string? text) => TlpText.TryParse(text);
}
