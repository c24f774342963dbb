using System.Globalization;
using System.Text;
using System.Threading.Channels;
using Dnscert.Core;
using Dnscert.Core.Store;

namespace Dnscert.Feeds.Ingestion;

/// <summary>
/// Turns indicators into observations: an open observation with the same fingerprint (the same subject and threat,
/// from this or an earlier run of any feed) is moved on (first and last seen, evidence, feeds in the summary), else a
/// new one is created. Raw lines become <c>text/plain</c> evidence blobs. Written in batches of
/// <see cref="BatchSize"/> indicators: each batch is one <see cref="IObservationRepository.MergeOpenByFingerprintAsync"/>
/// (one look-up of the open observations for the whole batch, the evidence, the observations and the rollups in one
/// transaction, so a crash leaves a batch whole or absent). While the store's writer commits one batch, this thread
/// prepares the next (hashing the evidence, building the candidates); at most <see cref="MaxBatchesInFlight"/> wait.
/// </summary>
public sealed class FeedObservationWriter
{
    public const int DefaultBatchSize = 20_000;

    /// <summary>Batches queued to the store at once: one being committed and one ready, which bounds the memory.</summary>
    public const int MaxBatchesInFlight = 2;

    /// <summary>Most evidence ids kept on one observation, so a feed seen daily for years does not grow it without bound.</summary>
    private const int MaxEvidenceIds = 50;

    private readonly IDnscertStore _store;
    private readonly TimeProvider _time;

