namespace Dnscert.Core.Store;

/// <summary>Check runs of monitored zones.</summary>
public interface ICheckRunRepository
{
    /// <summary>
    /// Stores a run and the evidence it cites in one transaction: after the returned task completes, both are
    /// durable; if it fails, neither is stored. A run whose id is stored already is left as it is, so a write retried
    /// after a lost acknowledgement does not fail.
    /// </summary>
    Task AddAsync(StoredCheckRun run, IReadOnlyCollection<EvidenceBlob> evidence, CancellationToken cancellationToken = default);

    Task<StoredCheckRun?> GetAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>The newest runs of a zone first.</summary>
    Task<IReadOnlyList<StoredCheckRun>> LatestAsync(string zone, int limit, CancellationToken cancellationToken = default);

    /// <summary>Runs started in [<paramref name="from"/>, <paramref name="to"/>) counted per UTC day and highest severity, oldest day first; days without runs are left out.</summary>
    Task<IReadOnlyList<DailyRunCounts>> CountByDayAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default);

    /// <summary>Every monitored zone counted by the highest severity of its latest run (one index seek per zone; no messages read).</summary>
    Task<ZoneHealth> ZoneHealthAsync(CancellationToken cancellationToken = default);

    /// <summary>The latest run of each of <paramref name="zones"/> that has one, without messages, in one query.</summary>
    Task<IReadOnlyList<CheckRunSummary>> LatestSummariesAsync(IReadOnlyCollection<string> zones, CancellationToken cancellationToken = default);

    /// <summary>The newest runs of a zone first, without messages.</summary>
    Task<IReadOnlyList<CheckRunSummary>> SummariesAsync(string zone, int limit, CancellationToken cancellationToken = default);

    // The same reads as a person sees them: a run carries its zone's TLP, and what the viewer may not see is never read.

    /// <summary>The run when <paramref name="viewer"/> may see its zone under TLP, else null.</summary>
    Task<StoredCheckRun?> GetVisibleAsync(Guid id, Viewer viewer, CancellationToken cancellationToken = default);

    /// <summary>The newest runs of a zone first, without messages; empty when the viewer may not see the zone.</summary>
    Task<IReadOnlyList<CheckRunSummary>> SummariesAsync(string zone, int limit, Viewer viewer, CancellationToken cancellationToken = default);

    /// <summary>The latest run of each of <paramref name="zones"/> that has one and that the viewer may see.</summary>
    Task<IReadOnlyList<CheckRunSummary>> LatestSummariesAsync(IReadOnlyCollection<string> zones, Viewer viewer, CancellationToken cancellationToken = default);

    /// <summary>Runs per UTC day and highest severity of the zones the viewer may see.</summary>
    Task<IReadOnlyList<DailyRunCounts>> CountByDayAsync(DateTimeOffset from, DateTimeOffset to, Viewer viewer, CancellationToken cancellationToken = default);

    /// <summary>The zones the viewer may see, counted by the highest severity of their latest run (one indexed scan of zones).</summary>
    Task<ZoneHealth> ZoneHealthAsync(Viewer viewer, CancellationToken cancellationToken = default);
}
