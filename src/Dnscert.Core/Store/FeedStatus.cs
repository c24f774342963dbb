namespace Dnscert.Core.Store;

/// <summary>
/// What the feed scheduler knows about one configured feed, kept in the store so a restart neither refetches
/// everything at once nor forgets an ETag: when it is next due, the last attempt and success, the conditional-request
/// validators of the last download, failures in a row (for back-off), the last error and the last run's summary line.
/// </summary>
public sealed record FeedStatus(
    string FeedId,
    DateTimeOffset NextDue,
    DateTimeOffset? LastAttempt,
    DateTimeOffset? LastSuccess,
    string? ETag,
    DateTimeOffset? LastModified,
    int ConsecutiveFailures,
    string? LastError,
    string? LastSummary);
