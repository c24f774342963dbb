namespace Dnscert.Core.Store;

/// <summary>
/// Which observations a list returns; null filters match everything. <paramref name="Viewer"/> null is the instance
/// itself (monitor, correlator); every list shown to a person passes the person's viewer (TLP filter).
/// <paramref name="Severity"/> is applied in SQL (index <c>observations_by_severity</c>), like every other filter.
/// </summary>
public sealed record ObservationQuery(ObservationState? State = null, string? ThreatTypeId = null, SubjectKind? SubjectKind = null, string? SubjectValue = null, Viewer? Viewer = null, Severity? Severity = null);
