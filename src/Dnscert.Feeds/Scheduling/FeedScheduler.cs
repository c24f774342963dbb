using System.Globalization;
using Dnscert.Core.Store;
using Dnscert.Feeds.Configuration;
using Dnscert.Feeds.Ingestion;
using Dnscert.Feeds.PublicSuffix;

namespace Dnscert.Feeds.Scheduling;

/// <summary>
/// Runs the configured feeds on their intervals in <c>dnscert serve</c> and <c>demo</c>: each due feed is fetched
/// (URLs with the ETag / Last-Modified of its previous download, so an unchanged feed costs a 304; files are read
/// again only when their modification time moved), parsed, de-duplicated and written as observations, and its status
/// is stored. A feed that fails is retried with exponential back-off (1 minute, doubling, at most 4 intervals) and
/// its error is kept on its status; it never stops the other feeds. Feeds run one after another: the store has one
/// writer, and feeds are far from the busiest source.
/// </summary>
public sealed class FeedScheduler
{
    public static readonly TimeSpan FirstRetry = TimeSpan.FromMinutes(1);

    private readonly IReadOnlyList<FeedDefinition> _feeds;
    private readonly IDnscertStore _store;
    private readonly PublicSuffixList _psl;
    private readonly FeedFetcher _fetcher;
    private readonly TimeProvider _time;

    public FeedScheduler(IReadOnlyList<FeedDefinition> feeds, IDnscertStore store, PublicSuffixList psl, FeedFetcher fetcher, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(feeds);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(psl);
        ArgumentNullException.ThrowIfNull(fetcher);
        ArgumentNullException.ThrowIfNull(time);
        _feeds = feeds;
        _store = store;
        _psl = psl;
        _fetcher = fetcher;
        _time = time;
    }

    public IReadOnlyList<FeedDefinition> Feeds => _feeds;

    /// <summary>Runs every enabled feed that is due (never run, or its next due time has come); returns what each did.</summary>
    public async Task<IReadOnlyList<FeedRunResult>> RunDueAsync(CancellationToken cancellationToken = default)
    {
        var statuses = (await _store.FeedStatus.ListAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(s => s.FeedId, StringComparer.Ordinal);
        var results = new List<FeedRunResult>();
        foreach (var feed in _feeds.Where(f => f.Enabled))
        {
            var status = statuses.GetValueOrDefault(feed.Id);
            if (status is not null && status.NextDue > _time.GetUtcNow())
            {
                continue;
            }

            results.Add(await RunAsync(feed, status, cancellationToken).ConfigureAwait(false));
        }

        return results;
    }

    /// <summary>Runs until cancelled, looking for due feeds every <paramref name="tick"/>; <paramref name="report"/> sees every run.</summary>
    public async Task RunLoopAsync(TimeSpan tick, Action<FeedRunResult> report, Action<Exception> onError, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(onError);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                foreach (var result in await RunDueAsync(cancellationToken).ConfigureAwait(false))
                {
                    report(result);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // The store itself failed (reading statuses); the next tick tries again.
                onError(e);
            }

            try
            {
                await Task.Delay(tick, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One run of one feed, whatever its schedule (<c>dnscert feeds ingest --config</c> and the scheduler).</summary>
    public async Task<FeedRunResult> RunAsync(FeedDefinition feed, FeedStatus? previous, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(feed);
        var started = _time.GetUtcNow();
        try
        {
            var (summary, etag, modified) = await IngestAsync(feed, previous, cancellationToken).ConfigureAwait(false);
            var status = new FeedStatus(feed.Id, started + feed.Interval, started, _time.GetUtcNow(), etag, modified, 0, null, summary);
            await _store.FeedStatus.SaveAsync(status, cancellationToken).ConfigureAwait(false);
            return new FeedRunResult(feed.Id, status, null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Recorded on the feed's status and reported by the caller; the other feeds go on.
            var failures = (previous?.ConsecutiveFailures ?? 0) + 1;
            var status = new FeedStatus(
                feed.Id, started + BackOff(feed.Interval, failures), started, previous?.LastSuccess, previous?.ETag, previous?.LastModified, failures, e.Message, previous?.LastSummary);
            await _store.FeedStatus.SaveAsync(status, cancellationToken).ConfigureAwait(false);
            return new FeedRunResult(feed.Id, status, e);
        }
    }

    /// <summary>Delay before retrying after <paramref name="failures"/> failures in a row: 1 min, 2, 4, … at most 4 intervals.</summary>
    public static TimeSpan BackOff(TimeSpan interval, int failures)
    {
        var cap = interval * 4;
        var delay = FirstRetry * Math.Pow(2, Math.Min(Math.Max(failures, 1) - 1, 30));
        return delay < cap ? delay : cap;
    }

    private async Task<(string Summary, string? ETag, DateTimeOffset? Modified)> IngestAsync(FeedDefinition feed, FeedStatus? previous, CancellationToken cancellationToken)
    {
        var parser = FeedParserCatalog.Create(feed.Format, feed.Columns);
        var allow = feed.AllowList is { } allowPath ? AllowList.Load(allowPath) : AllowList.Empty;
        var ingestor = new FeedIngestor(_psl, allow, RegistrarMap.Empty, _time);
        var source = new FeedSource(feed.Id, feed.ThreatTypeId, feed.Tlp);
        IngestSummary summary;
        string? etag = null;
        DateTimeOffset? modified;
        if (feed.Url is { } url)
        {
            var fetched = await _fetcher.FetchAsync(url, previous is null ? null : new FeedFetchState(previous.ETag, previous.LastModified), cancellationToken).ConfigureAwait(false);
            if (fetched.Content is null)
            {
                return ($"not modified since {previous?.LastSuccess:yyyy-MM-dd HH:mm} UTC", previous?.ETag, previous?.LastModified);
            }

            await using var body = fetched.Content;
            summary = ingestor.Ingest(parser, body, source, cancellationToken);
            etag = fetched.State.ETag;
            modified = fetched.State.LastModified;
        }
        else
        {
            var file = new FileInfo(feed.File!);
            if (!file.Exists)
            {
                throw new Core.DnscertException($"Feed file {feed.File} not found.");
            }

            // Whole seconds: the store keeps microseconds (SQLite) and the file system 100 ns ticks.
            var ticks = file.LastWriteTimeUtc.Ticks;
            modified = new DateTimeOffset(ticks - (ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
            if (previous?.LastModified == modified && previous.LastSuccess is not null)
            {
                return ($"file unchanged since {previous.LastSuccess:yyyy-MM-dd HH:mm} UTC", null, modified);
            }

            await using var stream = file.OpenRead();
            summary = ingestor.Ingest(parser, stream, source, cancellationToken);
        }

        var created = await new FeedObservationWriter(_store, _time).WriteAsync(ingestor.Indicators, feed.Tlp, cancellationToken).ConfigureAwait(false);
        return (summary.Describe() + string.Create(CultureInfo.InvariantCulture, $", {created:N0} new observations ({ingestor.Indicators.Count - created:N0} updated)"), etag, modified);
    }
}