    public FeedObservationWriter(IDnscertStore store, TimeProvider time, int batchSize = DefaultBatchSize)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        _store = store;
        _time = time;
        BatchSize = batchSize;
    }

    /// <summary>Indicators per transaction.</summary>
    public int BatchSize { get; }

    /// <summary>What <c>dnscert feeds ingest</c> uses for <see cref="BulkLoadFrom"/>.</summary>
    public const int DefaultBulkLoadFrom = 50_000;

    /// <summary>
    /// A run of at least this many distinct indicators (written in one pass) is loaded in one transaction with the
    /// observation indexes built at the end, when the store allows it
    /// (<see cref="IObservationRepository.CanLoadCandidatesInBulkAsync"/>: SQLite, fresh or small, nothing open in the
    /// run's range). That holds the store's writer for the whole run, so it is off (<see cref="int.MaxValue"/>) unless
    /// asked for: the one-off command sets it, the scheduler inside <c>serve</c> does not.
    /// </summary>
    public int BulkLoadFrom { get; init; } = int.MaxValue;

    /// <summary>Writes every indicator; returns how many observations were new (the rest were updated).</summary>
    public async Task<int> WriteAsync(IEnumerable<Indicator> indicators, Tlp tlp, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(indicators);
        if (BulkLoadFrom != int.MaxValue)
        {
            var sorted = indicators.ToArray();
            FingerprintOrder.Sort(sorted);
            if (sorted.Length > 0 && sorted.Length >= BulkLoadFrom
                && await _store.Observations.CanLoadCandidatesInBulkAsync(sorted.Length, sorted[0].Fingerprint, sorted[^1].Fingerprint, cancellationToken).ConfigureAwait(false))
            {
                return await LoadInBulkAsync(sorted, tlp, cancellationToken).ConfigureAwait(false);
            }

            indicators = new SortedRun(sorted);
        }

        var inFlight = new Queue<Task<int>>(MaxBatchesInFlight);
        var created = await QueueAsync(indicators, tlp, inFlight, cancellationToken).ConfigureAwait(false);
        return created + await DrainAsync(inFlight).ConfigureAwait(false);
    }

    /// <summary>
    /// The whole run as one bulk load: this thread prepares batch after batch while the store's writer inserts the
    /// previous ones (a channel of <see cref="MaxBatchesInFlight"/>), all in one transaction.
    /// </summary>
    private async Task<int> LoadInBulkAsync(Indicator[] sorted, Tlp tlp, CancellationToken cancellationToken)
    {
        var batches = Channel.CreateBounded<(ObservationCandidates, Func<Observation, Observation, Observation>)>(
            new BoundedChannelOptions(MaxBatchesInFlight) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });
        var loading = _store.Observations.LoadCandidatesInBulkAsync(batches.Reader, sorted.Length, sorted[0].Fingerprint, sorted[^1].Fingerprint, cancellationToken);
        try
        {
            foreach (var chunk in sorted.Chunk(BatchSize))
            {
                cancellationToken.ThrowIfCancellationRequested();
                await batches.Writer.WriteAsync(Prepare(chunk, tlp), cancellationToken).ConfigureAwait(false);
            }

            batches.Writer.Complete();
        }
        catch (Exception e)
        {
            // The store's side then fails too and rolls the whole run back; wait for it so the caller closes an idle store.
            batches.Writer.TryComplete(e);
            await loading.ContinueWith(static _ => { }, TaskScheduler.Default).ConfigureAwait(false);
            throw;
        }

        return await loading.ConfigureAwait(false);
    }

    /// <summary>
    /// Writes a run's chunks as the parser hands them over (<see cref="FeedIngestor.TakeChunk"/>), so the store starts on
    /// the first batch while the rest of the feed is parsed; returns how many observations were new. Batches reach the
    /// store's single writer in order, so a chunk's look-up sees the observations earlier chunks opened and merges
    /// into them: an indicator spread over chunks ends as one observation, as in one pass.
    /// </summary>
    public async Task<int> WriteAsync(ChannelReader<IReadOnlyList<Indicator>> chunks, Tlp tlp, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        var inFlight = new Queue<Task<int>>(MaxBatchesInFlight);
        var created = 0;
        try
        {
            await foreach (var chunk in chunks.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                if (BulkLoadFrom != int.MaxValue && chunk.Count >= BulkLoadFrom)
                {
                    // A chunk as large as a bulk load (the whole feed, with dnscert feeds ingest's default) is written
                    // as one pass, after the batches before it.
                    created += await DrainAsync(inFlight).ConfigureAwait(false);
                    inFlight.Clear();
                    created += await WriteAsync(chunk, tlp, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                created += await QueueAsync(chunk, tlp, inFlight, cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            // The batches already queued still commit on their own; wait for them so the caller closes an idle store.
            await Task.WhenAll(inFlight).ContinueWith(static _ => { }, TaskScheduler.Default).ConfigureAwait(false);
            throw;
        }

        return created + await DrainAsync(inFlight).ConfigureAwait(false);
    }

    /// <summary>Queues the batches of a set of distinct indicators; returns what the batches that completed meanwhile created.</summary>
    private async Task<int> QueueAsync(IEnumerable<Indicator> indicators, Tlp tlp, Queue<Task<int>> inFlight, CancellationToken cancellationToken)
    {
        var created = 0;
        // In fingerprint order, so each batch covers one range of the fingerprint and subject indexes and new rows land
        // side by side instead of all over the B-trees (each batch then dirties a few pages, not most of them).
        var ordered = indicators is SortedRun run ? run.Indicators : indicators.ToArray();
        if (indicators is not SortedRun)
        {
            FingerprintOrder.Sort(ordered);
        }

        foreach (var chunk in ordered.Chunk(BatchSize))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (candidates, merge) = Prepare(chunk, tlp);
            if (inFlight.Count == MaxBatchesInFlight)
            {
                created += await inFlight.Dequeue().ConfigureAwait(false);
            }

            inFlight.Enqueue(_store.Observations.MergeOpenCandidatesAsync(candidates, merge, cancellationToken));
        }

        return created;
    }

    /// <summary>Indicators already in fingerprint order (sorted once for the bulk-load check).</summary>
    private sealed class SortedRun(Indicator[] indicators) : IEnumerable<Indicator>
    {
        public Indicator[] Indicators => indicators;

        public IEnumerator<Indicator> GetEnumerator() => ((IEnumerable<Indicator>)indicators).GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    private static async Task<int> DrainAsync(Queue<Task<int>> inFlight)
    {
        var created = 0;
        foreach (var count in await Task.WhenAll(inFlight).ConfigureAwait(false))
        {
            created += count;
        }

        return created;
    }

    /// <summary>
    /// One batch's new observations, given by their parts (the evidence lines hashed here, while the store's writer
    /// commits the previous batch), and how each merges into a stored open one.
    /// </summary>
    private (ObservationCandidates Candidates, Func<Observation, Observation, Observation> Merge) Prepare(Indicator[] chunk, Tlp tlp)
    {
        var candidates = new ObservationCandidates(chunk.Length, Severity.Warning, tlp);
        Dictionary<string, Indicator>? byFingerprint = null;
        var ids = new SequentialIds(Guid.CreateVersion7(_time.GetUtcNow()));
        foreach (var indicator in chunk)
        {
            candidates.Add(
                ids.Next(), indicator.Subject, indicator.ThreatTypeId, indicator.FirstSeen, indicator.LastSeen, indicator.Fingerprint,
                indicator.EvidenceArray, indicator.EvidenceCount, indicator.SingleFeed is { } feed ? Summarise(indicator, feed) : Summarise(indicator, indicator.Feeds));
        }

        // Runs on the store's writer, inside the batch's transaction, with the stored open observation. A re-report
        // (the stored one already has this summary and every line) may not reach it: the store then only widens first
        // and last seen, which is all this merge would change.
        Observation Merge(Observation existing, Observation candidate)
        {
            // Built on the first merge only: a fresh store never merges, so it never pays for the dictionary.
            byFingerprint ??= chunk.ToDictionary(i => i.Fingerprint, StringComparer.Ordinal);
            var indicator = byFingerprint[candidate.Fingerprint];
            var feeds = FeedsOf(existing.Summary).Union(indicator.Feeds, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            return existing with
            {
                FirstSeen = existing.FirstSeen < indicator.FirstSeen ? existing.FirstSeen : indicator.FirstSeen,
                LastSeen = existing.LastSeen > indicator.LastSeen ? existing.LastSeen : indicator.LastSeen,
                EvidenceIds = [.. existing.EvidenceIds.Union(candidate.EvidenceIds, StringComparer.Ordinal).Take(MaxEvidenceIds)],
                Summary = Summarise(indicator, feeds),
            };
        }

        return (candidates, Merge);
    }

    private const string FeedsPrefix = "reported by feeds: ";

    /// <summary>
    /// <see cref="Summarise(Indicator, IEnumerable{string})"/> for an indicator of one feed, the usual case, as one
    /// string of the exact length (no builder per indicator).
    /// </summary>
    private static string Summarise(Indicator indicator, string feed)
    {
        var value = indicator.Subject.Value;
        var tld = indicator.Tld;
        var registrar = indicator.Registrar;
        if (tld is null)
        {
            return string.Concat(value, "; ", FeedsPrefix, feed);
        }

        return registrar is null
            ? string.Concat([value, " (TLD ", tld, "); ", FeedsPrefix, feed])
            : string.Concat([value, " (TLD ", tld, ", registrar ", registrar, "); ", FeedsPrefix, feed]);
    }

    /// <summary>The summary carries the provenance in a fixed form so a later run can merge the feed list.</summary>
    private static string Summarise(Indicator indicator, IEnumerable<string> feeds)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{indicator.Subject.Value}");
        if (indicator.Tld is { } tld)
        {
            text.Append(CultureInfo.InvariantCulture, $" (TLD {tld}");
            if (indicator.Registrar is { } registrar)
            {
                text.Append(CultureInfo.InvariantCulture, $", registrar {registrar}");
            }

            text.Append(')');
        }

        text.Append("; ").Append(FeedsPrefix).AppendJoin(", ", feeds);
        return text.ToString();
    }

    private static string[] FeedsOf(string summary)
    {
        var at = summary.IndexOf(FeedsPrefix, StringComparison.Ordinal);
        return at < 0 ? [] : summary[(at + FeedsPrefix.Length)..].Split(", ", StringSplitOptions.RemoveEmptyEntries);
    }
}
