using System.Data.Common;
using Dnscert.Core;
using Dnscert.Core.Statistics;
using Dnscert.Core.Store;
using Dnscert.Store.Sql;
using Dnscert.Store.Visibility;
using Dnscert.Store.Writing;

namespace Dnscert.Store.Repositories;

internal sealed class ObservationRepository : IObservationRepository
{
    internal const string Columns =
        "id, subject_kind, subject_value, threat_type, severity, tlp, first_seen, last_seen, state, fingerprint, evidence_ids, summary";

    private const string UpsertSql =
        $"INSERT INTO observations ({Columns}) VALUES {UpsertTuple} "
        + "ON CONFLICT (id) DO UPDATE SET subject_kind = excluded.subject_kind, subject_value = excluded.subject_value, "
        + "threat_type = excluded.threat_type, severity = excluded.severity, tlp = excluded.tlp, first_seen = excluded.first_seen, "
        + "last_seen = excluded.last_seen, state = excluded.state, fingerprint = excluded.fingerprint, "
        + "evidence_ids = excluded.evidence_ids, summary = excluded.summary";

    private readonly DnscertStore _store;

    public ObservationRepository(DnscertStore store) => _store = store;

    public async Task SaveAsync(Observation observation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(observation);
        await _store.WriteAsync(
            $"save observation {observation.Id}",
            async (context, token) =>
            {
                await UpsertAsync(context, observation, token);
                return null;
            },
            cancellationToken);
    }

    public async Task SaveAllAsync(IReadOnlyCollection<Observation> observations, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(observations);
        await _store.WriteAsync(
            $"save {observations.Count} observations",
            async (context, token) =>
            {
                foreach (var observation in observations)
                {
                    await UpsertAsync(context, observation, token);
                }

                return null;
            },
            cancellationToken);
    }

    public async Task<Observation?> GetAsync(Guid id, CancellationToken cancellationToken = default) =>
        (await _store.QueryAsync($"read observation {id}", $"SELECT {Columns} FROM observations WHERE id = @id", (c, d) => c.With("@id", d.Id(id)), Read, cancellationToken))
        .SingleOrDefault();

    public async Task<Observation?> GetVisibleAsync(Guid id, Viewer viewer, CancellationToken cancellationToken = default)
    {
        var (visible, bind) = VisibilityFilter.Observations(viewer, "o");
        return (await _store.QueryAsync(
                $"read observation {id}",
                $"SELECT {Columns} FROM observations o WHERE o.id = @id AND {visible}",
                (c, d) => bind(c.With("@id", d.Id(id)), d),
                Read,
                cancellationToken))
            .SingleOrDefault();
    }

    public async Task<Observation?> FindOpenAsync(string fingerprint, CancellationToken cancellationToken = default) =>
        (await _store.QueryAsync(
            "find open observation by fingerprint",
            $"SELECT {Columns} FROM observations WHERE fingerprint = @fingerprint AND state = 'open' ORDER BY last_seen DESC, id DESC LIMIT 1",
            (c, _) => c.With("@fingerprint", fingerprint),
            Read,
            cancellationToken))
        .SingleOrDefault();

    public async Task<int> MergeOpenByFingerprintAsync(
        IReadOnlyList<Observation> candidates,
        IReadOnlyCollection<EvidenceBlob> evidence,
        Func<Observation, Observation, Observation> merge,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(evidence);
        ArgumentNullException.ThrowIfNull(merge);
        var fingerprints = new HashSet<string>(candidates.Count, StringComparer.Ordinal);
        foreach (var candidate in candidates)
        {
            if (!fingerprints.Add(candidate.Fingerprint))
            {
                throw new ArgumentException($"fingerprint {candidate.Fingerprint} occurs twice in one batch; merge the candidates first", nameof(candidates));
            }
        }

        var now = _store.TimeProvider.GetUtcNow();
        var result = await _store.WriteAsync(
            $"merge {candidates.Count} observations by fingerprint",
            async (context, token) =>
            {
                await EvidenceRepository.InsertManyAsync(context, evidence, now, token);

                // Read in the write transaction, so the stored versions and the rollups move together.
                var open = await FindOpenManyAsync(context, fingerprints, token);
                var delta = new DailyAggregate();
                var rows = new List<Observation>(candidates.Count);
                var created = 0;
                foreach (var candidate in candidates)
                {
                    if (open.TryGetValue(candidate.Fingerprint, out var stored))
                    {
                        var merged = merge(stored, candidate) with { Id = stored.Id };
                        delta.Apply(stored, merged);
                        rows.Add(merged);
                    }
                    else
                    {
                        created++;
                        delta.Apply(null, candidate);
                        rows.Add(candidate);
                    }
                }

                await ObservationStatisticsRepository.ApplyDeltaAsync(context, delta, token);
                await UpsertManyAsync(context, rows, token);
                return created;
            },
            cancellationToken);
        return (int)result!;
    }

