namespace Dnscert.Feeds;

/// <summary>
/// Explicit bounds every parser enforces, so a hostile or broken feed costs bounded memory and time: a line longer
/// than <see cref="MaxLineLength"/> is rejected (and skipped, not buffered), a JSON document larger than
/// <see cref="MaxDocumentBytes"/> is refused, and at most <see cref="MaxEntries"/> items are read from one feed.
/// </summary>
public sealed record FeedLimits
{
    public static FeedLimits Default { get; } = new();

    /// <summary>Longest accepted line, in characters (URLs in the wild stay well below this).</summary>
    public int MaxLineLength { get; init; } = 8192;

    /// <summary>Largest JSON document (MISP event, STIX bundle) read whole, in bytes.</summary>
    public long MaxDocumentBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>Most items (entries plus rejections) read from one feed; the rest is reported as one rejection.</summary>
    public long MaxEntries { get; init; } = 50_000_000;

    /// <summary>Deepest JSON nesting accepted.</summary>
    public int MaxJsonDepth { get; init; } = 32;
}
