namespace Dnscert.Feeds.Ingestion;

/// <summary>Validators of the last successful download, sent back as If-None-Match / If-Modified-Since so an unchanged feed costs one 304.</summary>
public sealed record FeedFetchState(string? ETag, DateTimeOffset? LastModified);
