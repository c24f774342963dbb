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

    /// <summary>The observations the query matches (its viewer's TLP included), counted per severity in SQL.</summary>
    Task<SeverityCounts> CountBySeverityAsync(ObservationQuery query, CancellationToken cancellationToken = default);

    /// <summary>Observations newest first by (last seen, id), after <paramref name="after"/>.</summary>
    Task<Page<Observation, ObservationCursor>> ListAsync(ObservationQuery query, ObservationCursor? after, int limit, CancellationToken cancellationToken = default);
}
