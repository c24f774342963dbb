namespace Dnscert.Core.Statistics;

/// <summary>
/// One cell of the daily aggregate: a day (UTC), the TLD and region of the subject, the threat type, the source
/// that produced the observation and its severity. Every chart of the dashboard and every report number is a sum
/// over such cells, which is why they are the unit the aggregate keeps.
/// </summary>
public readonly record struct DailyKey(DateOnly Day, string Tld, string Region, string ThreatTypeId, string Source, Severity Severity);
