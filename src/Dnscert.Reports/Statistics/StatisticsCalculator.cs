using Dnscert.Core.Statistics;
using Dnscert.Core;

namespace Dnscert.Reports.Statistics;

/// <summary>
/// Computes the published numbers from daily cells of a period. "Affected in the period" for any grouping is the
/// number of observations active on the first day plus those first seen on a later day of the period: each
/// observation is counted once however many days it stays open.
/// </summary>
public sealed class StatisticsCalculator
{
    private readonly PeriodSummary _summary;

    public StatisticsCalculator(IEnumerable<KeyValuePair<DailyKey, DailyCounts>> cells, StatisticsPeriod period)
        : this(Summarise(cells, period), period)
    {
    }

    /// <summary>From sums the store already made (<c>ReadSummaryAsync</c>), so a year report never walks daily cells.</summary>
    public StatisticsCalculator(PeriodSummary summary, StatisticsPeriod period)
    {
        ArgumentNullException.ThrowIfNull(summary);
        Period = period ?? throw new ArgumentNullException(nameof(period));
        _summary = summary;
    }

    public StatisticsPeriod Period { get; }

    private static PeriodSummary Summarise(IEnumerable<KeyValuePair<DailyKey, DailyCounts>> cells, StatisticsPeriod period)
    {
        ArgumentNullException.ThrowIfNull(cells);
        ArgumentNullException.ThrowIfNull(period);
        return PeriodSummary.FromCells(cells, period.From, period.To);
    }

    /// <summary>Affected observations in the period per value of <paramref name="group"/>, largest first.</summary>
    public IReadOnlyList<KeyValuePair<string, long>> Affected(Func<SummaryKey, string> group)
    {
        ArgumentNullException.ThrowIfNull(group);
        var sums = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (key, counts) in _summary.Totals)
        {
            if (counts.Affected != 0)
            {
                var name = group(key);
                sums[name] = sums.GetValueOrDefault(name) + counts.Affected;
            }
        }

