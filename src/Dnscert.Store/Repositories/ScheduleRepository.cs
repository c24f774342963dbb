using System.Data.Common;
using Dnscert.Core.Store;
using Dnscert.Store.Sql;

namespace Dnscert.Store.Repositories;

internal sealed class ScheduleRepository : IScheduleRepository
{
    private const string Columns = "zone, next_due, last_run, consecutive_failures";

    private readonly DnscertStore _store;

    public ScheduleRepository(DnscertStore store) => _store = store;

    public Task SaveAsync(ScheduleState state, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        return _store.ExecuteAsync(
            $"save schedule of {state.Zone}",
            $"INSERT INTO schedule ({Columns}) VALUES (@zone, @due, @last, @failures) "
            + "ON CONFLICT (zone) DO UPDATE SET next_due = excluded.next_due, last_run = excluded.last_run, consecutive_failures = excluded.consecutive_failures",
            (c, d) => c.With("@zone", state.Zone)
                .With("@due", d.Time(state.NextDue))
                .With("@last", state.LastRun is { } last ? d.Time(last) : null)
                .With("@failures", state.ConsecutiveFailures),
            cancellationToken);
    }

    public async Task<ScheduleState?> GetAsync(string zone, CancellationToken cancellationToken = default) =>
        (await _store.QueryAsync($"read schedule of {zone}", $"SELECT {Columns} FROM schedule WHERE zone = @zone", (c, _) => c.With("@zone", zone), Read, cancellationToken))
        .SingleOrDefault();

    public async Task<IReadOnlyList<ScheduleState>> DueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken = default)
    {
        Limits.Page(limit);
        return await _store.QueryAsync(
            "list due zones",
            $"SELECT {Columns} FROM schedule WHERE next_due <= @now ORDER BY next_due, zone LIMIT @limit",
            (c, d) => c.With("@now", d.Time(now)).With("@limit", limit),
            Read,
            cancellationToken);
    }

    private static ScheduleState Read(DbDataReader r, StoreDialect d) =>
        new(r.GetString(0), d.ReadTime(r, 1), r.IsDBNull(2) ? null : d.ReadTime(r, 2), r.GetInt32(3));
}
