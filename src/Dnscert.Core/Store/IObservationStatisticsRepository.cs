using Dnscert.Core.Statistics;

namespace Dnscert.Core.Store;

/// <summary>
/// The daily aggregate of observations kept next to them: updated in the same transaction as each observation
/// save, so a dashboard chart over a year reads at most a year of small rows instead of every observation.
/// </summary>
public interface IObservationStatisticsRepository
{
    /// <summary>The non-zero cells of the days from <paramref name="from"/> to <paramref name="to"/> inclusive.</summary>
    Task<IReadOnlyList<KeyValuePair<DailyKey, DailyCounts>>> ReadDailyAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken = default);

    /// <summary>
    /// The sums a report of the days <paramref name="from"/>..<paramref name="to"/> needs, read from the rollups (monthly
    /// totals and daily per-TLD counts) plus the daily rows of the partial months at either end; equal to
    /// <see cref="PeriodSummary.FromCells"/> over <see cref="ReadDailyAsync"/>.
    /// </summary>
    Task<PeriodSummary> ReadSummaryAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken = default);

    /// <summary>Recomputes the aggregate from all stored observations; returns how many observations it read.</summary>
    Task<long> RebuildAsync(CancellationToken cancellationToken = default);
}
