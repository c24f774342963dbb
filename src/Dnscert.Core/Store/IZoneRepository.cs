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

    /// <summary>Removes a zone with its runs, baseline and schedule. Returns false when there was no such zone.</summary>
    Task<bool> DeleteAsync(string name, CancellationToken cancellationToken = default);
}
