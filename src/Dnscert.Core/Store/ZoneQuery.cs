namespace Dnscert.Core.Store;

/// <summary>
/// Which zones a list returns, as <paramref name="Viewer"/> may see them under TLP; null filters match everything.
/// <paramref name="NameContains"/> is a lower-case substring of the name; <paramref name="LatestSeverity"/> the highest
/// severity of the zone's latest run. Every filter is applied in SQL.
/// </summary>
public sealed record ZoneQuery(Viewer Viewer, string? NameContains = null, string? SetName = null, Severity? LatestSeverity = null);
