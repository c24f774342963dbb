namespace Dnscert.Reports.Statistics;

/// <summary>Observations of a threat type resolved in the period and their mean time from first seen to resolved.</summary>
public sealed record MitigationTime(string ThreatTypeId, long Resolved, TimeSpan Mean);
