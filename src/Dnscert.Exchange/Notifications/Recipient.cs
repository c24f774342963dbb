namespace Dnscert.Exchange.Notifications;

/// <summary>
/// Where and how one stakeholder is notified: its e-mail address or webhook URL (with the webhook's shared secret),
/// its language (en, fr, es; others fall back to English) and whether it wants a digest. The stakeholder directory of
/// the coordination side fills it in.
/// </summary>
public sealed record Recipient(
    string StakeholderId,
    string Name,
    NotificationChannel Channel,
    string Address,
    string Language,
    DeliveryMode Mode = DeliveryMode.Immediate,
    string? WebhookSecret = null);
