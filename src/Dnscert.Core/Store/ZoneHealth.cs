namespace Dnscert.Core.Store;

/// <summary>Monitored zones by the highest severity of their latest run; <paramref name="Unchecked"/> have no run yet.</summary>
public sealed record ZoneHealth(int Zones, int Unchecked, SeverityCounts ByLatestSeverity);
