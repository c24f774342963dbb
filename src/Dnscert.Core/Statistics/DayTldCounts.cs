namespace Dnscert.Core.Statistics;

/// <summary>
/// Active and new observations of one day, TLD and source: what the time series and the DAAR-style monthly medians
/// need, kept in its own small table so they never sum the full daily aggregate.
/// </summary>
public readonly record struct DayTldCounts(DateOnly Day, string Tld, string Source, long Active, long New);