    public async Task<SeverityCounts> CountBySeverityAsync(ObservationQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (where, binds) = Filters(query, null);
        var rows = await _store.QueryAsync(
            "count observations by severity",
            $"SELECT severity, COUNT(*) FROM observations o{(where.Count > 0 ? " WHERE " + string.Join(" AND ", where) : "")} GROUP BY severity",
            (c, d) =>
            {
                foreach (var bind in binds)
                {
                    bind(c, d);
                }
            },
            (r, _) => (Severity: r.GetInt32(0), Count: r.GetInt64(1)),
            cancellationToken);
        var counts = new int[6];
        foreach (var (severity, count) in rows)
        {
            counts[Math.Clamp(severity, 0, 5)] += (int)count;
        }

        return new SeverityCounts(counts[0], counts[1], counts[2], counts[3], counts[4], counts[5]);
    }

    public async Task<Page<Observation, ObservationCursor>> ListAsync(ObservationQuery query, ObservationCursor? after, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        Limits.Page(limit);
        var (where, binds) = Filters(query, after);
        var sql = $"SELECT {Columns} FROM observations o{(where.Count > 0 ? " WHERE " + string.Join(" AND ", where) : "")} ORDER BY last_seen DESC, id DESC LIMIT @limit";
        var rows = await _store.QueryAsync(
            "list observations",
            sql,
            (c, d) =>
            {
                foreach (var bind in binds)
                {
                    bind(c, d);
                }

                c.With("@limit", limit + 1);
            },
            Read,
            cancellationToken);
        if (rows.Count <= limit)
        {
            return new Page<Observation, ObservationCursor>(rows, null);
        }

        rows.RemoveAt(limit);
        return new Page<Observation, ObservationCursor>(rows, new ObservationCursor(rows[^1].LastSeen, rows[^1].Id));
    }

    /// <summary>The WHERE conditions of a query and their bindings: only the filters given become SQL.</summary>
    private static (List<string> Where, List<Action<DbCommand, StoreDialect>> Binds) Filters(ObservationQuery query, ObservationCursor? after)
    {
        // Only the filters given become SQL, so no parameter is ever an untyped NULL (PostgreSQL refuses those).
        var where = new List<string>();
        var binds = new List<Action<DbCommand, StoreDialect>>();
        if (query.Viewer is { } viewer)
        {
            var (visible, bind) = VisibilityFilter.Observations(viewer, "o");
            where.Add(visible);
            binds.Add(bind);
        }

        if (query.State is { } state)
        {
            where.Add("state = @state");
            binds.Add((c, _) => c.With("@state", Codes.Of(state)));
        }

        if (query.ThreatTypeId is { } threat)
        {
            where.Add("threat_type = @threat");
            binds.Add((c, _) => c.With("@threat", threat));
        }

        if (query.SubjectKind is { } kind)
        {
            where.Add("subject_kind = @kind");
            binds.Add((c, _) => c.With("@kind", Codes.Of(kind)));
        }

        if (query.SubjectValue is { } value)
        {
            where.Add("subject_value = @value");
            binds.Add((c, _) => c.With("@value", value));
        }

        if (query.Severity is { } severity)
        {
            // Index observations_by_severity (severity, last_seen DESC, id DESC) keeps this a seek in page order.
            where.Add("o.severity = @severity");
            binds.Add((c, _) => c.With("@severity", (int)severity));
        }

        if (after is not null)
        {
            where.Add("(last_seen, id) < (@after_seen, @after_id)");
            binds.Add((c, d) => c.With("@after_seen", d.Time(after.LastSeen)).With("@after_id", d.Id(after.Id)));
        }

        return (where, binds);
    }

