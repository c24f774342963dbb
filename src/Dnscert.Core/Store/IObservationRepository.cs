using System.Threading.Channels;

namespace Dnscert.Core.Store;

/// <summary>Observations, the common output of checks, detectors and feeds.</summary>
public interface IObservationRepository
{
    /// <summary>Adds an observation or, when its id exists, replaces it (last seen, state, evidence, summary move on).</summary>
    Task SaveAsync(Observation observation, CancellationToken cancellationToken = default);

    /// <summary>Saves many observations in one transaction: all are stored or none.</summary>
    Task SaveAllAsync(IReadOnlyCollection<Observation> observations, CancellationToken cancellationToken = default);

    Task<Observation?> GetAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>The observation when <paramref name="viewer"/> may see it under TLP, else null (as if it did not exist).</summary>
    Task<Observation?> GetVisibleAsync(Guid id, Viewer viewer, CancellationToken cancellationToken = default);

    /// <summary>The open observation with this fingerprint, if any (the newest when several).</summary>
    Task<Observation?> FindOpenAsync(string fingerprint, CancellationToken cancellationToken = default);

    /// <summary>
    /// Merges a batch by fingerprint in one transaction, together with the evidence blobs it cites, so a crash leaves
    /// the whole batch or none of it. A candidate whose fingerprint has an open observation (the newest when several)
    /// replaces it with <paramref name="merge"/>(stored, candidate), which keeps the stored id; the other candidates are
    /// added. The statistics rollups move by the batch's total difference in the same transaction. One look-up for the
    /// whole batch instead of one <see cref="FindOpenAsync"/> per candidate is what makes bulk feed ingestion fast.
    /// Candidates must have distinct fingerprints. Returns how many observations were added.
    /// </summary>
    Task<int> MergeOpenByFingerprintAsync(
        IReadOnlyList<Observation> candidates,
        IReadOnlyCollection<EvidenceBlob> evidence,
        Func<Observation, Observation, Observation> merge,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// <see cref="MergeOpenByFingerprintAsync"/> for candidates given by their parts (new open observations citing
    /// short text lines): the same rows, evidence and rollups, with no record per candidate unless it merges into a
    /// stored one. Fingerprints in ascending ordinal order let the store skip the look-up when none of the batch's
    /// range is stored. One transaction; returns how many observations were added. A re-report — a candidate whose
    /// stored open observation already has its summary and cites every one of its lines — may only widen that
    /// observation's first and last seen without calling <paramref name="merge"/> (SQLite does): a merge must leave
    /// such a pair as it is but for those two times.
    /// </summary>
    Task<int> MergeOpenCandidatesAsync(ObservationCandidates candidates, Func<Observation, Observation, Observation> merge, CancellationToken cancellationToken = default);

    /// <summary>
    /// Whether <see cref="LoadCandidatesInBulkAsync"/> would build the observation indexes anew for a run of
    /// <paramref name="count"/> new candidates whose fingerprints span <paramref name="firstFingerprint"/> to
    /// <paramref name="lastFingerprint"/>: SQLite only, no open observation stored in that range, and no more
    /// observations stored than the run adds (so sorting them all again is cheaper than inserting into the indexes).
    /// </summary>
    Task<bool> CanLoadCandidatesInBulkAsync(int count, string firstFingerprint, string lastFingerprint, CancellationToken cancellationToken = default);

    /// <summary>
    /// A whole run of candidate batches (distinct fingerprints, ascending over the whole run, within the range given)
    /// in <b>one</b> transaction, read from <paramref name="batches"/> while the caller prepares the next: when the
    /// store is still as <see cref="CanLoadCandidatesInBulkAsync"/> found it, the observation indexes (all but the
    /// primary key) are dropped, the rows inserted, and the indexes created again before the commit; otherwise each
    /// batch is merged as by <see cref="MergeOpenCandidatesAsync"/>, still in the one transaction. Readers keep seeing the
    /// store as it was, with its indexes, until the commit; a crash or a failed batch leaves it as it was. The store's
    /// writer is held for the whole run. Returns how many observations were added.
    /// </summary>
    Task<int> LoadCandidatesInBulkAsync(
        ChannelReader<(ObservationCandidates Candidates, Func<Observation, Observation, Observation> Merge)> batches,
        int count,
        string firstFingerprint,
        string lastFingerprint,
        CancellationToken cancellationToken = default);

    /// <summary>The observations the query matches (its viewer's TLP included), counted per severity in SQL.</summary>
    Task<SeverityCounts> CountBySeverityAsync(ObservationQuery query, CancellationToken cancellationToken = default);

    /// <summary>Observations newest first by (last seen, id), after <paramref name="after"/>.</summary>
    Task<Page<Observation, ObservationCursor>> ListAsync(ObservationQuery query, ObservationCursor? after, int limit, CancellationToken cancellationToken = default);
}
