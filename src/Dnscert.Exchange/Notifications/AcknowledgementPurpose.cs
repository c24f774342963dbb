namespace Dnscert.Exchange.Notifications;

/// <summary>What an acknowledgement link does; its number is the token's version byte, covered by the MAC.</summary>
public enum AcknowledgementPurpose
{
    /// <summary>Acknowledge an incident (<c>/ack/{token}</c>).</summary>
    Incident = 1,

    /// <summary>Acknowledge receipt of one's share of a campaign (<c>/ack/campaign/{token}</c>).</summary>
    CampaignAcknowledge = 2,

    /// <summary>Report one's share of a campaign as done (blocked, taken down).</summary>
    CampaignComplete = 3,
}
