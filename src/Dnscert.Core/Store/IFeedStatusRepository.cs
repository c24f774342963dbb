namespace Dnscert.Core.Store;

/// <summary>Per-feed scheduler state (docs/feeds.md): one row per configured feed id.</summary>
public interface IFeedStatusRepository
{
    Task SaveAsync(FeedStatus status, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<FeedStatus>> ListAsync(CancellationToken cancellationToken = default);
}
