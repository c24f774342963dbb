namespace Dnscert.Core.Store;

/// <summary>One stance stated by a user on a report; a later entry of the same user replaces it in the tally, and both stay in the history.</summary>
public sealed record ReportStanceEntry(Guid ReportId, string UserName, string Organisation, ReportStance Stance, DateTimeOffset At);
