using Dnscert.Core;
using Dnscert.Core.Store;
using Dnscert.Exchange.Notifications;

namespace Dnscert.Exchange.Campaigns;

/// <summary>
/// Sends each party of a campaign its share through the outbox (one message per registry, listing its domains and its
/// acknowledgement link) and sends reminders to overdue parties. Campaign messages carry the campaign id where
/// incident messages carry the incident id.
/// </summary>
public sealed class CampaignDispatcher
{
    private readonly Notifier _notifier;
    private readonly AcknowledgementToken _tokens;
    private readonly TimeProvider _time;
    private readonly string _acknowledgeBaseUrl;

    /// <param name="notifier">Writes the messages into the outbox.</param>
    /// <param name="tokens">Signs each party's acknowledgement link.</param>
    /// <param name="time">Gives the sending and reminder times.</param>
    /// <param name="acknowledgeBaseUrl">The public URL of the web endpoint, for example <c>https://dnscert.example/ack/</c>.</param>
    public CampaignDispatcher(Notifier notifier, AcknowledgementToken tokens, TimeProvider time, string acknowledgeBaseUrl)
    {
        ArgumentNullException.ThrowIfNull(notifier);
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(time);
        _notifier = notifier;
        _tokens = tokens;
        _time = time;
        _acknowledgeBaseUrl = acknowledgeBaseUrl.EndsWith('/') ? acknowledgeBaseUrl : acknowledgeBaseUrl + "/";
    }

    /// <summary>Sends every unsent share whose registry has a recipient; returns the stakeholder ids without one.</summary>
    public async Task<IReadOnlyList<string>> SendAsync(Campaign campaign, Func<string, Recipient?> recipients, TimeSpan linkValidity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        ArgumentNullException.ThrowIfNull(recipients);
        var missing = new List<string>();
        foreach (var party in campaign.Parties.Where(p => p.SentAt is null))
        {
            if (recipients(party.StakeholderId) is not { } recipient)
            {
                missing.Add(party.StakeholderId);
                continue;
            }

            await _notifier.NotifyAsync(recipient with { Mode = DeliveryMode.Immediate }, Item(campaign, party, linkValidity, reminder: false), cancellationToken).ConfigureAwait(false);
            campaign.MarkSent(party.StakeholderId, _time.GetUtcNow());
        }

        return missing;
    }

    /// <summary>Reminds every overdue party; returns how many were reminded.</summary>
    public async Task<int> RemindAsync(Campaign campaign, Func<string, Recipient?> recipients, TimeSpan acknowledgeWithin, TimeSpan completeWithin, TimeSpan linkValidity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        ArgumentNullException.ThrowIfNull(recipients);
        var reminded = 0;
        foreach (var party in campaign.Overdue(_time.GetUtcNow(), acknowledgeWithin, completeWithin))
        {
            if (recipients(party.StakeholderId) is { } recipient)
            {
                await _notifier.NotifyAsync(recipient with { Mode = DeliveryMode.Immediate }, Item(campaign, party, linkValidity, reminder: true), cancellationToken).ConfigureAwait(false);
                campaign.MarkReminded(party.StakeholderId, _time.GetUtcNow());
                reminded++;
            }
        }

        return reminded;
    }

    private NotificationItem Item(Campaign campaign, CampaignParty party, TimeSpan linkValidity, bool reminder) => new(
        campaign.Id,
        $"{(reminder ? "Reminder: " : "")}{campaign.Name} ({party.Domains.Count} domain(s))",
        Tlp.Amber,
        Severity.Warning,
        party.Domains,
        _acknowledgeBaseUrl + _tokens.Create(campaign.Id, party.StakeholderId, linkValidity));
}
