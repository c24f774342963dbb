namespace Dnscert.Core.Store;

/// <summary>The confirmed baseline of each monitored zone.</summary>
public interface IBaselineRepository
{
    /// <summary>Adds or replaces the baseline of a monitored zone.</summary>
    Task SaveAsync(ZoneBaseline baseline, CancellationToken cancellationToken = default);

    Task<ZoneBaseline?> GetAsync(string zone, CancellationToken cancellationToken = default);
}
