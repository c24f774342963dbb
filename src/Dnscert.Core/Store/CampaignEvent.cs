namespace Dnscert.Core.Store;

/// <summary>
/// One line of a campaign's append-only history: who did what when, and for which party (null for the campaign
/// itself). Events are only ever added, so the history is the campaign's audit trail.
/// </summary>
public sealed record CampaignEvent(DateTimeOffset At, string Actor, CampaignEventKind Kind, string? StakeholderId, string Text);
