namespace Dnscert.Core.Statistics;

/// <summary>
/// What the aggregate counts per <see cref="DailyKey"/>: observations active that day (the subject was affected),
/// observations first seen that day, observations resolved that day and the summed seconds from first seen to
/// resolved of those (a sum, not a list, so the aggregate stays small; the mean follows from it).
/// </summary>
public readonly record struct DailyCounts(long Active, long New, long Resolved, long MitigationSeconds)
{
    public bool IsZero => Active == 0 && New == 0 && Resolved == 0 && MitigationSeconds == 0;

    public static DailyCounts operator +(DailyCounts a, DailyCounts b) =>
        new(a.Active + b.Active, a.New + b.New, a.Resolved + b.Resolved, a.MitigationSeconds + b.MitigationSeconds);

    public static DailyCounts operator -(DailyCounts a, DailyCounts b) =>
        new(a.Active - b.Active, a.New - b.New, a.Resolved - b.Resolved, a.MitigationSeconds - b.MitigationSeconds);

    public static DailyCounts Add(DailyCounts a, DailyCounts b) => a + b;

    public static DailyCounts Subtract(DailyCounts a, DailyCounts b) => a - b;
}
