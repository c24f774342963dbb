namespace Dnscert.Core.Store;

/// <summary>When a monitored zone is next due, when it last ran, and how many runs in a row failed (for back-off).</summary>
public sealed record ScheduleState(string Zone, DateTimeOffset NextDue, DateTimeOffset? LastRun, int ConsecutiveFailures);
