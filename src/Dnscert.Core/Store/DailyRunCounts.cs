namespace Dnscert.Core.Store;

/// <summary>How many check runs started on one UTC day, by the highest severity of each run.</summary>
public sealed record DailyRunCounts(DateOnly Day, SeverityCounts Runs);
