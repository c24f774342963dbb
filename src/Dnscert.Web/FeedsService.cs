using Dnscert.Core.Store;
using Dnscert.Feeds.Configuration;

namespace Dnscert.Web;

/// <summary>
/// The configured feeds (feeds.json named by <see cref="DnscertWebOptions.FeedsFile"/>) joined with their stored
/// scheduler status, for the /feeds page and /api/v1/feeds. URLs are shown without their query string, where feed
/// providers put access keys.
/// </summary>
public sealed class FeedsService
{
    private readonly IDnscertStore _store;
    private readonly IReadOnlyList<FeedDefinition> _feeds;

    public FeedsService(IDnscertStore store, DnscertWebOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _feeds = string.IsNullOrEmpty(options.FeedsFile) ? [] : FeedsFile.Load(options.FeedsFile);
    }

    /// <summary>One row per configured feed, then any stored status of a feed no longer configured.</summary>
    public async Task<IReadOnlyList<FeedView>> ListAsync(CancellationToken cancellationToken)
    {
        var statuses = (await _store.FeedStatus.ListAsync(cancellationToken)).ToDictionary(s => s.FeedId, StringComparer.Ordinal);
        var rows = _feeds.Select(f => new FeedView(
            f.Id, f.Provider, PublicLocation(f), f.Format, f.Interval, f.ThreatTypeId, f.Confidence, f.Tlp, f.Licence, f.Provenance, f.Enabled, statuses.GetValueOrDefault(f.Id))).ToList();
        rows.AddRange(statuses.Values.Where(s => _feeds.All(f => f.Id != s.FeedId))
            .Select(s => new FeedView(s.FeedId, null, null, null, null, null, null, null, null, "no longer in the feeds file", false, s)));
        return rows;
    }

    private static string PublicLocation(FeedDefinition feed) =>
        feed.Url is { } url ? url.GetLeftPart(UriPartial.Path) : Path.GetFileName(feed.File!);
}
