using System.Data.Common;
using System.Globalization;
using Dnscert.Core.Store;
using Dnscert.Store.Sql;

namespace Dnscert.Store.Repositories;

/// <summary>
/// The outbox on SQLite or PostgreSQL. A claim runs in the writer's transaction and moves each row with a conditional
/// UPDATE (<c>WHERE state = 'pending' …</c>), so when two processes share a PostgreSQL database only the one whose
/// UPDATE changed the row sends it.
/// </summary>
internal sealed class OutboxRepository : IOutboxMessageRepository
{
    /// <summary>The longest text field kept (a rendered digest body is far below this).</summary>
    public const int MaxText = 1024 * 1024;

    /// <summary>The most incidents (or campaigns) one message may speak about.</summary>
    public const int MaxRelated = 1000;

    private const string Columns =
        "id, stakeholder, channel, address, language, subject, body, related_ids, created_at, state, attempts, next_attempt_at, sent_at, last_error, webhook_secret, campaign_id, attachments";

    private const string Due =
        "(state = 'pending' AND next_attempt_at <= @now) OR (state = 'sending' AND claimed_at <= @stale)";

    private static readonly string[] s_states = ["pending", "sending", "sent", "failed"];
    private static readonly string[] s_channels = ["email", "webhook"];

    private readonly DnscertStore _store;

    public OutboxRepository(DnscertStore store) => _store = store;

    public async Task AddAsync(StoredOutboxMessage message, CancellationToken cancellationToken = default)
    {
        Check(message);
        await _store.WriteAsync(
            $"add outbox message {message.Id}",
            async (context, token) =>
            {
                var d = context.Dialect;
                await context.Command(
                        $"INSERT INTO outbox ({Columns}, claimed_at) VALUES (@id, @stakeholder, @channel, @address, @language, @subject, @body, @related, @created, @state, @attempts, @next, @sent, @error, @secret, @campaign, @attachments, NULL)")
                    .With("@id", d.Id(message.Id))
                    .With("@stakeholder", message.StakeholderId)
                    .With("@channel", message.Channel)
                    .With("@address", message.Address)
                    .With("@language", message.Language)
                    .With("@subject", message.Subject)
                    .With("@body", message.Body)
                    .With("@related", Codes.List([.. message.RelatedIds.Select(i => i.ToString("D"))]))
                    .With("@created", d.Time(message.CreatedAt))
                    .With("@state", message.State)
                    .With("@attempts", message.Attempts)
                    .With("@next", d.Time(message.NextAttemptAt))
                    .With("@sent", message.SentAt is { } sent ? d.Time(sent) : null)
                    .With("@error", message.LastError)
                    .With("@secret", message.WebhookSecret)
                    .With("@campaign", message.CampaignId is { } campaign ? d.Id(campaign) : null)
                    .With("@attachments", EncodeAttachments(message.Attachments))
                    .ExecuteNonQueryAsync(token);
                foreach (var related in (message.CampaignId is { } campaignId ? message.RelatedIds.Append(campaignId) : message.RelatedIds).Distinct())
                {
                    await context.Command("INSERT INTO outbox_related (message_id, related_id) VALUES (@id, @related)")
                        .With("@id", d.Id(message.Id)).With("@related", d.Id(related))
                        .ExecuteNonQueryAsync(token);
                }

                return null;
            },
            cancellationToken);
    }

