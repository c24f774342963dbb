using Dnscert.Core.Store;

namespace Dnscert.Web.Campaigns;

/// <summary>The result of creating a campaign: the stored campaign and the parties no message could be sent to (no contact in the directory).</summary>
public sealed record CampaignCreation(StoredCampaign Campaign, IReadOnlyList<string> WithoutContact);
