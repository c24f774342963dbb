namespace Dnscert.Core.Store;

/// <summary>
/// One line of an incident's append-only timeline: who did what when. Entries are only ever added, never
/// changed, so the timeline is the incident's audit trail. <paramref name="Actor"/> is a user name or
/// <c>system:…</c> for automatic changes.
/// </summary>
public sealed record TimelineEntry(DateTimeOffset At, string Actor, TimelineEntryKind Kind, string Text);
