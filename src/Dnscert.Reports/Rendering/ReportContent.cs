using Dnscert.Core.Statistics;
using Dnscert.Core;
using Dnscert.Reports.Gaps;
using Dnscert.Reports.Statistics;

namespace Dnscert.Reports.Rendering;

/// <summary>Every number a report shows, computed once and rendered as HTML, JSON or CSV so the formats never disagree.</summary>
public sealed record ReportContent(
    ReportKind Kind,
    string Language,
    StatisticsPeriod Period,
    DateTimeOffset Generated,
    long TotalAffected,
    IReadOnlyList<(DateOnly Day, long Active, long New)> Daily,
    IReadOnlyList<KeyValuePair<string, long>> ByTld,
    IReadOnlyList<KeyValuePair<string, long>> ByRegion,
    IReadOnlyList<KeyValuePair<string, long>> ByThreatType,
    IReadOnlyList<KeyValuePair<string, long>> BySource,
    IReadOnlyList<KeyValuePair<Severity, long>> Severities,
    IReadOnlyList<MonthlyRate> Rates,
    IReadOnlyList<MitigationTime> Mitigation,
    IReadOnlyList<GapCell> Gaps)
{
    /// <summary>Computes a report from the daily cells. The health report keeps only what the checks found (<c>infra.*</c>).</summary>
    public static ReportContent Build(
        ReportKind kind,
        string language,
        IEnumerable<KeyValuePair<DailyKey, DailyCounts>> cells,
        StatisticsPeriod period,
        DateTimeOffset generated,
        IReadOnlyDictionary<string, long> tldSizes,
        IReadOnlyList<Capability> capabilities)
    {
        ArgumentNullException.ThrowIfNull(cells);
        ArgumentNullException.ThrowIfNull(period);
        return Build(kind, language, PeriodSummary.FromCells(cells, period.From, period.To), period, generated, tldSizes, capabilities);
    }

    /// <summary>Computes a report from the sums the store made for the period (the fast path of the CLI and dashboard).</summary>
    public static ReportContent Build(
        ReportKind kind,
        string language,
        PeriodSummary summary,
        StatisticsPeriod period,
        DateTimeOffset generated,
        IReadOnlyDictionary<string, long> tldSizes,
        IReadOnlyList<Capability> capabilities)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(capabilities);
        if (!ReportText.IsSupported(language))
        {
            throw new DnscertException($"Report language '{language}' is not supported; use one of {string.Join(", ", ReportText.Languages)}.");
        }

        var selected = kind == ReportKind.Health ? summary.OnlySource(ObservationSources.Checks) : summary;
        var calc = new StatisticsCalculator(selected, period);
        return new ReportContent(
            kind,
            language,
            period,
            generated,
            calc.TotalAffected,
            calc.Daily(),
            calc.ByTld(),
            calc.ByRegion(),
            calc.ByThreatType(),
            calc.BySource(),
            calc.SeverityDistribution(),
            calc.MonthlyRates(tldSizes),
            calc.MitigationTimes(),
            kind == ReportKind.Gaps ? GapAnalysis.Analyse(calc, capabilities) : []);
    }
}
