namespace Dnscert.Exchange.Campaigns;

/// <summary>One registry's share of a campaign and where it stands: sent, acknowledged, completed (names blocked or taken down).</summary>
public sealed record CampaignParty(string StakeholderId, IReadOnlyList<string> Domains)
{
    public DateTimeOffset? SentAt { get; init; }

    public DateTimeOffset? AcknowledgedAt { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }

    public DateTimeOffset? LastReminderAt { get; init; }

    /// <summary>Time from sending to acknowledgement, once acknowledged.</summary>
    public TimeSpan? TimeToAcknowledge => SentAt is { } sent && AcknowledgedAt is { } ack ? ack - sent : null;

    /// <summary>Time from sending to completion, once completed.</summary>
    public TimeSpan? TimeToMitigate => SentAt is { } sent && CompletedAt is { } done ? done - sent : null;
}
