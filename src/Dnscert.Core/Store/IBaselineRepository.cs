namespace Dnscert.Core.Store;

/// <summary>The confirmed baseline of each monitored zone.</summary>
public interface IBaselineRepository
{
    /// <summary>Adds or replaces the baseline of a monitored zone.</summary>
    Task SaveAsync(ZoneBaseline baseline, CancellationToken cancellationToken = default);

    Task<ZoneBaseline?> GetAsync(string zone, CancellationToken cancellationToken = default);

    /// <summary>The baseline when <paramref name="viewer"/> may see the zone under its TLP, else null.</summary>
    Task<ZoneBaseline?> GetVisibleAsync(string zone, Viewer viewer, CancellationToken cancellationToken = default);
}
