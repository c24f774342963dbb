namespace Dnscert.Core.Store;

/// <summary>
/// One comment on a published report. <paramref name="Organisation"/> is the author's stakeholder id when they wrote
/// it (null for the instance's own team), kept with the comment so the record does not change if the user moves.
/// <paramref name="Text"/> is plain text, exactly as typed (pages encode it).
/// </summary>
public sealed record ReportComment(Guid Id, Guid ReportId, string Author, string? Organisation, DateTimeOffset At, string Text);
