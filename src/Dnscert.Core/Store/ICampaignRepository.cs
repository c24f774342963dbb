namespace Dnscert.Core.Store;

/// <summary>Campaigns, their parties and events. Every read takes a <see cref="Viewer"/> and returns only what TLP lets it see.</summary>
public interface ICampaignRepository
{
    /// <summary>
    /// Adds or updates a campaign: head and party states are replaced, events beyond those stored are appended. A
    /// snapshot with fewer events than stored was read before someone else changed the campaign and is refused
    /// (<see cref="StoreException"/>), so no acknowledgement is ever lost.
    /// </summary>
    Task SaveAsync(StoredCampaign campaign, CancellationToken cancellationToken = default);

    /// <summary>The campaign with every party's domains and all events, or null when missing or not visible.</summary>
    Task<StoredCampaign?> GetAsync(Guid id, Viewer viewer, CancellationToken cancellationToken = default);

    /// <summary>Campaigns newest first by (created at, id), after <paramref name="after"/>; parties without their domains, no events.</summary>
    Task<Page<StoredCampaign, CampaignCursor>> ListAsync(Viewer viewer, CampaignCursor? after, int limit, CancellationToken cancellationToken = default);

    /// <summary>Ids of campaigns with a party not completed yet (for the reminder worker; unfiltered, the instance itself reads).</summary>
    Task<IReadOnlyList<Guid>> ListOpenAsync(CancellationToken cancellationToken = default);

    /// <summary>Every notified party of the campaigns <paramref name="viewer"/> may see, for time-to-acknowledge and time-to-complete statistics.</summary>
    Task<IReadOnlyList<CampaignPartyTiming>> TimingsAsync(Viewer viewer, CancellationToken cancellationToken = default);
}
