using System.Data.Common;
using Dnscert.Core;
using Dnscert.Core.Store;
using Dnscert.Store.Sql;
using Dnscert.Store.Visibility;

namespace Dnscert.Store.Repositories;

internal sealed class CheckRunRepository : ICheckRunRepository
{
    private const string Columns =
        "id, zone, started, duration_us, highest_severity, count_debug, count_info, count_notice, count_warning, count_error, count_critical, engine_version, messages";

    private const string InsertSql =
        $"INSERT INTO check_runs ({Columns}) VALUES (@id, @zone, @started, @duration, @highest, @debug, @info, @notice, @warning, @error, @critical, @engine, @messages) "
        + "ON CONFLICT (id) DO NOTHING";

    // The zone's latest severity is kept with the run, in its transaction, so lists filter on it through an index.
    private const string LatestSql =
        "UPDATE zones SET latest_severity = @highest, latest_started = @started WHERE name = @zone AND (latest_started IS NULL OR latest_started <= @started)";

    private const string InsertEvidenceSql = "INSERT INTO check_run_evidence (run_id, sha256, position) VALUES (@run, @sha256, @position)";

    private readonly DnscertStore _store;

    public CheckRunRepository(DnscertStore store) => _store = store;

    public async Task AddAsync(StoredCheckRun run, IReadOnlyCollection<EvidenceBlob> evidence, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(evidence);
        var now = _store.TimeProvider.GetUtcNow();
        await _store.WriteAsync(
            $"store check run {run.Id} of {run.Zone}",
            async (context, token) =>
            {
                // A run cites some 25 exchanges: one reused statement for them (and for the links below), not a
                // statement built and bound afresh per row.
                await EvidenceRepository.InsertManyAsync(context, evidence, now, token);

                var d = context.Dialect;
                var counts = run.Counts;
                var inserted = await context.Command(InsertSql)
                    .With("@id", d.Id(run.Id))
                    .With("@zone", run.Zone)
                    .With("@started", d.Time(run.Started))
                    .With("@duration", Codes.Microseconds(run.Duration))
                    .With("@highest", (int)run.HighestSeverity)
                    .With("@debug", counts.Debug)
                    .With("@info", counts.Info)
                    .With("@notice", counts.Notice)
                    .With("@warning", counts.Warning)
                    .With("@error", counts.Error)
                    .With("@critical", counts.Critical)
                    .With("@engine", run.EngineVersion)
                    .With("@messages", run.MessagesJson)
                    .ExecuteNonQueryAsync(token);
                if (inserted == 0)
                {
                    // Stored already: a retry after a commit whose acknowledgement was lost, or the same run twice.
                    return null;
                }

                await context.Command(LatestSql)
                    .With("@highest", (int)run.HighestSeverity)
                    .With("@started", d.Time(run.Started))
                    .With("@zone", run.Zone)
                    .ExecuteNonQueryAsync(token);
                var id = d.Id(run.Id);
                await BulkStatements.RunAsync(context, InsertEvidenceSql, "(@run, @sha256, @position)", Positions(run.EvidenceIds.Count), (i, _, v) =>
                {
                    v[0] = id;
                    v[1] = run.EvidenceIds[i];
                    v[2] = i;
                }, token);

                return null;
            },
            cancellationToken);
    }

    private static int[] Positions(int count)
    {
        var positions = new int[count];
        for (var i = 0; i < count; i++)
        {
            positions[i] = i;
        }

        return positions;
    }

    public Task<StoredCheckRun?> GetAsync(Guid id, CancellationToken cancellationToken = default) => GetVisibleAsync(id, Viewer.System, cancellationToken);

    public async Task<StoredCheckRun?> GetVisibleAsync(Guid id, Viewer viewer, CancellationToken cancellationToken = default)
    {
        var (visible, bind) = VisibilityFilter.Zones(viewer, "z");
        return (await ReadRunsAsync(
                $"read check run {id}",
                $"SELECT {Prefixed(Columns)} FROM check_runs c JOIN zones z ON z.name = c.zone WHERE c.id = @id AND {visible}",
                (c, d) => bind(c.With("@id", d.Id(id)), d),
                cancellationToken))
            .SingleOrDefault();
    }

