using System.Data.Common;
using System.Globalization;
using Dnscert.Core.Store;
using Dnscert.Store.Sql;
using Dnscert.Store.Visibility;
using Dnscert.Store.Writing;

namespace Dnscert.Store.Repositories;

internal sealed class CampaignRepository : ICampaignRepository
{
    private const string Columns = "c.id, c.name, c.tlp, c.created_by, c.created_at, c.input_count, c.acknowledge_by, c.complete_by, c.unrouted, c.rejected, c.duplicates";

    private const string UpsertSql =
        "INSERT INTO campaigns (id, name, tlp, created_by, created_at, input_count, acknowledge_by, complete_by, unrouted, rejected, duplicates) "
        + "VALUES (@id, @name, @tlp, @by, @created, @count, @ack_by, @complete_by, @unrouted, @rejected, @duplicates) "
        + "ON CONFLICT (id) DO UPDATE SET name = excluded.name, tlp = excluded.tlp, acknowledge_by = excluded.acknowledge_by, complete_by = excluded.complete_by";

    private const string PartySql =
        "INSERT INTO campaign_parties (campaign_id, stakeholder_id, domain_count, domains, state, notified_at, acknowledged_at, completed_at, last_reminder_at, reminders) "
        + "VALUES (@id, @party, @count, @domains, @state, @notified, @acknowledged, @completed, @reminded, @reminders) "
        + "ON CONFLICT (campaign_id, stakeholder_id) DO UPDATE SET state = excluded.state, notified_at = excluded.notified_at, "
        + "acknowledged_at = excluded.acknowledged_at, completed_at = excluded.completed_at, last_reminder_at = excluded.last_reminder_at, reminders = excluded.reminders";

    private readonly DnscertStore _store;

    public CampaignRepository(DnscertStore store) => _store = store;

    public async Task SaveAsync(StoredCampaign campaign, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        await _store.WriteAsync(
            $"save campaign {campaign.Id}",
            async (context, token) =>
            {
                await UpsertAsync(context, campaign, token);
                return null;
            },
            cancellationToken);
    }

    public async Task<StoredCampaign?> GetAsync(Guid id, Viewer viewer, CancellationToken cancellationToken = default)
    {
        var (visible, bind) = VisibilityFilter.Campaigns(viewer, "c");
        return (await _store.ReadAsync(
                $"read campaign {id}",
                (connection, token) => ReadAsync(connection, $"c.id = @id AND {visible}", (c, d) => bind(c.With("@id", d.Id(id)), d), 1, full: true, token),
                cancellationToken))
            .SingleOrDefault();
    }

    public async Task<Page<StoredCampaign, CampaignCursor>> ListAsync(Viewer viewer, CampaignCursor? after, int limit, CancellationToken cancellationToken = default)
    {
        Limits.Page(limit);
        var (visible, bind) = VisibilityFilter.Campaigns(viewer, "c");
        var where = after is null ? visible : $"{visible} AND (c.created_at, c.id) < (@after_at, @after_id)";
        var rows = await _store.ReadAsync(
            "list campaigns",
            (connection, token) => ReadAsync(
                connection,
                where,
                (c, d) =>
                {
                    bind(c, d);
                    if (after is not null)
                    {
                        c.With("@after_at", d.Time(after.CreatedAt)).With("@after_id", d.Id(after.Id));
                    }
                },
                limit + 1,
                full: false,
                token),
            cancellationToken);
        if (rows.Count <= limit)
        {
            return new Page<StoredCampaign, CampaignCursor>(rows, null);
        }

        rows.RemoveAt(limit);
        return new Page<StoredCampaign, CampaignCursor>(rows, new CampaignCursor(rows[^1].CreatedAt, rows[^1].Id));
    }

    public async Task<IReadOnlyList<Guid>> ListOpenAsync(CancellationToken cancellationToken = default) =>
        await _store.QueryAsync(
            "list open campaigns",
            "SELECT DISTINCT campaign_id FROM campaign_parties WHERE state <> 'completed' ORDER BY campaign_id LIMIT @limit",
            (c, _) => c.With("@limit", Limits.MaxPage),
            (r, d) => d.ReadId(r, 0),
            cancellationToken);

