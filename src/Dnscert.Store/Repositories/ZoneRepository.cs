using System.Data.Common;
using Dnscert.Core.Store;
using Dnscert.Store.Sql;

namespace Dnscert.Store.Repositories;

internal sealed class ZoneRepository : IZoneRepository
{
    private const string SetColumns = "name, tags, check_interval_us";
    private const string ZoneColumns = "name, set_name, tags, added";

    private readonly DnscertStore _store;

    public ZoneRepository(DnscertStore store) => _store = store;

    public Task SaveSetAsync(ZoneSet set, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(set);
        return _store.ExecuteAsync(
            $"save zone set {set.Name}",
            $"INSERT INTO zone_sets ({SetColumns}) VALUES (@name, @tags, @interval) "
            + "ON CONFLICT (name) DO UPDATE SET tags = excluded.tags, check_interval_us = excluded.check_interval_us",
            (c, _) => c.With("@name", set.Name).With("@tags", Codes.List(set.Tags)).With("@interval", Codes.Microseconds(set.CheckInterval)),
            cancellationToken);
    }

    public async Task<ZoneSet?> GetSetAsync(string name, CancellationToken cancellationToken = default) =>
        (await _store.QueryAsync($"read zone set {name}", $"SELECT {SetColumns} FROM zone_sets WHERE name = @name", (c, _) => c.With("@name", name), ReadSet, cancellationToken))
        .SingleOrDefault();

    public async Task<IReadOnlyList<ZoneSet>> ListSetsAsync(CancellationToken cancellationToken = default) =>
        await _store.QueryAsync("list zone sets", $"SELECT {SetColumns} FROM zone_sets ORDER BY name", (_, _) => { }, ReadSet, cancellationToken);

    public Task SaveAsync(MonitoredZone zone, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return _store.ExecuteAsync(
            $"save zone {zone.Name}",
            $"INSERT INTO zones ({ZoneColumns}) VALUES (@name, @set, @tags, @added) "
            + "ON CONFLICT (name) DO UPDATE SET set_name = excluded.set_name, tags = excluded.tags, added = excluded.added",
            (c, d) => c.With("@name", zone.Name).With("@set", zone.SetName).With("@tags", Codes.List(zone.Tags)).With("@added", d.Time(zone.Added)),
            cancellationToken);
    }

    public async Task<MonitoredZone?> GetAsync(string name, CancellationToken cancellationToken = default) =>
        (await _store.QueryAsync($"read zone {name}", $"SELECT {ZoneColumns} FROM zones WHERE name = @name", (c, _) => c.With("@name", name), ReadZone, cancellationToken))
        .SingleOrDefault();

    public async Task<Page<MonitoredZone, string>> ListAsync(string? after, int limit, string? setName = null, CancellationToken cancellationToken = default)
    {
        Limits.Page(limit);
        var where = new List<string>();
        if (after is not null)
        {
            where.Add("name > @after");
        }

        if (setName is not null)
        {
            where.Add("set_name = @set");
        }

        var sql = $"SELECT {ZoneColumns} FROM zones{(where.Count > 0 ? " WHERE " + string.Join(" AND ", where) : "")} ORDER BY name LIMIT @limit";
        var rows = await _store.QueryAsync(
            "list zones",
            sql,
            (c, _) =>
            {
                if (after is not null)
                {
                    c.With("@after", after);
                }

                if (setName is not null)
                {
                    c.With("@set", setName);
                }

                c.With("@limit", limit + 1);
            },
            ReadZone,
            cancellationToken);
        if (rows.Count <= limit)
        {
            return new Page<MonitoredZone, string>(rows, null);
        }

        rows.RemoveAt(limit);
        return new Page<MonitoredZone, string>(rows, rows[^1].Name);
    }

    public async Task<bool> DeleteAsync(string name, CancellationToken cancellationToken = default) =>
        await _store.ExecuteAsync($"delete zone {name}", "DELETE FROM zones WHERE name = @name", (c, _) => c.With("@name", name), cancellationToken) > 0;

    private static ZoneSet ReadSet(DbDataReader r, StoreDialect d) =>
        new(r.GetString(0), Codes.ListOf(r.GetString(1)), Codes.FromMicroseconds(r.GetInt64(2)));

    private static MonitoredZone ReadZone(DbDataReader r, StoreDialect d) =>
        new(r.GetString(0), r.GetString(1), Codes.ListOf(r.GetString(2)), d.ReadTime(r, 3));
}