    public async Task<IReadOnlyList<StoredCheckRun>> LatestAsync(string zone, int limit, CancellationToken cancellationToken = default)
    {
        Limits.Page(limit);
        return await ReadRunsAsync(
            $"list check runs of {zone}",
            $"SELECT {Columns} FROM check_runs WHERE zone = @zone ORDER BY started DESC, id DESC LIMIT @limit",
            (c, _) => c.With("@zone", zone).With("@limit", limit),
            cancellationToken);
    }

    public Task<IReadOnlyList<DailyRunCounts>> CountByDayAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default) =>
        CountByDayAsync(from, to, Viewer.System, cancellationToken);

    public async Task<IReadOnlyList<DailyRunCounts>> CountByDayAsync(DateTimeOffset from, DateTimeOffset to, Viewer viewer, CancellationToken cancellationToken = default)
    {
        var day = _store.Dialect.DayNumber("c.started");
        var (visible, bind) = VisibilityFilter.Zones(viewer, "z");
        var rows = await _store.QueryAsync(
            $"count check runs per day from {from:O} to {to:O}",
            $"SELECT {day} AS day, c.highest_severity, COUNT(*) FROM check_runs c JOIN zones z ON z.name = c.zone "
            + $"WHERE c.started >= @from AND c.started < @to AND {visible} GROUP BY {day}, c.highest_severity",
            (c, d) => bind(c.With("@from", d.Time(from)).With("@to", d.Time(to)), d),
            (r, _) => (Day: r.GetInt64(0), Severity: r.GetInt32(1), Runs: r.GetInt64(2)),
            cancellationToken);
        return rows.GroupBy(r => r.Day)
            .OrderBy(g => g.Key)
            .Select(g =>
            {
                var c = new int[6];
                foreach (var row in g)
                {
                    c[Math.Clamp(row.Severity, 0, 5)] += (int)row.Runs;
                }

                return new DailyRunCounts(DateOnly.FromDayNumber(DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber + (int)g.Key), new SeverityCounts(c[0], c[1], c[2], c[3], c[4], c[5]));
            })
            .ToList();
    }

    private const string SummaryColumns =
        "id, zone, started, duration_us, highest_severity, count_debug, count_info, count_notice, count_warning, count_error, count_critical";

    public Task<IReadOnlyList<CheckRunSummary>> SummariesAsync(string zone, int limit, CancellationToken cancellationToken = default) =>
        SummariesAsync(zone, limit, Viewer.System, cancellationToken);

    public async Task<IReadOnlyList<CheckRunSummary>> SummariesAsync(string zone, int limit, Viewer viewer, CancellationToken cancellationToken = default)
    {
        Limits.Page(limit);
        var (visible, bind) = VisibilityFilter.Zones(viewer, "z");
        return await _store.QueryAsync(
            $"list check run summaries of {zone}",
            $"SELECT {Prefixed(SummaryColumns)} FROM check_runs c JOIN zones z ON z.name = c.zone WHERE c.zone = @zone AND {visible} ORDER BY c.started DESC, c.id DESC LIMIT @limit",
            (c, d) => bind(c.With("@zone", zone).With("@limit", limit), d),
            ReadSummary,
            cancellationToken);
    }

    private static CheckRunSummary ReadSummary(DbDataReader r, StoreDialect d) => new(
        d.ReadId(r, 0),
        r.GetString(1),
        d.ReadTime(r, 2),
        Codes.FromMicroseconds(r.GetInt64(3)),
        (Severity)r.GetInt32(4),
        new SeverityCounts(r.GetInt32(5), r.GetInt32(6), r.GetInt32(7), r.GetInt32(8), r.GetInt32(9), r.GetInt32(10)));

    public Task<IReadOnlyList<CheckRunSummary>> LatestSummariesAsync(IReadOnlyCollection<string> zones, CancellationToken cancellationToken = default) =>
        LatestSummariesAsync(zones, Viewer.System, cancellationToken);

    public async Task<IReadOnlyList<CheckRunSummary>> LatestSummariesAsync(IReadOnlyCollection<string> zones, Viewer viewer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(zones);
        if (zones.Count == 0)
        {
            return [];
        }

        Limits.Page(zones.Count);
        var names = zones.Select((_, i) => $"@z{i}").ToList();
        var (visible, bind) = VisibilityFilter.Zones(viewer, "z");
        return await _store.QueryAsync(
            $"read the latest runs of {zones.Count} zones",
            $"SELECT {Prefixed(SummaryColumns)} FROM check_runs c JOIN zones z ON z.name = c.zone "
            + $"WHERE c.zone IN ({string.Join(", ", names)}) AND {visible} AND c.id = (SELECT id FROM check_runs l WHERE l.zone = c.zone ORDER BY started DESC, id DESC LIMIT 1)",
            (c, d) =>
            {
                bind(c, d);
                var i = 0;
                foreach (var zone in zones)
                {
                    c.With(names[i++], zone);
                }
            },
            ReadSummary,
            cancellationToken);
    }

    public Task<ZoneHealth> ZoneHealthAsync(CancellationToken cancellationToken = default) => ZoneHealthAsync(Viewer.System, cancellationToken);

    public async Task<ZoneHealth> ZoneHealthAsync(Viewer viewer, CancellationToken cancellationToken = default)
    {
        var (visible, bind) = VisibilityFilter.Zones(viewer, "z");
        var rows = await _store.QueryAsync(
            "count zones by the severity of their latest run",
            $"SELECT z.latest_severity, COUNT(*) FROM zones z WHERE {visible} GROUP BY z.latest_severity",
            bind,
            (r, _) => (Severity: r.IsDBNull(0) ? -1 : r.GetInt32(0), Zones: r.GetInt64(1)),
            cancellationToken);
        var c = new int[6];
        var unchecked_ = 0;
        foreach (var (severity, zones) in rows)
        {
            if (severity < 0)
            {
                unchecked_ += (int)zones;
            }
            else
            {
                c[Math.Clamp(severity, 0, 5)] += (int)zones;
            }
        }

        return new ZoneHealth((int)rows.Sum(r => r.Zones), unchecked_, new SeverityCounts(c[0], c[1], c[2], c[3], c[4], c[5]));
    }

    private Task<List<StoredCheckRun>> ReadRunsAsync(string operation, string sql, Action<DbCommand, StoreDialect> bind, CancellationToken cancellationToken) =>
        _store.ReadAsync(
            operation,
            async (connection, token) =>
            {
                var rows = await _store.QueryAsync(connection, sql, bind, ReadRun, token);
                if (rows.Count == 0)
                {
                    return [];
                }

                var names = rows.Select((_, i) => $"@r{i}").ToList();
                var links = await _store.QueryAsync(
                    connection,
                    $"SELECT run_id, sha256 FROM check_run_evidence WHERE run_id IN ({string.Join(", ", names)}) ORDER BY run_id, position",
                    (c, d) =>
                    {
                        for (var i = 0; i < rows.Count; i++)
                        {
                            c.With(names[i], d.Id(rows[i].Id));
                        }
                    },
                    (r, d) => (Run: d.ReadId(r, 0), Sha256: r.GetString(1)),
                    token);
                var byRun = links.ToLookup(l => l.Run, l => l.Sha256);
                return rows.Select(r => r with { EvidenceIds = byRun[r.Id].ToList() }).ToList();
            },
            cancellationToken);

    private static string Prefixed(string columns) => string.Join(", ", columns.Split(", ").Select(c => "c." + c));

    private static StoredCheckRun ReadRun(DbDataReader r, StoreDialect d) => new(
        d.ReadId(r, 0),
        r.GetString(1),
        d.ReadTime(r, 2),
        Codes.FromMicroseconds(r.GetInt64(3)),
        (Severity)r.GetInt32(4),
        new SeverityCounts(r.GetInt32(5), r.GetInt32(6), r.GetInt32(7), r.GetInt32(8), r.GetInt32(9), r.GetInt32(10)),
        r.GetString(11),
        r.GetString(12),
        []);
}
