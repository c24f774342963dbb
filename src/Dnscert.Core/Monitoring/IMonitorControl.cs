using Dnscert.Core.Store;

namespace Dnscert.Core.Monitoring;

/// <summary>
/// What the web interface, the API and the CLI may ask of the running monitor. Implemented by the monitor in
/// Dnscert.Checks (Monitor/ZoneMonitor); hosts register one instance.
/// </summary>
public interface IMonitorControl
{
    /// <summary>
    /// Adds zones (names with or without the final dot, any case) to a zone set, creating the set with the default
    /// interval when it does not exist, and schedules each new zone for a check now. Returns how many were new.
    /// A name that is not a domain name throws <see cref="DnscertException"/> naming it; nothing is added then.
    /// </summary>
    Task<int> AddZonesAsync(string setName, IReadOnlyCollection<string> zones, CancellationToken cancellationToken = default);

    /// <summary>
    /// As <see cref="AddZonesAsync(string, IReadOnlyCollection{string}, CancellationToken)"/>, with the TLP marking the new
    /// zones carry (instead of the configured default); zones already monitored keep theirs.
    /// </summary>
    Task<int> AddZonesAsync(string setName, IReadOnlyCollection<string> zones, Tlp tlp, CancellationToken cancellationToken = default);

    /// <summary>Checks a monitored zone now (outside its schedule) and returns the stored run.</summary>
    Task<StoredCheckRun> CheckNowAsync(string zone, CancellationToken cancellationToken = default);

    /// <summary>
    /// Makes the zone's latest observed delegation (NS, DS, DNSKEY, glue, serial) its baseline, as an analyst does
    /// after checking that a change was wanted; the open "delegation changed" observation of the zone is resolved.
    /// </summary>
    Task ConfirmBaselineAsync(string zone, CancellationToken cancellationToken = default);

    /// <summary>The web host counts its requests here; the monitor starts fewer checks while they are served.</summary>
    ForegroundActivity Foreground { get; }
}
