namespace Dnscert.Core.Store;

/// <summary>What a campaign event records.</summary>
public enum CampaignEventKind
{
    Created = 0,
    Sent = 1,
    Reminder = 2,
    Acknowledged = 3,
    Completed = 4,
}
