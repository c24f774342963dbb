namespace Dnscert.Core.Store;

/// <summary>
/// Where one party of a campaign stands: Pending (not sent yet, for example no contact) → Notified (its share is in the
/// outbox) → Acknowledged → Completed. "Overdue" is not stored: it follows from the due dates and the clock
/// (<see cref="StoredCampaignParty.IsOverdue"/>), so it can never disagree with them.
/// </summary>
public enum CampaignPartyState
{
    Pending = 0,
    Notified = 1,
    Acknowledged = 2,
    Completed = 3,
}
