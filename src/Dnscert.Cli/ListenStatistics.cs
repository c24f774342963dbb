using System.Threading.Channels;
using Dnscert.Core.Store;
using Dnscert.Traffic;
using Dnscert.Traffic.Detectors;
using Dnscert.Traffic.Stats;

namespace Dnscert.Cli;

/// <summary>
/// The statistics of one <c>traffic listen --store</c> session, saved as one stored capture that grows: every
/// <see cref="SaveEvery"/> of capture time a snapshot (the summary, the buckets that changed, the new detections) is
/// taken on the consuming thread, which owns the statistics, and written by a saver task. The snapshot queue is
/// bounded (<see cref="BoundedChannelFullMode.Wait"/>, written with TryWrite so the consumer never blocks): when the
/// store falls behind, a snapshot is not queued and its buckets and detections go with the next one, so nothing is
/// lost. The last snapshot is written at the end.
/// </summary>
internal sealed class ListenStatistics
{
    /// <summary>Capture time between two snapshots.</summary>
    public static readonly TimeSpan SaveEvery = TimeSpan.FromMinutes(1);

    private readonly IDnscertStore _store;
    private readonly string _source;
    private readonly TimeProvider _time;
    private readonly TimeSpan _retention;
    private readonly TrafficSharing _sharing;
    private readonly Guid _id;
    private readonly TrafficStatistics _statistics = new(StatisticsOptions.Default);
    private readonly List<Detection> _newDetections = [];
    private readonly Channel<(TrafficCapture Capture, IReadOnlyList<TrafficBucket> Buckets, IReadOnlyList<TrafficDetectionEntry> Detections)> _snapshots =
        Channel.CreateBounded<(TrafficCapture, IReadOnlyList<TrafficBucket>, IReadOnlyList<TrafficDetectionEntry>)>(new BoundedChannelOptions(4) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });
    private readonly Task _saver;
    private DateTimeOffset? _nextSave;
    private DateTimeOffset _savedFrom = DateTimeOffset.MinValue;
    private long _detections;

    public ListenStatistics(IDnscertStore store, string source, TimeProvider time, TimeSpan retention, TrafficSharing sharing)
    {
        _sharing = sharing;
        _store = store;
        _source = source;
        _time = time;
        _retention = retention;
        _id = Guid.CreateVersion7(time.GetUtcNow());
        _saver = Task.Run(SaveAllAsync);
    }

    /// <summary>Counts one transaction and the detections it closed; takes a snapshot when one is due.</summary>
    public void Add(in DnsTransaction transaction, IReadOnlyList<Detection> detections)
    {
        _statistics.Add(transaction);
        _newDetections.AddRange(detections);
        _detections += detections.Count;
        _nextSave ??= transaction.Timestamp + SaveEvery;
        if (transaction.Timestamp >= _nextSave)
        {
            Snapshot();
            _nextSave = transaction.Timestamp + SaveEvery;
        }
    }

    /// <summary>Takes the last snapshot and waits until every snapshot is written.</summary>
    public async Task CompleteAsync(IReadOnlyList<Detection> lastDetections)
    {
        _newDetections.AddRange(lastDetections);
        _detections += lastDetections.Count;
        while (!Snapshot())
        {
            await _snapshots.Writer.WaitToWriteAsync().ConfigureAwait(false);
        }

        _snapshots.Writer.TryComplete();
        await _saver.ConfigureAwait(false);
    }

    /// <summary>Queues a snapshot; false when the queue is full (what it held goes with the next one).</summary>
    private bool Snapshot()
    {
        var capture = _sharing.Apply(TrafficStoreRecords.Capture(_id, _source, _sharing.Tlp, _time.GetUtcNow(), _statistics, 0, _detections));
        var buckets = TrafficStoreRecords.Buckets(_statistics).Where(b => b.Start >= _savedFrom).ToList();
        if (_snapshots.Writer.TryWrite((capture, buckets, TrafficStoreRecords.Detections(_newDetections))))
        {
            _savedFrom = buckets.Count > 0 ? buckets[^1].Start : _savedFrom;
            _newDetections.Clear();
            return true;
        }

        return false;
    }

    private async Task SaveAllAsync()
    {
        await foreach (var (capture, buckets, detections) in _snapshots.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
        {
            await _store.Traffic.SaveAsync(capture, buckets, detections, CancellationToken.None).ConfigureAwait(false);
            await _store.Traffic.DeleteStoredBeforeAsync(capture.StoredAt - _retention, CancellationToken.None).ConfigureAwait(false);
        }
    }
}
