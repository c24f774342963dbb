namespace Dnscert.Core.Store;

/// <summary>One notified party of one campaign with its times, for the per-stakeholder timing statistics.</summary>
public sealed record CampaignPartyTiming(Guid CampaignId, string StakeholderId, DateTimeOffset NotifiedAt, DateTimeOffset? AcknowledgedAt, DateTimeOffset? CompletedAt);
