namespace Dnscert.Feeds;

/// <summary>
/// Reads one feed format. Implementations never throw on bad input: every line or item becomes an entry or a
/// rejection, so one bad line never stops a feed; only cancellation and I/O errors of the stream propagate.
/// </summary>
public interface IFeedParser
{
    /// <summary>Id used in feeds.json and <c>--parser</c>.</summary>
    string Id { get; }

    IEnumerable<FeedItem> Parse(Stream feed, CancellationToken cancellationToken = default);
}
