using Dnscert.Core;
using Dnscert.Core.Store;

namespace Dnscert.Coordination.Incidents;

/// <summary>
/// A rule that opens incidents from observations: threat types (empty = all), a minimum severity, optional subject
/// suffixes (empty = all), the TLP of the incident, and the window within which new observations of the same subject
/// and threat type join the open incident instead of opening another.
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

        if (ThreatTypeIds.Count > 0 && !ThreatTypeIds.Contains(observation.ThreatTypeId, StringComparer.Ordinal))
        {
            return false;
        }

        var value = observation.Subject.Value.ToLowerInvariant();
        return SubjectSuffixes.Count == 0
            || SubjectSuffixes.Any(s => value == s || value.EndsWith("." + s, StringComparison.Ordinal));
    }

    /// <summary>The key that groups related observations: policy, subject and threat type.</summary>
    public string GroupKey(Observation observation)
    {
        ArgumentNullException.ThrowIfNull(observation);
        return $"{Name}|{observation.Subject}|{observation.ThreatTypeId}";
    }
}
