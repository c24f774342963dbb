namespace Dnscert.Core.Store;

/// <summary>Incidents and their timelines. Every read takes a <see cref="Viewer"/> and returns only what TLP lets it see.</summary>
public interface IIncidentRepository
{
    /// <summary>Adds or updates an incident; timeline entries beyond those stored are appended, stored ones are never rewritten.</summary>
    Task SaveAsync(StoredIncident incident, CancellationToken cancellationToken = default);

    Task<StoredIncident?> GetAsync(Guid id, Viewer viewer, CancellationToken cancellationToken = default);

    /// <summary>The newest incident not closed or rejected with this group key (policy grouping), unfiltered.</summary>
    Task<StoredIncident?> FindOpenByGroupAsync(string groupKey, CancellationToken cancellationToken = default);

    /// <summary>Incidents newest update first by (updated at, id), after <paramref name="after"/>.</summary>
    Task<Page<StoredIncident, IncidentCursor>> ListAsync(IncidentQuery query, IncidentCursor? after, int limit, CancellationToken cancellationToken = default);
}
