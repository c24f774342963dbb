namespace Dnscert.Core.Store;

/// <summary>
/// A campaign as the store keeps it: one coordinated action (a list of domains split per responsible TLD registry).
/// <see cref="Tlp"/> with the parties as recipients decides who may read it (Store/Visibility/VisibilityFilter): the
/// parties are its recipient organisations, and TLP:RED reaches only <see cref="CreatedBy"/>.
/// <see cref="InputCount"/> is the number of names given; the names that went nowhere are kept with the campaign
/// (<see cref="Unrouted"/>: no registry known; <see cref="Rejected"/>: not a domain name, with line and reason;
/// <see cref="Duplicates"/>: given more than once), so nothing is silently dropped. <see cref="Events"/> is
/// append-only: a save adds the events the store does not have yet.
/// </summary>
public sealed record StoredCampaign(
    Guid Id,
    string Name,
    Tlp Tlp,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    int InputCount,
    DateTimeOffset AcknowledgeBy,
    DateTimeOffset CompleteBy,
    IReadOnlyList<string> Unrouted,
    IReadOnlyList<string> Rejected,
    IReadOnlyList<string> Duplicates,
    IReadOnlyList<StoredCampaignParty> Parties,
    IReadOnlyList<CampaignEvent> Events)
{
    /// <summary>True once every party has completed (a campaign without parties is never open).</summary>
    public bool IsFinished => Parties.All(p => p.State == CampaignPartyState.Completed);
}
