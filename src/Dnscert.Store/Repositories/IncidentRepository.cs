using System.Data.Common;
using Dnscert.Core;
using Dnscert.Core.Store;
using Dnscert.Store.Sql;
using Dnscert.Store.Visibility;
using Dnscert.Store.Writing;

namespace Dnscert.Store.Repositories;

internal sealed class IncidentRepository : IIncidentRepository
{
    private const string Columns = "i.id, i.title, i.state, i.severity, i.tlp, i.threat_type, i.subject_kind, i.subject_value, i.opened_at, i.updated_at, i.group_key";

    private const string UpsertSql =
        "INSERT INTO incidents (id, title, state, severity, tlp, threat_type, subject_kind, subject_value, opened_at, updated_at, group_key) "
        + "VALUES (@id, @title, @state, @severity, @tlp, @threat, @kind, @value, @opened, @updated, @group) "
        + "ON CONFLICT (id) DO UPDATE SET title = excluded.title, state = excluded.state, severity = excluded.severity, tlp = excluded.tlp, "
        + "updated_at = excluded.updated_at";

    private readonly DnscertStore _store;

    public IncidentRepository(DnscertStore store) => _store = store;

    public async Task SaveAsync(StoredIncident incident, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(incident);
        await _store.WriteAsync(
            $"save incident {incident.Id}",
            async (context, token) =>
            {
                await UpsertAsync(context, incident, token);
                return null;
            },
            cancellationToken);
    }

    public async Task<StoredIncident?> GetAsync(Guid id, Viewer viewer, CancellationToken cancellationToken = default)
    {
        var (visible, bind) = VisibilityFilter.Incidents(viewer, "i");
        return (await _store.ReadAsync(
                $"read incident {id}",
                (connection, token) => ReadAsync(connection, $"i.id = @id AND {visible}", (c, d) => bind(c.With("@id", d.Id(id)), d), 1, token),
                cancellationToken))
            .SingleOrDefault();
    }

    public async Task<StoredIncident?> FindOpenByGroupAsync(string groupKey, CancellationToken cancellationToken = default) =>
        (await _store.ReadAsync(
            "find open incident by group",
            (connection, token) => ReadAsync(connection, "i.group_key = @group AND i.state NOT IN ('closed', 'rejected')", (c, _) => c.With("@group", groupKey), 1, token),
            cancellationToken))
        .FirstOrDefault();

    public async Task<Page<StoredIncident, IncidentCursor>> ListAsync(IncidentQuery query, IncidentCursor? after, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        Limits.Page(limit);
        var (visible, visibleBind) = VisibilityFilter.Incidents(query.Viewer, "i");
        var where = new List<string> { visible };
        var binds = new List<Action<DbCommand, StoreDialect>> { visibleBind };
        if (query.State is { } state)
        {
            where.Add("i.state = @state");
            binds.Add((c, _) => c.With("@state", StateCode(state)));
        }

        if (query.ThreatTypeId is { } threat)
        {
            where.Add("i.threat_type = @threat");
            binds.Add((c, _) => c.With("@threat", threat));
        }

        if (query.SubjectValue is { } value)
        {
            where.Add("i.subject_value = @value");
            binds.Add((c, _) => c.With("@value", value));
        }

        if (query.Recipient is { } recipient)
        {
            where.Add("EXISTS (SELECT 1 FROM incident_recipients qr WHERE qr.incident_id = i.id AND qr.organisation = @recipient)");
            binds.Add((c, _) => c.With("@recipient", recipient));
        }

        if (after is not null)
        {
            where.Add("(i.updated_at, i.id) < (@after_at, @after_id)");
            binds.Add((c, d) => c.With("@after_at", d.Time(after.UpdatedAt)).With("@after_id", d.Id(after.Id)));
        }

        var rows = await _store.ReadAsync(
            "list incidents",
            (connection, token) => ReadAsync(
                connection,
                string.Join(" AND ", where),
                (c, d) =>
                {
                    foreach (var bind in binds)
                    {
                        bind(c, d);
                    }
                },
                limit + 1,
                token),
            cancellationToken);
        if (rows.Count <= limit)
        {
            return new Page<StoredIncident, IncidentCursor>(rows, null);
        }

        rows.RemoveAt(limit);
        return new Page<StoredIncident, IncidentCursor>(rows, new IncidentCursor(rows[^1].UpdatedAt, rows[^1].Id));
    }

