namespace Dnscert.Core.Store;

/// <summary>
/// One responsible registry's share of a campaign and its progress. <see cref="Domains"/> is empty in list results
/// (a share may hold 100,000 names); <see cref="DomainCount"/> is always set. <see cref="Reminders"/> counts the
/// reminders sent, which sets the back-off before the next one.
/// </summary>
public sealed record StoredCampaignParty(
    string StakeholderId,
    int DomainCount,
    IReadOnlyList<string> Domains,
    CampaignPartyState State,
    DateTimeOffset? NotifiedAt,
    DateTimeOffset? AcknowledgedAt,
    DateTimeOffset? CompletedAt,
    DateTimeOffset? LastReminderAt,
    int Reminders)
{
    /// <summary>A party that still owes something whose due date has passed: the acknowledgement, or the completion.</summary>
    public bool IsOverdue(DateTimeOffset acknowledgeBy, DateTimeOffset completeBy, DateTimeOffset now) => State switch
    {
        CampaignPartyState.Notified => now > acknowledgeBy || now > completeBy,
        CampaignPartyState.Acknowledged => now > completeBy,
        _ => false,
    };

    /// <summary>Time from notification to acknowledgement, once acknowledged.</summary>
    public TimeSpan? TimeToAcknowledge => NotifiedAt is { } sent && AcknowledgedAt is { } ack ? ack - sent : null;

    /// <summary>Time from notification to completion, once completed.</summary>
    public TimeSpan? TimeToComplete => NotifiedAt is { } sent && CompletedAt is { } done ? done - sent : null;
}
