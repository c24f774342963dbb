namespace Dnscert.Core.Store;

/// <summary>
/// An incident as the store keeps it. <see cref="Recipients"/> are stakeholder (organisation) ids and
/// <see cref="NamedPeople"/> user names; together with <see cref="Tlp"/> they decide who may read the incident and
/// its linked observations (Store/Visibility/VisibilityFilter). <see cref="GroupKey"/> is set for incidents opened by
/// a policy, so later related observations join the same incident instead of opening a new one.
/// <see cref="Timeline"/> is append-only: a save adds the entries the store does not have yet.
/// </summary>
public sealed record StoredIncident(
    Guid Id,
    string Title,
    IncidentState State,
    Severity Severity,
    Tlp Tlp,
    string ThreatTypeId,
    Subject Subject,
    DateTimeOffset OpenedAt,
    DateTimeOffset UpdatedAt,
    string? GroupKey,
    IReadOnlyList<string> Recipients,
    IReadOnlyList<string> NamedPeople,
    IReadOnlyList<Guid> ObservationIds,
    IReadOnlyList<TimelineEntry> Timeline);