    internal static string StateCode(IncidentState state) => state.ToString().ToLowerInvariant();

    private static IncidentState StateOf(string code) =>
        Enum.GetValues<IncidentState>().FirstOrDefault(s => StateCode(s) == code) is var state && StateCode(state) == code
            ? state
            : throw new InvalidDataException($"the database holds an unknown incident state '{code}'");

    private static string KindCode(TimelineEntryKind kind) => kind switch
    {
        TimelineEntryKind.Opened => "opened",
        TimelineEntryKind.Transition => "transition",
        TimelineEntryKind.Comment => "comment",
        TimelineEntryKind.Message => "message",
        TimelineEntryKind.Change => "change",
        TimelineEntryKind.ObservationLinked => "observation",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown timeline entry kind"),
    };

    private static TimelineEntryKind KindOf(string code) => code switch
    {
        "opened" => TimelineEntryKind.Opened,
        "transition" => TimelineEntryKind.Transition,
        "comment" => TimelineEntryKind.Comment,
        "message" => TimelineEntryKind.Message,
        "change" => TimelineEntryKind.Change,
        "observation" => TimelineEntryKind.ObservationLinked,
        _ => throw new InvalidDataException($"the database holds an unknown timeline entry kind '{code}'"),
    };

    private static async Task UpsertAsync(WriteContext context, StoredIncident i, CancellationToken cancellationToken)
    {
        var d = context.Dialect;
        var stored = Convert.ToInt64(
            await context.Command("SELECT COUNT(*) FROM incident_timeline WHERE incident_id = @id").With("@id", d.Id(i.Id)).ExecuteScalarAsync(cancellationToken),
            System.Globalization.CultureInfo.InvariantCulture);
        if (stored > i.Timeline.Count)
        {
            // The timeline is append-only: a snapshot that lacks stored entries was read before someone else changed
            // the incident, and saving it would lose their change.
            throw new StoreException($"incident {i.Id} was changed meanwhile ({stored} timeline entries stored, {i.Timeline.Count} in the update); read it again and retry");
        }

        await context.Command(UpsertSql)
            .With("@id", d.Id(i.Id))
            .With("@title", i.Title)
            .With("@state", StateCode(i.State))
            .With("@severity", (int)i.Severity)
            .With("@tlp", Codes.Of(i.Tlp))
            .With("@threat", i.ThreatTypeId)
            .With("@kind", Codes.Of(i.Subject.Kind))
            .With("@value", i.Subject.Value)
            .With("@opened", d.Time(i.OpenedAt))
            .With("@updated", d.Time(i.UpdatedAt))
            .With("@group", i.GroupKey)
            .ExecuteNonQueryAsync(cancellationToken);
        for (var seq = (int)stored; seq < i.Timeline.Count; seq++)
        {
            var e = i.Timeline[seq];
            await context.Command("INSERT INTO incident_timeline (incident_id, seq, at, actor, kind, text) VALUES (@id, @seq, @at, @actor, @kind, @text)")
                .With("@id", d.Id(i.Id)).With("@seq", seq).With("@at", d.Time(e.At)).With("@actor", e.Actor).With("@kind", KindCode(e.Kind)).With("@text", e.Text)
                .ExecuteNonQueryAsync(cancellationToken);
        }

        await context.Command("DELETE FROM incident_recipients WHERE incident_id = @id").With("@id", d.Id(i.Id)).ExecuteNonQueryAsync(cancellationToken);
        foreach (var organisation in i.Recipients.Distinct(StringComparer.Ordinal))
        {
            await context.Command("INSERT INTO incident_recipients (incident_id, organisation) VALUES (@id, @org)").With("@id", d.Id(i.Id)).With("@org", organisation).ExecuteNonQueryAsync(cancellationToken);
        }

        await context.Command("DELETE FROM incident_people WHERE incident_id = @id").With("@id", d.Id(i.Id)).ExecuteNonQueryAsync(cancellationToken);
        foreach (var user in i.NamedPeople.Distinct(StringComparer.Ordinal))
        {
            await context.Command("INSERT INTO incident_people (incident_id, user_name) VALUES (@id, @user)").With("@id", d.Id(i.Id)).With("@user", user).ExecuteNonQueryAsync(cancellationToken);
        }

        var position = 0;
        foreach (var observation in i.ObservationIds.Distinct())
        {
            await context.Command("INSERT INTO incident_observations (incident_id, observation_id, position) VALUES (@id, @observation, @position) ON CONFLICT (incident_id, observation_id) DO NOTHING")
                .With("@id", d.Id(i.Id)).With("@observation", d.Id(observation)).With("@position", position++)
                .ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private async Task<List<StoredIncident>> ReadAsync(DbConnection connection, string where, Action<DbCommand, StoreDialect> bind, int limit, CancellationToken cancellationToken)
    {
        var heads = await _store.QueryAsync(
            connection,
            $"SELECT {Columns} FROM incidents i WHERE {where} ORDER BY i.updated_at DESC, i.id DESC LIMIT @limit",
            (c, d) =>
            {
                bind(c, d);
                c.With("@limit", limit);
            },
            (r, d) => (Id: d.ReadId(r, 0), Title: r.GetString(1), State: StateOf(r.GetString(2)), Severity: (Severity)r.GetInt32(3), Tlp: Codes.TlpOf(r.GetString(4)),
                Threat: r.GetString(5), Subject: new Subject(Codes.SubjectKindOf(r.GetString(6)), r.GetString(7)), Opened: d.ReadTime(r, 8), Updated: d.ReadTime(r, 9),
                Group: r.IsDBNull(10) ? null : r.GetString(10)),
            cancellationToken);
        if (heads.Count == 0)
        {
            return [];
        }

        // The page's lists in one query each (not four per incident): ids as parameters @i0…@iN.
        var ids = string.Join(", ", heads.Select((_, n) => $"@i{n}"));
        void BindIds(DbCommand c, StoreDialect d)
        {
            for (var n = 0; n < heads.Count; n++)
            {
                c.With($"@i{n}", d.Id(heads[n].Id));
            }
        }

        var recipients = (await _store.QueryAsync(connection, $"SELECT incident_id, organisation FROM incident_recipients WHERE incident_id IN ({ids}) ORDER BY organisation", BindIds, (r, d) => (Id: d.ReadId(r, 0), Value: r.GetString(1)), cancellationToken)).ToLookup(x => x.Id, x => x.Value);
        var people = (await _store.QueryAsync(connection, $"SELECT incident_id, user_name FROM incident_people WHERE incident_id IN ({ids}) ORDER BY user_name", BindIds, (r, d) => (Id: d.ReadId(r, 0), Value: r.GetString(1)), cancellationToken)).ToLookup(x => x.Id, x => x.Value);
        var observations = (await _store.QueryAsync(connection, $"SELECT incident_id, observation_id FROM incident_observations WHERE incident_id IN ({ids}) ORDER BY position", BindIds, (r, d) => (Id: d.ReadId(r, 0), Value: d.ReadId(r, 1)), cancellationToken)).ToLookup(x => x.Id, x => x.Value);
        var timeline = (await _store.QueryAsync(connection, $"SELECT incident_id, at, actor, kind, text FROM incident_timeline WHERE incident_id IN ({ids}) ORDER BY seq", BindIds, (r, d) => (Id: d.ReadId(r, 0), Value: new TimelineEntry(d.ReadTime(r, 1), r.GetString(2), KindOf(r.GetString(3)), r.GetString(4))), cancellationToken)).ToLookup(x => x.Id, x => x.Value);
        var result = new List<StoredIncident>(heads.Count);
        foreach (var h in heads)
        {
            result.Add(new StoredIncident(h.Id, h.Title, h.State, h.Severity, h.Tlp, h.Threat, h.Subject, h.Opened, h.Updated, h.Group, [.. recipients[h.Id]], [.. people[h.Id]], [.. observations[h.Id]], [.. timeline[h.Id]]));
        }

        return result;
    }
}
