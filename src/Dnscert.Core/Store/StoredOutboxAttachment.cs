namespace Dnscert.Core.Store;

/// <summary>A text file kept with an outbox message: file name, media type (<c>text/csv</c>) and UTF-8 content.</summary>
public sealed record StoredOutboxAttachment(string FileName, string MediaType, string Content);
