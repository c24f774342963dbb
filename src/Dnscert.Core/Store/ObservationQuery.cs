namespace Dnscert.Core.Store;

/// <summary>Which observations a list returns; null filters match everything.</summary>
public sealed record ObservationQuery(ObservationState? State = null, string? ThreatTypeId = null, SubjectKind? SubjectKind = null, string? SubjectValue = null);