        return [.. sums.Where(s => s.Value != 0).OrderByDescending(s => s.Value).ThenBy(s => s.Key, StringComparer.Ordinal)];
    }

    public long TotalAffected => Affected(_ => "all") is [var all] ? all.Value : 0;

    public IReadOnlyList<KeyValuePair<string, long>> ByTld() => Affected(k => k.Tld);

    public IReadOnlyList<KeyValuePair<string, long>> ByRegion() => Affected(k => k.Region);

    public IReadOnlyList<KeyValuePair<string, long>> ByThreatType() => Affected(k => k.ThreatTypeId);

    public IReadOnlyList<KeyValuePair<string, long>> BySource() => Affected(k => k.Source);

    /// <summary>Affected observations per severity, every level present (zero when none), lowest level first.</summary>
    public IReadOnlyList<KeyValuePair<Severity, long>> SeverityDistribution()
    {
        var found = Affected(k => k.Severity.ToString()).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        return [.. Enum.GetValues<Severity>().Select(s => new KeyValuePair<Severity, long>(s, found.GetValueOrDefault(s.ToString())))];
    }

    /// <summary>Per day of the period: observations active and observations first seen that day (zero days included).</summary>
    public IReadOnlyList<(DateOnly Day, long Active, long New)> Daily(Func<DayTldCounts, bool>? filter = null)
    {
        var active = new long[Period.Days];
        var fresh = new long[Period.Days];
        foreach (var counts in _summary.Days)
        {
            if (Period.Contains(counts.Day) && (filter is null || filter(counts)))
            {
                var i = counts.Day.DayNumber - Period.From.DayNumber;
                active[i] += counts.Active;
                fresh[i] += counts.New;
            }
        }

        return [.. Enumerable.Range(0, Period.Days).Select(i => (Period.From.AddDays(i), active[i], fresh[i]))];
    }

    /// <summary>
    /// Monthly DAAR-style rates for every TLD with a known size: for each month touching the period, the median of
    /// the daily active counts (days of the month inside the period, zero days included) per 10,000 domains.
    /// </summary>
    public IReadOnlyList<MonthlyRate> MonthlyRates(IReadOnlyDictionary<string, long> tldSizes)
    {
        ArgumentNullException.ThrowIfNull(tldSizes);
        var rates = new List<MonthlyRate>();
        foreach (var (tld, size) in tldSizes.Where(s => s.Value > 0).OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            var daily = Daily(k => string.Equals(k.Tld, tld, StringComparison.OrdinalIgnoreCase));
            foreach (var month in daily.GroupBy(d => (d.Day.Year, d.Day.Month)))
            {
                var median = Median([.. month.Select(d => (double)d.Active)]);
                rates.Add(new MonthlyRate(tld, month.Key.Year, month.Key.Month, size, month.Count(), median, median * 10_000 / size));
            }
        }

        return rates;
    }

    /// <summary>Per threat type: observations resolved in the period and their mean time to mitigate.</summary>
    public IReadOnlyList<MitigationTime> MitigationTimes()
    {
        var sums = new Dictionary<string, (long Count, long Seconds)>(StringComparer.Ordinal);
        foreach (var (key, counts) in _summary.Totals.Where(c => c.Value.Resolved != 0))
        {
            var s = sums.GetValueOrDefault(key.ThreatTypeId);
            sums[key.ThreatTypeId] = (s.Count + counts.Resolved, s.Seconds + counts.MitigationSeconds);
        }

        return [.. sums.OrderBy(s => s.Key, StringComparer.Ordinal)
            .Select(s => new MitigationTime(s.Key, s.Value.Count, TimeSpan.FromSeconds((double)s.Value.Seconds / s.Value.Count)))];
    }

    /// <summary>Affected per (threat type, region) and the severity-weighted score the gap analysis ranks by.</summary>
    public IReadOnlyDictionary<(string ThreatTypeId, string Region), (long Affected, double Weight)> ThreatByRegion()
    {
        var result = new Dictionary<(string, string), (long, double)>();
        foreach (var (key, counts) in _summary.Totals)
        {
            var contribution = counts.Affected;
            if (contribution != 0)
            {
                var cell = (key.ThreatTypeId, key.Region);
                var (affected, weight) = result.GetValueOrDefault(cell);
                result[cell] = (affected + contribution, weight + (contribution * SeverityWeight(key.Severity)));
            }
        }

        return result;
    }

    /// <summary>Affected per (threat type, region) and TLD, largest first: which constituencies, and so which languages, a gap cell touches.</summary>
    public IReadOnlyDictionary<(string ThreatTypeId, string Region), IReadOnlyList<KeyValuePair<string, long>>> ThreatByRegionAndTld()
    {
        var sums = new Dictionary<(string, string), Dictionary<string, long>>();
        foreach (var (key, counts) in _summary.Totals.Where(t => t.Value.Affected != 0))
        {
            if (!sums.TryGetValue((key.ThreatTypeId, key.Region), out var tlds))
            {
                sums[(key.ThreatTypeId, key.Region)] = tlds = new Dictionary<string, long>(StringComparer.Ordinal);
            }

            tlds[key.Tld] = tlds.GetValueOrDefault(key.Tld) + counts.Affected;
        }

        return sums.ToDictionary(
            s => s.Key,
            s => (IReadOnlyList<KeyValuePair<string, long>>)[.. s.Value.OrderByDescending(t => t.Value).ThenBy(t => t.Key, StringComparer.Ordinal)]);
    }

    /// <summary>How much one observation of a severity weighs in the gap ranking: doubling per level from notice up; debug and info weigh nothing.</summary>
    public static double SeverityWeight(Severity severity) => severity switch
    {
        Severity.Notice => 1,
        Severity.Warning => 2,
        Severity.Error => 4,
        Severity.Critical => 8,
        _ => 0,
    };

    /// <summary>The middle value, or the mean of the two middle values for an even count; 0 for none.</summary>
    public static double Median(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return 0;
        }

        var sorted = values.Order().ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
