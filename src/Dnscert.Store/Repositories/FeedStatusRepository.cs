using System.Data.Common;
using Dnscert.Core.Store;
using Dnscert.Store.Sql;

namespace Dnscert.Store.Repositories;

internal sealed class FeedStatusRepository : IFeedStatusRepository
{
    private const string Columns = "feed_id, next_due, last_attempt, last_success, etag, last_modified, consecutive_failures, last_error, last_summary";

    /// <summary>Error and summary texts are cut to this length: they come from remote servers and feed content.</summary>
    private const int MaxText = 2000;

    private readonly DnscertStore _store;

    public FeedStatusRepository(DnscertStore store) => _store = store;

    public Task SaveAsync(FeedStatus status, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(status);
        return _store.ExecuteAsync(
            $"save status of feed {status.FeedId}",
            $"INSERT INTO feed_status ({Columns}) VALUES (@id, @due, @attempt, @success, @etag, @modified, @failures, @error, @summary) "
            + "ON CONFLICT (feed_id) DO UPDATE SET next_due = excluded.next_due, last_attempt = excluded.last_attempt, last_success = excluded.last_success, "
            + "etag = excluded.etag, last_modified = excluded.last_modified, consecutive_failures = excluded.consecutive_failures, "
            + "last_error = excluded.last_error, last_summary = excluded.last_summary",
            (c, d) => c.With("@id", status.FeedId)
                .With("@due", d.Time(status.NextDue))
                .With("@attempt", status.LastAttempt is { } attempt ? d.Time(attempt) : null)
                .With("@success", status.LastSuccess is { } success ? d.Time(success) : null)
                .With("@etag", Cut(status.ETag))
                .With("@modified", status.LastModified is { } modified ? d.Time(modified) : null)
                .With("@failures", status.ConsecutiveFailures)
                .With("@error", Cut(status.LastError))
                .With("@summary", Cut(status.LastSummary)),
            cancellationToken);
    }

    public async Task<IReadOnlyList<FeedStatus>> ListAsync(CancellationToken cancellationToken = default) =>
        await _store.QueryAsync("list feed status", $"SELECT {Columns} FROM feed_status ORDER BY feed_id", (_, _) => { }, Read, cancellationToken);

    private static string? Cut(string? text) => text is { Length: > MaxText } ? text[..MaxText] : text;

    private static FeedStatus Read(DbDataReader r, StoreDialect d) => new(
        r.GetString(0),
        d.ReadTime(r, 1),
        r.IsDBNull(2) ? null : d.ReadTime(r, 2),
        r.IsDBNull(3) ? null : d.ReadTime(r, 3),
        r.IsDBNull(4) ? null : r.GetString(4),
        r.IsDBNull(5) ? null : d.ReadTime(r, 5),
        r.GetInt32(6),
        r.IsDBNull(7) ? null : r.GetString(7),
        r.IsDBNull(8) ? null : r.GetString(8));
}
