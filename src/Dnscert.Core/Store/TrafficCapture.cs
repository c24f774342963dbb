namespace Dnscert.Core.Store;

/// <summary>
/// One stored traffic analysis (<c>traffic analyze --store</c>) or live session (<c>traffic listen --store</c>): where the
/// traffic came from, its TLP (traffic names clients, so it is not public by default), when it was stored, the capture
/// time it covers and its <see cref="Summary"/>. <see cref="StoredAt"/> is the instance's clock, used for retention.
/// </summary>
public sealed record TrafficCapture(
    Guid Id,
    string Source,
    Tlp Tlp,
    DateTimeOffset StoredAt,
    DateTimeOffset? First,
    DateTimeOffset? Last,
    TimeSpan BucketWidth,
    TrafficSummary Summary);