    public async Task<IReadOnlyList<StoredOutboxMessage>> ClaimDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken = default)
    {
        Limits.Page(max);
        var claimed = await _store.WriteAsync(
            "claim due outbox messages",
            async (context, token) =>
            {
                var d = context.Dialect;
                var stale = now - IOutboxMessageRepository.ClaimLease;
                var candidates = new List<Guid>();
                var select = context.Command($"SELECT id FROM outbox WHERE {Due} ORDER BY next_attempt_at, id LIMIT @limit{d.SkipLockedSuffix}")
                    .With("@now", d.Time(now)).With("@stale", d.Time(stale)).With("@limit", max);
                await using (var reader = await select.ExecuteReaderAsync(token))
                {
                    while (await reader.ReadAsync(token))
                    {
                        candidates.Add(d.ReadId(reader, 0));
                    }
                }

                var mine = new List<StoredOutboxMessage>(candidates.Count);
                foreach (var id in candidates)
                {
                    var changed = await context.Command($"UPDATE outbox SET state = 'sending', claimed_at = @now WHERE id = @id AND ({Due})")
                        .With("@id", d.Id(id)).With("@now", d.Time(now)).With("@stale", d.Time(stale))
                        .ExecuteNonQueryAsync(token);
                    if (changed != 1)
                    {
                        continue;
                    }

                    await using var reader = await context.Command($"SELECT {Columns} FROM outbox WHERE id = @id").With("@id", d.Id(id)).ExecuteReaderAsync(token);
                    if (await reader.ReadAsync(token))
                    {
                        mine.Add(Read(reader, d));
                    }
                }

                return mine;
            },
            cancellationToken);
        return (List<StoredOutboxMessage>)claimed!;
    }

    public async Task UpdateAsync(StoredOutboxMessage message, CancellationToken cancellationToken = default)
    {
        Check(message);
        var changed = await _store.ExecuteAsync(
            $"update outbox message {message.Id}",
            "UPDATE outbox SET state = @state, attempts = @attempts, next_attempt_at = @next, sent_at = @sent, last_error = @error, "
            + "claimed_at = CASE WHEN @state = 'sending' THEN claimed_at ELSE NULL END WHERE id = @id",
            (c, d) => c.With("@id", d.Id(message.Id))
                .With("@state", message.State)
                .With("@attempts", message.Attempts)
                .With("@next", d.Time(message.NextAttemptAt))
                .With("@sent", message.SentAt is { } sent ? d.Time(sent) : null)
                .With("@error", message.LastError),
            cancellationToken);
        if (changed != 1)
        {
            throw new StoreException($"there is no outbox message {message.Id} to update");
        }
    }

    public async Task<StoredOutboxMessage?> GetAsync(Guid id, CancellationToken cancellationToken = default) =>
        (await _store.QueryAsync($"read outbox message {id}", $"SELECT {Columns} FROM outbox WHERE id = @id", (c, d) => c.With("@id", d.Id(id)), Read, cancellationToken))
        .SingleOrDefault();

    public async Task<IReadOnlyList<StoredOutboxMessage>> ListRelatedAsync(Guid relatedId, int limit, CancellationToken cancellationToken = default)
    {
        Limits.Page(limit);
        return await _store.QueryAsync(
            $"list outbox messages of {relatedId}",
            $"SELECT {string.Join(", ", Columns.Split(", ").Select(c => "o." + c))} FROM outbox o JOIN outbox_related r ON r.message_id = o.id "
            + "WHERE r.related_id = @related ORDER BY o.created_at, o.id LIMIT @limit",
            (c, d) => c.With("@related", d.Id(relatedId)).With("@limit", limit),
            Read,
            cancellationToken);
    }

    private static void Check(StoredOutboxMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!s_states.Contains(message.State, StringComparer.Ordinal) || !s_channels.Contains(message.Channel, StringComparer.Ordinal))
        {
            throw new ArgumentException($"outbox message {message.Id}: unknown state '{message.State}' or channel '{message.Channel}'", nameof(message));
        }

        if (message.RelatedIds.Count > MaxRelated)
        {
            throw new ArgumentException($"outbox message {message.Id}: {message.RelatedIds.Count} related ids, more than {MaxRelated}", nameof(message));
        }

        if (message.Attachments.Sum(a => (long)a.Content.Length) > MaxText * 16L)
        {
            throw new ArgumentException($"outbox message {message.Id}: its attachments are longer than {MaxText * 16L} characters", nameof(message));
        }

        foreach (var (name, text) in new[] { ("subject", message.Subject), ("body", message.Body), ("address", message.Address), ("last error", message.LastError ?? "") })
        {
            if (text.Length > MaxText)
            {
                throw new ArgumentException($"outbox message {message.Id}: the {name} is longer than {MaxText} characters", nameof(message));
            }
        }
    }

    private static StoredOutboxMessage Read(DbDataReader r, StoreDialect d) =>
        new(
            d.ReadId(r, 0),
            r.GetString(1),
            r.GetString(2),
            r.GetString(3),
            r.GetString(4),
            r.GetString(5),
            r.GetString(6),
            [.. Codes.ListOf(r.GetString(7)).Select(s => Guid.Parse(s, CultureInfo.InvariantCulture))],
            d.ReadTime(r, 8),
            r.GetString(9),
            r.GetInt32(10),
            d.ReadTime(r, 11),
            r.IsDBNull(12) ? null : d.ReadTime(r, 12),
            r.GetNullableString(13),
            r.GetNullableString(14))
        {
            CampaignId = r.IsDBNull(15) ? null : d.ReadId(r, 15),
            Attachments = DecodeAttachments(r.GetString(16)),
        };

    /// <summary>
    /// Attachments as one flat string array (name, media type, content, ...): the store's existing string-array JSON
    /// serves, so no new serialiser type is needed for a rarely used column.
    /// </summary>
    private static string EncodeAttachments(IReadOnlyList<StoredOutboxAttachment> attachments) =>
        Codes.List([.. attachments.SelectMany(a => new[] { a.FileName, a.MediaType, a.Content })]);

    private static StoredOutboxAttachment[] DecodeAttachments(string json)
    {
        var flat = Codes.ListOf(json);
        if (flat.Count % 3 != 0)
        {
            throw new StoreException($"an outbox row holds {flat.Count} attachment fields, not a multiple of three");
        }

        var attachments = new StoredOutboxAttachment[flat.Count / 3];
        for (var i = 0; i < attachments.Length; i++)
        {
            attachments[i] = new StoredOutboxAttachment(flat[3 * i], flat[(3 * i) + 1], flat[(3 * i) + 2]);
        }

        return attachments;
    }
}
