namespace Dnscert.Feeds.Ingestion;

/// <summary>A download: the body (null when the server answered 304 Not Modified) and the validators for next time.</summary>
public sealed record FeedFetchResult(Stream? Content, FeedFetchState State)
{
    public bool NotModified => Content is null;
}