    public async Task<IReadOnlyList<CampaignPartyTiming>> TimingsAsync(Viewer viewer, CancellationToken cancellationToken = default)
    {
        var (visible, bind) = VisibilityFilter.Campaigns(viewer, "c");
        return await _store.QueryAsync(
            "read campaign timings",
            $"SELECT p.campaign_id, p.stakeholder_id, p.notified_at, p.acknowledged_at, p.completed_at FROM campaign_parties p JOIN campaigns c ON c.id = p.campaign_id "
            + $"WHERE p.notified_at IS NOT NULL AND {visible} ORDER BY p.stakeholder_id, p.notified_at",
            bind,
            (r, d) => new CampaignPartyTiming(d.ReadId(r, 0), r.GetString(1), d.ReadTime(r, 2), NullableTime(r, d, 3), NullableTime(r, d, 4)),
            cancellationToken);
    }

    internal static string StateCode(CampaignPartyState state) => state.ToString().ToLowerInvariant();

    private static CampaignPartyState StateOf(string code) => code switch
    {
        "pending" => CampaignPartyState.Pending,
        "notified" => CampaignPartyState.Notified,
        "acknowledged" => CampaignPartyState.Acknowledged,
        "completed" => CampaignPartyState.Completed,
        _ => throw new InvalidDataException($"the database holds an unknown campaign party state '{code}'"),
    };

    private static string KindCode(CampaignEventKind kind) => kind switch
    {
        CampaignEventKind.Created => "created",
        CampaignEventKind.Sent => "sent",
        CampaignEventKind.Reminder => "reminder",
        CampaignEventKind.Acknowledged => "acknowledged",
        CampaignEventKind.Completed => "completed",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown campaign event kind"),
    };

    private static CampaignEventKind KindOf(string code) => code switch
    {
        "created" => CampaignEventKind.Created,
        "sent" => CampaignEventKind.Sent,
        "reminder" => CampaignEventKind.Reminder,
        "acknowledged" => CampaignEventKind.Acknowledged,
        "completed" => CampaignEventKind.Completed,
        _ => throw new InvalidDataException($"the database holds an unknown campaign event kind '{code}'"),
    };

