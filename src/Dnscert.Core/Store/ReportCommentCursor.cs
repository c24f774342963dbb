namespace Dnscert.Core.Store;

/// <summary>Keyset position in a report's comments (oldest first).</summary>
public sealed record ReportCommentCursor(DateTimeOffset At, Guid Id);
