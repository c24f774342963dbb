namespace Dnscert.Core.Statistics;

/// <summary>
/// Everything a report or dashboard chart of a period needs, already summed: totals per <see cref="SummaryKey"/> and
/// active/new counts per day, TLD and source. The store computes it from its rollup tables (a year is a few thousand
/// rows, not the whole daily aggregate); <see cref="FromCells"/> computes the same from daily cells, which is the
/// definition the store's version is tested against.
/// </summary>
public sealed record PeriodSummary(
    DateOnly From,
    DateOnly To,
    IReadOnlyList<KeyValuePair<SummaryKey, SummaryCounts>> Totals,
    IReadOnlyList<DayTldCounts> Days)
{
    /// <summary>Sums daily cells of the days <paramref name="from"/>..<paramref name="to"/> (others are ignored).</summary>
    public static PeriodSummary FromCells(IEnumerable<KeyValuePair<DailyKey, DailyCounts>> cells, DateOnly from, DateOnly to)
    {
        ArgumentNullException.ThrowIfNull(cells);
        var totals = new Dictionary<SummaryKey, SummaryCounts>();
        var days = new Dictionary<(DateOnly, string, string), (long Active, long New)>();
        foreach (var (key, counts) in cells)
        {
            if (key.Day < from || key.Day > to)
            {
                continue;
            }

            var summaryKey = new SummaryKey(key.Tld, key.Region, key.ThreatTypeId, key.Source, key.Severity);
            var add = new SummaryCounts(key.Day == from ? counts.Active : counts.New, counts.Resolved, counts.MitigationSeconds);
            totals[summaryKey] = totals.GetValueOrDefault(summaryKey) + add;
            var dayKey = (key.Day, key.Tld, key.Source);
            var (active, fresh) = days.GetValueOrDefault(dayKey);
            days[dayKey] = (active + counts.Active, fresh + counts.New);
        }

        return new PeriodSummary(
            from,
            to,
            [.. totals.Where(t => !t.Value.IsZero)],
            [.. days.Where(d => d.Value.Active != 0 || d.Value.New != 0).Select(d => new DayTldCounts(d.Key.Item1, d.Key.Item2, d.Key.Item3, d.Value.Active, d.Value.New))]);
    }

    /// <summary>The part produced by one source (the health report keeps only the checks).</summary>
    public PeriodSummary OnlySource(string source) => this with
    {
        Totals = [.. Totals.Where(t => string.Equals(t.Key.Source, source, StringComparison.Ordinal))],
        Days = [.. Days.Where(d => string.Equals(d.Source, source, StringComparison.Ordinal))],
    };

    /// <summary>Both in one canonical order, so two summaries of the same numbers compare equal in tests and exports.</summary>
    public PeriodSummary Canonical() => this with
    {
        Totals = [.. Totals.Where(t => !t.Value.IsZero).OrderBy(t => t.Key.ToString(), StringComparer.Ordinal)],
        Days = [.. Days.Where(d => d.Active != 0 || d.New != 0).OrderBy(d => d.ToString(), StringComparer.Ordinal)],
    };
}
