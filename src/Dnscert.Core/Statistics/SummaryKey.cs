namespace Dnscert.Core.Statistics;

/// <summary>
/// A <see cref="DailyKey"/> without its day: the grouping of every per-period total (per TLD, region, threat type,
/// source, severity), so a year's totals are a few thousand rows whatever the number of days.
/// </summary>
public readonly record struct SummaryKey(string Tld, string Region, string ThreatTypeId, string Source, Severity Severity);
