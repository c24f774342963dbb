using Dnscert.Core;

namespace Dnscert.Exchange.Campaigns;

/// <summary>A campaign change that its parties' states do not allow (completing a share that was never sent, an unknown party).</summary>
public sealed class CampaignTransitionException : DnscertException
{
    public CampaignTransitionException()
    {
    }

    public CampaignTransitionException(string message)
        : base(message)
    {
    }

    public CampaignTransitionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
