using Dnscert.Core.Store;

namespace Dnscert.Exchange.Notifications;

/// <summary>
/// What a campaign tells one party: the campaign, its TLP, the party's share of domains, the due dates and the two
/// links (acknowledge receipt, report completion). <see cref="Reminder"/> marks a reminder to an overdue party.
/// </summary>
public sealed record CampaignNotice(
    Guid CampaignId,
    string CampaignName,
    Tlp Tlp,
    IReadOnlyList<string> Domains,
    DateTimeOffset AcknowledgeBy,
    DateTimeOffset CompleteBy,
    string AcknowledgeUrl,
    string CompleteUrl,
    bool Reminder);
