namespace Dnscert.Core.Store;

/// <summary>
/// Traffic statistics for the dashboard, bounded: per capture only the top-k of each list, at most
/// <see cref="MaxBucketsPerCapture"/> buckets and <see cref="MaxDetectionsPerCapture"/> detections, and captures stored
/// before a retention cut-off are deleted with everything under them. Reads apply the TLP visibility filter.
/// </summary>
public interface ITrafficRepository
{
    /// <summary>Most buckets kept per capture; later ones are refused by <see cref="SaveAsync"/> (a day of minutes and more).</summary>
    const int MaxBucketsPerCapture = 10_080;

    /// <summary>Most detections kept per capture; the summary still counts every detection.</summary>
    const int MaxDetectionsPerCapture = 10_000;

    /// <summary>
    /// Creates or updates the capture (same id: a live session saved again), inserts or replaces its buckets by start,
    /// and appends the detections. One transaction.
    /// </summary>
    Task SaveAsync(TrafficCapture capture, IReadOnlyList<TrafficBucket> buckets, IReadOnlyList<TrafficDetectionEntry> newDetections, CancellationToken cancellationToken = default);

    /// <summary>
    /// The captures <paramref name="viewer"/> may see, most recently stored first (their recipients and people are not
    /// read here: <see cref="GetAsync"/> gives them).
    /// </summary>
    Task<IReadOnlyList<TrafficCapture>> ListAsync(Viewer viewer, int limit, CancellationToken cancellationToken = default);

    /// <summary>One capture with its buckets and detections, or null when it does not exist or the viewer may not see it.</summary>
    Task<TrafficCaptureDetail?> GetAsync(Guid id, Viewer viewer, CancellationToken cancellationToken = default);

    /// <summary>Deletes the captures stored before <paramref name="cutoff"/> (retention); returns how many.</summary>
    Task<int> DeleteStoredBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default);
}
