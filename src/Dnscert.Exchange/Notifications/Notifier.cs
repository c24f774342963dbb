using System.Text.Json;
using System.Text.Json.Nodes;
using Dnscert.Exchange.Email;

namespace Dnscert.Exchange.Notifications;

/// <summary>
/// Turns notification items into outbox messages. A stakeholder in <see cref="DeliveryMode.Immediate"/> mode gets one
/// message per item at once; one in <see cref="DeliveryMode.Digest"/> mode has its items held until
/// <see cref="FlushDigestsAsync"/> (called once per digest period) writes one message gathering all of them. Held items
/// are bounded per stakeholder; beyond the bound the digest is flushed early for that stakeholder.
/// </summary>
public sealed class Notifier
{
    /// <summary>The most items one digest holds before it is sent early.</summary>
    public const int MaxDigestItems = 200;

    private readonly IOutboxRepository _outbox;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, (Recipient Recipient, List<NotificationItem> Items)> _held = new(StringComparer.Ordinal);

    public Notifier(IOutboxRepository outbox, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(outbox);
        ArgumentNullException.ThrowIfNull(time);
        _outbox = outbox;
        _time = time;
    }

    /// <summary>Queues <paramref name="item"/> for <paramref name="recipient"/>; returns the message when one was written now.</summary>
    public async Task<OutboxMessage?> NotifyAsync(Recipient recipient, NotificationItem item, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        ArgumentNullException.ThrowIfNull(item);
        if (recipient.Mode == DeliveryMode.Immediate)
        {
            return await WriteAsync(recipient, [item], cancellationToken).ConfigureAwait(false);
        }

        List<NotificationItem>? full = null;
        lock (_lock)
        {
            if (!_held.TryGetValue(recipient.StakeholderId, out var held))
            {
                held = (recipient, []);
            }

            held.Items.Add(item);
            _held[recipient.StakeholderId] = (recipient, held.Items);
            if (held.Items.Count >= MaxDigestItems)
            {
                full = held.Items;
                _held.Remove(recipient.StakeholderId);
            }
        }

        return full is null ? null : await WriteAsync(recipient, full, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes one digest message per stakeholder with held items; returns them.</summary>
    public async Task<IReadOnlyList<OutboxMessage>> FlushDigestsAsync(CancellationToken cancellationToken = default)
    {
        List<(Recipient Recipient, List<NotificationItem> Items)> held;
        lock (_lock)
        {
            held = [.. _held.Values];
            _held.Clear();
        }

        var messages = new List<OutboxMessage>();
        foreach (var (recipient, items) in held.OrderBy(h => h.Recipient.StakeholderId, StringComparer.Ordinal))
        {
            messages.Add(await WriteAsync(recipient, items, cancellationToken).ConfigureAwait(false));
        }

        return messages;
    }

    /// <summary>
    /// Writes one campaign message for <paramref name="recipient"/> into the outbox at once (campaign shares are never
    /// held for a digest: each carries its own attachment and links): an e-mail in the recipient's language with the
    /// share attached as CSV, or a webhook payload listing the domains.
    /// </summary>
    public async Task<OutboxMessage> NotifyCampaignAsync(Recipient recipient, CampaignNotice notice, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        ArgumentNullException.ThrowIfNull(notice);
        var now = _time.GetUtcNow();
        var (subject, body) = recipient.Channel == NotificationChannel.Email
            ? CampaignTemplates.Render(recipient, notice)
            : (notice.CampaignName, CampaignPayload(notice, now));
        var message = new OutboxMessage(
            Guid.CreateVersion7(now),
            recipient.StakeholderId,
            recipient.Channel,
            recipient.Address,
            NotificationTemplates.Resolve(recipient.Language),
            subject,
            body,
            [],
            now)
        {
            WebhookSecret = recipient.WebhookSecret,
            CampaignId = notice.CampaignId,
            Attachments = recipient.Channel == NotificationChannel.Email ? [CampaignTemplates.Attachment(notice, recipient.StakeholderId)] : [],
        };
        await _outbox.AddAsync(message, cancellationToken).ConfigureAwait(false);
        return message;
    }

    private static string CampaignPayload(CampaignNotice notice, DateTimeOffset now) => new JsonObject
    {
        ["type"] = "dnscert.campaign",
        ["created"] = now.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        ["campaign_id"] = notice.CampaignId.ToString("D"),
        ["name"] = notice.CampaignName,
        ["tlp"] = TlpMarking.For(notice.Tlp).Value,
        ["reminder"] = notice.Reminder,
        ["acknowledge_by"] = notice.AcknowledgeBy.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        ["complete_by"] = notice.CompleteBy.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        ["domains"] = new JsonArray([.. notice.Domains.Select(d => JsonValue.Create(d))]),
        ["acknowledge_url"] = notice.AcknowledgeUrl,
        ["complete_url"] = notice.CompleteUrl,
    }.ToJsonString();

    private async Task<OutboxMessage> WriteAsync(Recipient recipient, List<NotificationItem> items, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var (subject, body) = recipient.Channel == NotificationChannel.Email
            ? NotificationTemplates.Render(recipient, items)
            : (items.Count == 1 ? items[0].Title : $"{items.Count} incidents", WebhookPayload(items, now));
        var message = new OutboxMessage(
            Guid.CreateVersion7(now),
            recipient.StakeholderId,
            recipient.Channel,
            recipient.Address,
            NotificationTemplates.Resolve(recipient.Language),
            subject,
            body,
            [.. items.Select(i => i.IncidentId).Distinct()],
            now)
        {
            WebhookSecret = recipient.WebhookSecret,
        };
        await _outbox.AddAsync(message, cancellationToken).ConfigureAwait(false);
        return message;
    }

    private static string WebhookPayload(List<NotificationItem> items, DateTimeOffset now)
    {
        var array = new JsonArray();
        foreach (var item in items)
        {
            array.Add(new JsonObject
            {
                ["incident_id"] = item.IncidentId.ToString("D"),
                ["title"] = item.Title,
                ["tlp"] = TlpMarking.For(item.Tlp).Value,
                ["severity"] = item.Severity.ToString().ToLowerInvariant(),
                ["subjects"] = new JsonArray([.. item.Subjects.Select(s => JsonValue.Create(s))]),
                ["acknowledge_url"] = item.AcknowledgeUrl,
            });
        }

        return new JsonObject
        {
            ["type"] = "dnscert.notification",
            ["created"] = now.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["items"] = array,
        }.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
    }
}
