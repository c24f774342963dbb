using System.Runtime;

namespace Dnscert.Cli;

/// <summary>
/// Holds garbage collections off while `dnscert feeds ingest` reads a local file into the store in one run, for as
/// many bytes as the run is expected to allocate (a no-GC region; the runtime ends it by itself and collects as usual
/// when the run allocates more). Nearly everything such a run allocates stays reachable until its write commits —
/// the indicators, and every batch, kept for a retry of the one transaction — so collections during it find almost
/// nothing to free: a million-line feed made 5 collections, 4 of them full blocking ones over a heap growing to
/// 700 MB, 540–600 ms of pauses in a 4.4 s run. Without them: 3.85–3.95 s, 95 MB more resident memory
/// (docs/benchmarks.md, "Feed ingestion, ninth session"). Only the one-off command does this; `serve` never does.
/// </summary>
internal sealed class IngestCollectionPause : IDisposable
{
    /// <summary>Bytes a run allocates per byte of a plain list, about: 690 MB for the 26 MB benchmark feed, with room.</summary>
    private const long BytesPerFeedByte = 32;

    /// <summary>Least worth asking for: below it a run makes at most a collection or two anyway.</summary>
    private const long Smallest = 64L << 20;

    /// <summary>At most this share of the memory the process may use is left uncollected.</summary>
    private const int ShareOfMemory = 8;

    private IngestCollectionPause(bool started) => Started = started;

    /// <summary>Whether collections are held off (false when the feed was too small or the runtime refused).</summary>
    public bool Started { get; }

    /// <summary>Starts the pause for a feed of <paramref name="feedBytes"/> bytes; a no-op when too small or refused.</summary>
    public static IngestCollectionPause Start(long feedBytes)
    {
        var most = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / ShareOfMemory;
        var size = Math.Min(feedBytes * BytesPerFeedByte, most);
        // Asking again while a region is on (another run in this process: an in-process caller, tests) would end it.
        if (size < Smallest || GCSettings.LatencyMode == GCLatencyMode.NoGCRegion)
        {
            return new IngestCollectionPause(false);
        }

        try
        {
            return new IngestCollectionPause(GC.TryStartNoGCRegion(size));
        }
        catch (ArgumentOutOfRangeException)
        {
            // More than this runtime can hold off for: collect as usual.
            return new IngestCollectionPause(false);
        }
        catch (InvalidOperationException)
        {
            // Another run started one between the check and here.
            return new IngestCollectionPause(false);
        }
    }

    public void Dispose()
    {
        // The runtime ends the region itself once the run allocated more than was asked for.
        if (Started && GCSettings.LatencyMode == GCLatencyMode.NoGCRegion)
        {
            try
            {
                GC.EndNoGCRegion();
            }
            catch (InvalidOperationException)
            {
                // Ended meanwhile (a collection was needed after all): nothing left to end.
            }
        }
    }
}
