namespace Dnscert.Core.Statistics;

/// <summary>
/// The totals of one <see cref="SummaryKey"/> over a period: observations affected (active on the first day or first
/// seen on a later day, so each counts once), observations resolved in the period and their summed time to mitigate.
/// </summary>
public readonly record struct SummaryCounts(long Affected, long Resolved, long MitigationSeconds)
{
    public bool IsZero => Affected == 0 && Resolved == 0 && MitigationSeconds == 0;

    public static SummaryCounts operator +(SummaryCounts a, SummaryCounts b) =>
        new(a.Affected + b.Affected, a.Resolved + b.Resolved, a.MitigationSeconds + b.MitigationSeconds);

    public static SummaryCounts Add(SummaryCounts a, SummaryCounts b) => a + b;
}
