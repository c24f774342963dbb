namespace Dnscert.Core.Store;

/// <summary>Keyset position in the list of published reports (newest first).</summary>
public sealed record PublishedReportCursor(DateTimeOffset PublishedAt, Guid Id);
