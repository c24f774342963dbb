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
}
