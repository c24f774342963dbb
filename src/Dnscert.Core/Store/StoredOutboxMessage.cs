namespace Dnscert.Core.Store;

/// <summary>
/// One outbox message as the store keeps it (docs/notifications.md). The notification library owns the meaning of
/// <see cref="Channel"/> (<c>email</c>, <c>webhook</c>) and <see cref="State"/> (<c>pending</c>, <c>sending</c>,
/// <c>sent</c>, <c>failed</c>); the store only keeps them, so Core need not know the library's types.
/// <see cref="RelatedIds"/> are the incidents (or campaigns) the message speaks about.
/// </summary>
public sealed record StoredOutboxMessage(
    Guid Id,
    string StakeholderId,
    string Channel,
    string Address,
    string Language,
    string Subject,
    string Body,
    IReadOnlyList<Guid> RelatedIds,
    DateTimeOffset CreatedAt,
    string State,
    int Attempts,
    DateTimeOffset NextAttemptAt,
    DateTimeOffset? SentAt,
    string? LastError,
    string? WebhookSecret)
{
    /// <summary>The campaign a campaign message is about (docs/campaigns.md); null for incident messages.</summary>
    public Guid? CampaignId { get; init; }

    /// <summary>Text files sent with an e-mail (a campaign party's share as CSV); empty for most messages.</summary>
    public IReadOnlyList<StoredOutboxAttachment> Attachments { get; init; } = [];
}
