using System.Data.Common;
using System.Text;
using Dnscert.Core;
using Dnscert.Core.Statistics;
using Dnscert.Core.Store;
using Dnscert.Store.Sql;
using Dnscert.Store.Visibility;
using Dnscert.Store.Writing;

namespace Dnscert.Store.Repositories;

internal sealed partial class ObservationRepository : IObservationRepository
{
    internal const string Columns =
        "id, subject_kind, subject_value, threat_type, severity, tlp, first_seen, last_seen, state, fingerprint, evidence_ids, summary";

    private const string UpsertSql =
        $"INSERT INTO observations ({Columns}) VALUES {UpsertTuple} "
        + "ON CONFLICT (id) DO UPDATE SET subject_kind = excluded.subject_kind, subject_value = excluded.subject_value, "
        + "threat_type = excluded.threat_type, severity = excluded.severity, tlp = excluded.tlp, first_seen = excluded.first_seen, "
        + "last_seen = excluded.last_seen, state = excluded.state, fingerprint = excluded.fingerprint, "
        + "evidence_ids = excluded.evidence_ids, summary = excluded.summary";

    /// <summary>
    /// The batched merge also writes <c>evidence_text</c>, the raw lines kept inside the observation (migration 0011);
    /// the one-by-one upsert above leaves that column as it is, so saving an observation never loses its lines.
    /// </summary>
    private const string MergeUpsertSql =
        $"INSERT INTO observations ({Columns}, evidence_text) VALUES {MergeUpsertTuple} "
        + "ON CONFLICT (id) DO UPDATE SET subject_kind = excluded.subject_kind, subject_value = excluded.subject_value, "
        + "threat_type = excluded.threat_type, severity = excluded.severity, tlp = excluded.tlp, first_seen = excluded.first_seen, "
        + "last_seen = excluded.last_seen, state = excluded.state, fingerprint = excluded.fingerprint, "
        + "evidence_ids = excluded.evidence_ids, summary = excluded.summary, evidence_text = excluded.evidence_text";

    private const string MergeUpsertTuple =
        "(@id, @kind, @value, @threat, @severity, @tlp, @first, @last, @state, @fingerprint, @evidence, @summary, @evidence_text)";

    /// <summary>
    /// Largest <c>text/plain</c> evidence blob kept inside the observations citing it rather than in the evidence table
    /// (a feed's raw line; the parsers' line limits keep real ones far below). Migration 0011 uses the same bound.
    /// </summary>
    internal const int MaxInlineEvidenceBytes = 2048;

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

        var (inline, separate) = SplitEvidence(evidence);
        var now = _store.TimeProvider.GetUtcNow();
        var result = await _store.WriteAsync(
            $"merge {candidates.Count} observations by fingerprint",
            async (context, token) =>
            {
                await EvidenceRepository.InsertManyAsync(context, separate, now, token);

                // Read in the write transaction, so the stored versions and the rollups move together.
                var open = await FindOpenManyAsync(context, fingerprints, token);
                var delta = new DailyAggregate();
                var rows = new List<(Observation Row, string? Text)>(candidates.Count);
                var created = MergeRows(candidates, open, merge, inline, delta, rows);
                await ObservationStatisticsRepository.ApplyDeltaAsync(context, delta, token);
                await UpsertManyAsync(context, rows, token);
                return created;
            },
            cancellationToken);
        return (int)result!;
    }

    /// <summary>Short text blobs (a feed's raw lines) go inside the observations that cite them, the rest to the evidence table.</summary>
    private static (Dictionary<string, EvidenceBlob> Inline, List<EvidenceBlob> Separate) SplitEvidence(IEnumerable<EvidenceBlob> evidence)
    {
        var inline = new Dictionary<string, EvidenceBlob>(StringComparer.Ordinal);
        var separate = new List<EvidenceBlob>();
        foreach (var blob in evidence)
        {
            if (blob.MediaType == "text/plain" && blob.Content.Length <= MaxInlineEvidenceBytes)
            {
                inline.TryAdd(blob.Sha256, blob);
            }
            else
            {
                separate.Add(blob);
            }
        }

        return (inline, separate);
    }

    /// <summary>
    /// Each candidate merged into its stored open observation or added as it is, with the rollups' difference summed
    /// into <paramref name="delta"/> and the rows to upsert added to <paramref name="rows"/>; returns how many were added.
    /// </summary>
    private static int MergeRows(
        IReadOnlyList<Observation> candidates,
        Dictionary<string, (Observation Row, string? Text)> open,
        Func<Observation, Observation, Observation> merge,
        Dictionary<string, EvidenceBlob> inline,
        DailyAggregate delta,
        List<(Observation Row, string? Text)> rows)
    {
        var created = 0;
        foreach (var candidate in candidates)
        {
            if (open.TryGetValue(candidate.Fingerprint, out var stored))
            {
                var merged = merge(stored.Row, candidate) with { Id = stored.Row.Id };
                delta.Apply(stored.Row, merged);
                rows.Add((merged, InlineText(stored.Text, stored.Row.EvidenceIds, merged.EvidenceIds, inline)));
            }
            else
            {
                created++;
                delta.Apply(null, candidate);
                rows.Add((candidate, InlineText(null, [], candidate.EvidenceIds, inline)));
            }
        }

        return created;
    }

    /// <summary>
    /// The row's inline lines after a merge: the stored ones, plus the batch's inline blobs the row newly cites (ids it
    /// cited before are already stored, inline or in the evidence table). The stored text is reused untouched when
    /// nothing is added, which is every re-report of a known line.
    /// </summary>
    private static string? InlineText(string? storedText, IReadOnlyList<string> storedIds, IReadOnlyList<string> ids, Dictionary<string, EvidenceBlob> inline)
    {
        List<string>? added = null;
        List<string>? addedIds = null;
        foreach (var id in ids)
        {
            if (inline.TryGetValue(id, out var blob) && !storedIds.Contains(id, StringComparer.Ordinal) && !(addedIds?.Contains(id, StringComparer.Ordinal) ?? false))
            {
                (added ??= []).Add(Encoding.UTF8.GetString(blob.Content.Span));
                (addedIds ??= []).Add(id);
            }
        }

        if (added is null)
        {
            return storedText;
        }

        return Codes.List(storedText is null ? added : [.. Codes.ListOf(storedText), .. added]);
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
    private static async Task<Dictionary<string, (Observation Row, string? Text)>> FindOpenManyAsync(WriteContext context, IReadOnlyCollection<string> fingerprints, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, (Observation Row, string? Text)>(StringComparer.Ordinal);
        var d = context.Dialect;
        var command = context.Command($"SELECT {Columns}, evidence_text FROM observations WHERE state = 'open' AND {d.InValueList("fingerprint", "@fingerprints")}")
            .With("@fingerprints", d.ValueList(fingerprints));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var o = Read(reader, d);
            if (!found.TryGetValue(o.Fingerprint, out var other) || (o.LastSeen, o.Id).CompareTo((other.Row.LastSeen, other.Row.Id)) > 0)
            {
                found[o.Fingerprint] = (o, reader.IsDBNull(12) ? null : reader.GetString(12));
            }
        }

        return found;
    }

    /// <summary>Upserts without reading the stored versions first: the caller has already moved the rollups.</summary>
    private static Task UpsertManyAsync(WriteContext context, List<(Observation Row, string? Text)> rows, CancellationToken cancellationToken) =>
        BulkStatements.RunAsync(context, MergeUpsertSql, MergeUpsertTuple, rows, static (row, d, v) =>
        {
            var o = row.Row;
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
            v[12] = row.Text;
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
