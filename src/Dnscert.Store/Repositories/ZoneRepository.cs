using System.Data.Common;
using Dnscert.Core.Store;
using Dnscert.Store.Sql;
using Dnscert.Store.Visibility;

namespace Dnscert.Store.Repositories;

internal sealed class ZoneRepository : IZoneRepository
{
    private const string SetColumns = "name, tags, check_interval_us";
    private const string ZoneColumns = "name, set_name, tags, added, tlp";

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
            $"INSERT INTO zones ({ZoneColumns}) VALUES (@name, @set, @tags, @added, @tlp) "
            + "ON CONFLICT (name) DO UPDATE SET set_name = excluded.set_name, tags = excluded.tags, added = excluded.added, tlp = excluded.tlp",
            (c, d) => c.With("@name", zone.Name).With("@set", zone.SetName).With("@tags", Codes.List(zone.Tags)).With("@added", d.Time(zone.Added)).With("@tlp", Codes.Of(zone.Tlp)),
            cancellationToken);
    }

    public async Task<MonitoredZone?> GetAsync(string name, CancellationToken cancellationToken = default) =>
        (await _store.QueryAsync($"read zone {name}", $"SELECT {ZoneColumns} FROM zones WHERE name = @name", (c, _) => c.With("@name", name), ReadZone, cancellationToken))
        .SingleOrDefault();

    public Task<Page<MonitoredZone, string>> ListAsync(string? after, int limit, string? setName = null, CancellationToken cancellationToken = default) =>
        ListAsync(new ZoneQuery(Viewer.System, SetName: setName), after, limit, cancellationToken);

    public async Task<MonitoredZone?> GetVisibleAsync(string name, Viewer viewer, CancellationToken cancellationToken = default)
    {
        var (visible, bind) = VisibilityFilter.Zones(viewer, "z");
        return (await _store.QueryAsync(
                $"read zone {name}",
                $"SELECT {ZoneColumns} FROM zones z WHERE z.name = @name AND {visible}",
                (c, d) => bind(c.With("@name", name), d),
                ReadZone,
                cancellationToken))
            .SingleOrDefault();
    }

    public async Task<Page<MonitoredZone, string>> ListAsync(ZoneQuery query, string? after, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        Limits.Page(limit);

        // Only the filters given become SQL, so no parameter is ever an untyped NULL (PostgreSQL refuses those).
        var (visible, bindVisible) = VisibilityFilter.Zones(query.Viewer, "z");
        var where = new List<string> { visible };
        var binds = new List<Action<DbCommand, StoreDialect>> { bindVisible };
        if (after is not null)
        {
            where.Add("z.name > @after");
            binds.Add((c, _) => c.With("@after", after));
        }

        if (query.SetName is { } setName)
        {
            where.Add("z.set_name = @set");
            binds.Add((c, _) => c.With("@set", setName));
        }

        if (query.LatestSeverity is { } severity)
        {
            // Index zones_by_latest_severity (latest_severity, name): a seek, then names in order.
            where.Add("z.latest_severity = @severity");
            binds.Add((c, _) => c.With("@severity", (int)severity));
        }

        if (!string.IsNullOrEmpty(query.NameContains))
        {
            Limits.Text(query.NameContains, "zone name filter");
            where.Add("z.name LIKE @pattern ESCAPE '!'");
            binds.Add((c, _) => c.With("@pattern", "%" + EscapeLike(query.NameContains) + "%"));
        }

        var sql = $"SELECT {ZoneColumns} FROM zones z WHERE {string.Join(" AND ", where)} ORDER BY z.name LIMIT @limit";
        var rows = await _store.QueryAsync(
            "list zones",
            sql,
            (c, d) =>
            {
                foreach (var bind in binds)
                {
                    bind(c, d);
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

    public async Task<bool> SetTlpAsync(string name, Tlp tlp, CancellationToken cancellationToken = default) =>
        await _store.ExecuteAsync($"mark zone {name} {Codes.Of(tlp)}", "UPDATE zones SET tlp = @tlp WHERE name = @name", (c, _) => c.With("@tlp", Codes.Of(tlp)).With("@name", name), cancellationToken) > 0;

    public async Task<bool> DeleteAsync(string name, CancellationToken cancellationToken = default) =>
        await _store.ExecuteAsync($"delete zone {name}", "DELETE FROM zones WHERE name = @name", (c, _) => c.With("@name", name), cancellationToken) > 0;

    private static ZoneSet ReadSet(DbDataReader r, StoreDialect d) =>
        new(r.GetString(0), Codes.ListOf(r.GetString(1)), Codes.FromMicroseconds(r.GetInt64(2)));

    private static MonitoredZone ReadZone(DbDataReader r, StoreDialect d) =>
        new(r.GetString(0), r.GetString(1), Codes.ListOf(r.GetString(2)), d.ReadTime(r, 3), Codes.TlpOf(r.GetString(4)));

    /// <summary>A LIKE pattern that matches <paramref name="text"/> literally ('!' escapes, as the query declares).</summary>
    private static string EscapeLike(string text) => text.Replace("!", "!!", StringComparison.Ordinal).Replace("%", "!%", StringComparison.Ordinal).Replace("_", "!_", StringComparison.Ordinal);
}
