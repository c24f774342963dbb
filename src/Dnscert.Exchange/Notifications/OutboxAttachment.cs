namespace Dnscert.Exchange.Notifications;

/// <summary>A text file sent with an e-mail: its file name, media type (<c>text/csv</c>) and UTF-8 content.</summary>
public sealed record OutboxAttachment(string FileName, string MediaType, string Content);
