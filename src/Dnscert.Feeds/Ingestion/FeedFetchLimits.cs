namespace Dnscert.Feeds.Ingestion;

/// <summary>Bounds of one download: the body is cut off (and the fetch fails) past <see cref="MaxBytes"/>, the whole fetch past <see cref="Timeout"/>.</summary>
public sealed record FeedFetchLimits
{
    public static FeedFetchLimits Default { get; } = new();

    public long MaxBytes { get; init; } = 512L * 1024 * 1024;

    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(5);
}
