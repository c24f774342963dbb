namespace Dnscert.Feeds;

/// <summary>What a parser yields per line or item: an entry or a rejection, never an exception.</summary>
public readonly record struct FeedItem(FeedEntry? Entry, FeedRejection? Rejection)
{
    public static FeedItem Of(FeedEntry entry) => new(entry, null);

    public static FeedItem Rejected(long line, string reason, string raw) => new(null, FeedRejection.Create(line, reason, raw));
}
