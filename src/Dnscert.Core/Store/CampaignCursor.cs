namespace Dnscert.Core.Store;

/// <summary>Keyset position in the campaign list (newest first).</summary>
public sealed record CampaignCursor(DateTimeOffset CreatedAt, Guid Id);
