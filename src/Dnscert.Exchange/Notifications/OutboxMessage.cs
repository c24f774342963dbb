namespace Dnscert.Exchange.Notifications;

/// <summary>
/// One rendered message in the outbox with its delivery state. <see cref="IncidentIds"/> are the incidents it speaks
/// about (several for a digest), whose timelines get the delivery status. <see cref="Body"/> is the plain-text e-mail
/// or the JSON webhook payload.
/// </summary>
public sealed record OutboxMessage(
    Guid Id,
    string StakeholderId,
    NotificationChannel Channel,
    string Address,
    string Language,
    string Subject,
    string Body,
    IReadOnlyList<Guid> IncidentIds,
    DateTimeOffset CreatedAt)
{
    public OutboxState State { get; init; } = OutboxState.Pending;

    /// <summary>Delivery attempts made so far.</summary>
    public int Attempts { get; init; }

    /// <summary>When a Pending message may be sent (its retry time).</summary>
    public DateTimeOffset NextAttemptAt { get; init; } = CreatedAt;

    public DateTimeOffset? SentAt { get; init; }

    /// <summary>The last failure, for the operator (never contains the message body).</summary>
    public string? LastError { get; init; }

    /// <summary>The webhook's shared secret (not rendered anywhere); null for e-mail.</summary>
    public string? WebhookSecret { get; init; }

    /// <summary>The campaign a campaign message is about (its <see cref="IncidentIds"/> are then empty); null otherwise.</summary>
    public Guid? CampaignId { get; init; }

    /// <summary>Files sent with an e-mail (a campaign party's share as CSV); empty for most messages.</summary>
    public IReadOnlyList<OutboxAttachment> Attachments { get; init; } = [];
}
