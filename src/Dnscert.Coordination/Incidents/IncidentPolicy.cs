using Dnscert.Core;
using Dnscert.Core.Store;

namespace Dnscert.Coordination.Incidents;

/// <summary>
/// A rule that opens incidents from observations: threat types (empty = all; an entry is an id, <c>family.*</c> for
/// every id under a prefix, or <c>*</c>), a minimum severity, optional subject suffixes (empty = all), the TLP of the
/// incident, and the window within which new observations of the same subject and threat type join the open incident
/// instead of opening another. Configured under <c>Dnscert:Incidents:Rules</c> (<see cref="IncidentRulesOptions"/>).
/// </summary>
public sealed record IncidentPolicy(
    string Name,
    IReadOnlyList<string> ThreatTypeIds,
    Severity MinimumSeverity,
    IReadOnlyList<string> SubjectSuffixes,
    Tlp Tlp,
    TimeSpan GroupingWindow)
{
    /// <summary>The default rule: anything of severity error or worse, grouped per subject and threat type for a day, TLP:AMBER.</summary>
    public static IncidentPolicy Default { get; } = new("default", [], Severity.Error, [], Tlp.Amber, TimeSpan.FromDays(1));

    public bool Matches(Observation observation)
    {
        ArgumentNullException.ThrowIfNull(observation);
        if (observation.State != ObservationState.Open || observation.Severity < MinimumSeverity)
        {
            return false;
        }

        if (ThreatTypeIds.Count > 0 && !ThreatTypeIds.Any(p => MatchesThreatType(p, observation.ThreatTypeId)))
        {
            return false;
        }

        var value = observation.Subject.Value.ToLowerInvariant();
        return SubjectSuffixes.Count == 0
            || SubjectSuffixes.Any(s => value == s || value.EndsWith("." + s, StringComparison.Ordinal));
    }

    /// <summary>Whether a threat type pattern (an id, <c>prefix.*</c> or <c>*</c>) covers <paramref name="threatTypeId"/>.</summary>
    public static bool MatchesThreatType(string pattern, string threatTypeId)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(threatTypeId);
        return pattern == "*"
            || (pattern.EndsWith(".*", StringComparison.Ordinal) ? threatTypeId.StartsWith(pattern[..^1], StringComparison.Ordinal) : pattern == threatTypeId);
    }

    /// <summary>The key that groups related observations: policy, subject and threat type.</summary>
    public string GroupKey(Observation observation)
    {
        ArgumentNullException.ThrowIfNull(observation);
        return $"{Name}|{observation.Subject}|{observation.ThreatTypeId}";
    }
}
