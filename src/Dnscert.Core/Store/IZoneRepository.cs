namespace Dnscert.Core.Store;

/// <summary>Zone sets and the zones in them.</summary>
public interface IZoneRepository
{
    /// <summary>Adds or replaces a zone set.</summary>
    Task SaveSetAsync(ZoneSet set, CancellationToken cancellationToken = default);

    Task<ZoneSet?> GetSetAsync(string name, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ZoneSet>> ListSetsAsync(CancellationToken cancellationToken = default);

    /// <summary>Adds or replaces a zone; its set must exist.</summary>
    Task SaveAsync(MonitoredZone zone, CancellationToken cancellationToken = default);

    Task<MonitoredZone?> GetAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Zones ordered by name, after <paramref name="after"/> (exclusive); optionally only those of one set.</summary>
    Task<Page<MonitoredZone, string>> ListAsync(string? after, int limit, string? setName = null, CancellationToken cancellationToken = default);

    /// <summary>The zone when <paramref name="viewer"/> may see it under its TLP, else null (as if it were not monitored).</summary>
    Task<MonitoredZone?> GetVisibleAsync(string name, Viewer viewer, CancellationToken cancellationToken = default);

    /// <summary>Zones ordered by name after <paramref name="after"/> (exclusive), filtered in SQL by the query and its viewer's TLP.</summary>
    Task<Page<MonitoredZone, string>> ListAsync(ZoneQuery query, string? after, int limit, CancellationToken cancellationToken = default);

    /// <summary>Marks a zone with a TLP (its runs, evidence and baseline follow). Returns false when there was no such zone.</summary>
    Task<bool> SetTlpAsync(string name, Tlp tlp, CancellationToken cancellationToken = default);

    /// <summary>Removes a zone with its runs, baseline and schedule. Returns false when there was no such zone.</summary>
    Task<bool> DeleteAsync(string name, CancellationToken cancellationToken = default);
}