    private static async Task UpsertAsync(WriteContext context, Observation o, CancellationToken cancellationToken)
    {
        var d = context.Dialect;
        // The stored version, read in the write transaction, so the daily aggregate moves by exactly the difference.
        Observation? previous = null;
        await using (var reader = await context.Command($"SELECT {Columns} FROM observations WHERE id = @id").With("@id", d.Id(o.Id)).ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                previous = Read(reader, d);
            }
        }

        await ObservationStatisticsRepository.ApplyAsync(context, previous, o, cancellationToken);
        await context.Command(UpsertSql)
            .With("@id", d.Id(o.Id))
            .With("@kind", Codes.Of(o.Subject.Kind))
            .With("@value", o.Subject.Value)
            .With("@threat", o.ThreatTypeId)
            .With("@severity", (int)o.Severity)
            .With("@tlp", Codes.Of(o.Tlp))
            .With("@first", d.Time(o.FirstSeen))
            .With("@last", d.Time(o.LastSeen))
            .With("@state", Codes.Of(o.State))
            .With("@fingerprint", o.Fingerprint)
            .With("@evidence", Codes.List(o.EvidenceIds))
            .With("@summary", o.Summary)
            .ExecuteNonQueryAsync(cancellationToken);
    }

    private const string UpsertTuple = "(@id, @kind, @value, @threat, @severity, @tlp, @first, @last, @state, @fingerprint, @evidence, @summary)";

    /// <summary>
    /// The open observation per fingerprint (the newest when several, as <see cref="FindOpenAsync"/>), in one statement
    /// whose one parameter carries every fingerprint of the batch (<see cref="StoreDialect.InValueList"/>).
    /// </summary>
    private static async Task<Dictionary<string, Observation>> FindOpenManyAsync(WriteContext context, IReadOnlyCollection<string> fingerprints, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, Observation>(StringComparer.Ordinal);
        var d = context.Dialect;
        var command = context.Command($"SELECT {Columns} FROM observations WHERE state = 'open' AND {d.InValueList("fingerprint", "@fingerprints")}")
            .With("@fingerprints", d.ValueList(fingerprints));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var o = Read(reader, d);
            if (!found.TryGetValue(o.Fingerprint, out var other) || (o.LastSeen, o.Id).CompareTo((other.LastSeen, other.Id)) > 0)
            {
                found[o.Fingerprint] = o;
            }
        }

        return found;
    }

    /// <summary>Upserts without reading the stored versions first: the caller has already moved the rollups.</summary>
    private static Task UpsertManyAsync(WriteContext context, List<Observation> rows, CancellationToken cancellationToken) =>
        BulkStatements.RunAsync(context, UpsertSql, UpsertTuple, rows, static (o, d, v) =>
        {
            v[0] = d.Id(o.Id);
            v[1] = Codes.Of(o.Subject.Kind);
            v[2] = o.Subject.Value;
            v[3] = o.ThreatTypeId;
            v[4] = (int)o.Severity;
            v[5] = Codes.Of(o.Tlp);
            v[6] = d.Time(o.FirstSeen);
            v[7] = d.Time(o.LastSeen);
            v[8] = Codes.Of(o.State);
            v[9] = o.Fingerprint;
            v[10] = Codes.List(o.EvidenceIds);
            v[11] = o.Summary;
        }, cancellationToken);

    internal static Observation Read(DbDataReader r, StoreDialect d) => new(
        d.ReadId(r, 0),
        new Subject(Codes.SubjectKindOf(r.GetString(1)), r.GetString(2)),
        r.GetString(3),
        (Severity)r.GetInt32(4),
        Codes.TlpOf(r.GetString(5)),
        d.ReadTime(r, 6),
        d.ReadTime(r, 7),
        Codes.StateOf(r.GetString(8)),
        r.GetString(9),
        Codes.ListOf(r.GetString(10)),
        r.GetString(11));
}
