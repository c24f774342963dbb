using Dnscert.Core.Store;

namespace Dnscert.Exchange.Notifications;

/// <summary>
/// The outbox kept in the store (SQLite or PostgreSQL, <see cref="IOutboxMessageRepository"/>): what a running
/// instance uses, so queued messages and their retry times survive a restart. Translates between the library's
/// <see cref="OutboxMessage"/> and the store's row; the store never learns the library's types.
/// </summary>
public sealed class StoredOutboxRepository : IOutboxRepository
{
    private readonly IOutboxMessageRepository _store;

    public StoredOutboxRepository(IOutboxMessageRepository store)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
    }

    public Task AddAsync(OutboxMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return _store.AddAsync(ToStored(message), cancellationToken);
    }

    public async Task<IReadOnlyList<OutboxMessage>> ClaimDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken = default) =>
        [.. (await _store.ClaimDueAsync(now, max, cancellationToken).ConfigureAwait(false)).Select(FromStored)];

    public Task UpdateAsync(OutboxMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return _store.UpdateAsync(ToStored(message), cancellationToken);
    }

    public async Task<OutboxMessage?> GetAsync(Guid id, CancellationToken cancellationToken = default) =>
        await _store.GetAsync(id, cancellationToken).ConfigureAwait(false) is { } stored ? FromStored(stored) : null;

    /// <summary>The messages about one incident (or campaign), oldest first.</summary>
    public async Task<IReadOnlyList<OutboxMessage>> ListRelatedAsync(Guid relatedId, int limit, CancellationToken cancellationToken = default) =>
        [.. (await _store.ListRelatedAsync(relatedId, limit, cancellationToken).ConfigureAwait(false)).Select(FromStored)];

    public static StoredOutboxMessage ToStored(OutboxMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new StoredOutboxMessage(
            message.Id,
            message.StakeholderId,
            ChannelCode(message.Channel),
            message.Address,
            message.Language,
            message.Subject,
            message.Body,
            message.IncidentIds,
            message.CreatedAt,
            StateCode(message.State),
            message.Attempts,
            message.NextAttemptAt,
            message.SentAt,
            message.LastError,
            message.WebhookSecret)
        {
            CampaignId = message.CampaignId,
            Attachments = [.. message.Attachments.Select(a => new StoredOutboxAttachment(a.FileName, a.MediaType, a.Content))],
        };
    }

    public static OutboxMessage FromStored(StoredOutboxMessage stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        return new OutboxMessage(stored.Id, stored.StakeholderId, ChannelOf(stored.Channel), stored.Address, stored.Language, stored.Subject, stored.Body, stored.RelatedIds, stored.CreatedAt)
        {
            State = StateOf(stored.State),
            Attempts = stored.Attempts,
            NextAttemptAt = stored.NextAttemptAt,
            SentAt = stored.SentAt,
            LastError = stored.LastError,
            WebhookSecret = stored.WebhookSecret,
            CampaignId = stored.CampaignId,
            Attachments = [.. stored.Attachments.Select(a => new OutboxAttachment(a.FileName, a.MediaType, a.Content))],
        };
    }

    public static string StateCode(OutboxState state) => state switch
    {
        OutboxState.Pending => "pending",
        OutboxState.Sending => "sending",
        OutboxState.Sent => "sent",
        OutboxState.Failed => "failed",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "unknown outbox state"),
    };

    private static OutboxState StateOf(string code) => code switch
    {
        "pending" => OutboxState.Pending,
        "sending" => OutboxState.Sending,
        "sent" => OutboxState.Sent,
        "failed" => OutboxState.Failed,
        _ => throw new InvalidDataException($"the outbox holds an unknown state '{code}'"),
    };

    private static string ChannelCode(NotificationChannel channel) => channel switch
    {
        NotificationChannel.Email => "email",
        NotificationChannel.Webhook => "webhook",
        _ => throw new ArgumentOutOfRangeException(nameof(channel), channel, "unknown channel"),
    };

    private static NotificationChannel ChannelOf(string code) => code switch
    {
        "email" => NotificationChannel.Email,
        "webhook" => NotificationChannel.Webhook,
        _ => throw new InvalidDataException($"the outbox holds an unknown channel '{code}'"),
    };
}