    private static DateTimeOffset? NullableTime(DbDataReader reader, StoreDialect dialect, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : dialect.ReadTime(reader, ordinal);

    private static object? Time(StoreDialect dialect, DateTimeOffset? value) => value is { } v ? dialect.Time(v) : null;

    private static async Task UpsertAsync(WriteContext context, StoredCampaign campaign, CancellationToken cancellationToken)
    {
        var d = context.Dialect;
        var stored = Convert.ToInt64(
            await context.Command("SELECT COUNT(*) FROM campaign_events WHERE campaign_id = @id").With("@id", d.Id(campaign.Id)).ExecuteScalarAsync(cancellationToken),
            CultureInfo.InvariantCulture);
        if (stored > campaign.Events.Count)
        {
            // Events are append-only: a snapshot that lacks stored events was read before someone else changed the
            // campaign (an acknowledgement through a link, a reminder), and saving it would undo that change.
            throw new StoreException($"campaign {campaign.Id} was changed meanwhile ({stored} events stored, {campaign.Events.Count} in the update); read it again and retry");
        }

        await context.Command(UpsertSql)
            .With("@id", d.Id(campaign.Id))
            .With("@name", campaign.Name)
            .With("@tlp", Codes.Of(campaign.Tlp))
            .With("@by", campaign.CreatedBy)
            .With("@created", d.Time(campaign.CreatedAt))
            .With("@count", campaign.InputCount)
            .With("@ack_by", d.Time(campaign.AcknowledgeBy))
            .With("@complete_by", d.Time(campaign.CompleteBy))
            .With("@unrouted", Codes.List(campaign.Unrouted))
            .With("@rejected", Codes.List(campaign.Rejected))
            .With("@duplicates", Codes.List(campaign.Duplicates))
            .ExecuteNonQueryAsync(cancellationToken);
        foreach (var p in campaign.Parties)
        {
            // A share's domains are written once, with the party; later saves only move its state (list reads carry no domains).
            await context.Command(PartySql)
                .With("@id", d.Id(campaign.Id)).With("@party", p.StakeholderId).With("@count", p.DomainCount).With("@domains", Codes.List(p.Domains))
                .With("@state", StateCode(p.State)).With("@notified", Time(d, p.NotifiedAt)).With("@acknowledged", Time(d, p.AcknowledgedAt))
                .With("@completed", Time(d, p.CompletedAt)).With("@reminded", Time(d, p.LastReminderAt)).With("@reminders", p.Reminders)
                .ExecuteNonQueryAsync(cancellationToken);
        }

        for (var seq = (int)stored; seq < campaign.Events.Count; seq++)
        {
            var e = campaign.Events[seq];
            await context.Command("INSERT INTO campaign_events (campaign_id, seq, at, actor, kind, stakeholder_id, text) VALUES (@id, @seq, @at, @actor, @kind, @party, @text)")
                .With("@id", d.Id(campaign.Id)).With("@seq", seq).With("@at", d.Time(e.At)).With("@actor", e.Actor).With("@kind", KindCode(e.Kind))
                .With("@party", e.StakeholderId).With("@text", e.Text)
                .ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private async Task<List<StoredCampaign>> ReadAsync(DbConnection connection, string where, Action<DbCommand, StoreDialect> bind, int limit, bool full, CancellationToken cancellationToken)
    {
        var heads = await _store.QueryAsync(
            connection,
            $"SELECT {Columns} FROM campaigns c WHERE {where} ORDER BY c.created_at DESC, c.id DESC LIMIT @limit",
            (c, d) =>
            {
                bind(c, d);
                c.With("@limit", limit);
            },
            (r, d) => new StoredCampaign(
                d.ReadId(r, 0), r.GetString(1), Codes.TlpOf(r.GetString(2)), r.GetString(3), d.ReadTime(r, 4), r.GetInt32(5), d.ReadTime(r, 6), d.ReadTime(r, 7),
                Codes.ListOf(r.GetString(8)), Codes.ListOf(r.GetString(9)), Codes.ListOf(r.GetString(10)), [], []),
            cancellationToken);
        if (heads.Count == 0)
        {
            return [];
        }

        // The page's parties and events in one query each: ids as parameters @i0…@iN.
        var ids = string.Join(", ", heads.Select((_, n) => $"@i{n}"));
        void BindIds(DbCommand c, StoreDialect d)
        {
            for (var n = 0; n < heads.Count; n++)
            {
                c.With($"@i{n}", d.Id(heads[n].Id));
            }
        }

        var domains = full ? "domains" : "'[]'";
        var parties = (await _store.QueryAsync(
                connection,
                $"SELECT campaign_id, stakeholder_id, domain_count, {domains}, state, notified_at, acknowledged_at, completed_at, last_reminder_at, reminders "
                + $"FROM campaign_parties WHERE campaign_id IN ({ids}) ORDER BY stakeholder_id",
                BindIds,
                (r, d) => (Id: d.ReadId(r, 0), Party: new StoredCampaignParty(
                    r.GetString(1), r.GetInt32(2), Codes.ListOf(r.GetString(3)), StateOf(r.GetString(4)),
                    NullableTime(r, d, 5), NullableTime(r, d, 6), NullableTime(r, d, 7), NullableTime(r, d, 8), r.GetInt32(9))),
                cancellationToken))
            .ToLookup(x => x.Id, x => x.Party);
        var events = full
            ? (await _store.QueryAsync(
                    connection,
                    $"SELECT campaign_id, at, actor, kind, stakeholder_id, text FROM campaign_events WHERE campaign_id IN ({ids}) ORDER BY seq",
                    BindIds,
                    (r, d) => (Id: d.ReadId(r, 0), Event: new CampaignEvent(d.ReadTime(r, 1), r.GetString(2), KindOf(r.GetString(3)), r.GetNullableString(4), r.GetString(5))),
                    cancellationToken))
                .ToLookup(x => x.Id, x => x.Event)
            : null;
        return [.. heads.Select(h => h with { Parties = [.. parties[h.Id]], Events = events is null ? [] : [.. events[h.Id]] })];
    }
}
