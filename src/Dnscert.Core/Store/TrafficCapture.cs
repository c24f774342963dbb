namespace Dnscert.Core.Store;

/// <summary>
/// One stored traffic analysis (<c>traffic analyze --store</c>) or live session (<c>traffic listen --store</c>): where the
/// traffic came from, its TLP (traffic names clients, so it is not public by default), when it was stored, the capture
/// time it covers and its <see cref="Summary"/>. <see cref="StoredAt"/> is the instance's clock, used for retention.
/// <see cref="Recipients"/> and <see cref="People"/> share it as an incident is shared (docs/traffic.md).
/// </summary>
public sealed record TrafficCapture(
    Guid Id,
    string Source,
    Tlp Tlp,
    DateTimeOffset StoredAt,
    DateTimeOffset? First,
    DateTimeOffset? Last,
    TimeSpan BucketWidth,
    TrafficSummary Summary)
{
    /// <summary>Organisations (stakeholder ids) the traffic is shared with: they read it at AMBER and AMBER+STRICT.</summary>
    public IReadOnlyList<string> Recipients { get; init; } = [];

    /// <summary>People (user names) named as its readers: the only ones, besides the instance itself, who read it at TLP:RED.</summary>
    public IReadOnlyList<string> People { get; init; } = [];
}
