namespace Dnscert.Traffic.Detectors;

/// <summary>
/// Drives detectors over a capture-time ordered stream: windows of fixed length start at the first
/// transaction, and a transaction past the current window's end closes it (and any empty windows after it)
/// by flushing every detector. Time comes only from capture timestamps, so replaying a file gives the same
/// detections as watching it live.
/// </summary>
public sealed class DetectorPipeline
{
    private readonly IReadOnlyList<IDetector> _detectors;
    private readonly WindowedDetector[] _forQueries;
    private readonly WindowedDetector[] _forResponses;
    private readonly IDetector[] _others;
    private readonly TimeSpan _window;
    private readonly bool _anyWindowed;
    private DateTimeOffset? _windowEnd;

    public DetectorPipeline(IReadOnlyList<IDetector> detectors, TimeSpan window)
    {
        ArgumentNullException.ThrowIfNull(detectors);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        _detectors = detectors;
        // Each message goes only to the detectors that want its kind: no call per detector to ask.
        var windowed = detectors.OfType<WindowedDetector>().ToList();
        _forQueries = [.. windowed.Where(w => (w.Wanted & MessageKinds.Queries) != 0)];
        _forResponses = [.. windowed.Where(w => (w.Wanted & MessageKinds.Responses) != 0)];
        _others = [.. detectors.Where(d => d is not WindowedDetector)];
        _anyWindowed = windowed.Count > 0;
        _window = window;
    }

    /// <summary>Every catalogued detector with default options.</summary>
    public static DetectorPipeline CreateDefault(TimeSpan window) =>
        new([.. DetectorCatalog.Factories.Select(f => f())], window);

    public long Transactions { get; private set; }

    /// <summary>Feeds one transaction; returns the detections of windows it closed (usually none).</summary>
    public IReadOnlyList<Detection> Observe(in DnsTransaction transaction)
    {
        List<Detection>? closed = null;
        Observe(transaction, ref closed);
        return closed is null ? [] : closed;
    }

    /// <summary>
    /// Feeds one transaction and appends the detections of windows it closed to <paramref name="found"/>. The bulk
    /// path: no empty list per message, and no interface cast of an empty array per message in the caller.
    /// </summary>
    public void Observe(in DnsTransaction transaction, List<Detection> found)
    {
        ArgumentNullException.ThrowIfNull(found);
        List<Detection>? closed = found;
        Observe(transaction, ref closed);
    }

    private void Observe(in DnsTransaction transaction, ref List<Detection>? closed)
    {
        Transactions++;
        var timestamp = transaction.Timestamp;
        if (_windowEnd is not { } windowEnd)
        {
            _windowEnd = timestamp + _window;
        }
        else if (timestamp >= windowEnd)
        {
            closed ??= [];
            while (timestamp >= windowEnd)
            {
                closed.AddRange(FlushAll(windowEnd));
                windowEnd += _window;
            }

            _windowEnd = windowEnd;
        }

        if (!_anyWindowed)
        {
            for (var i = 0; i < _detectors.Count; i++)
            {
                _detectors[i].Observe(transaction);
            }

            return;
        }

        // The question is read once by the reader for statistics and every detector (DnsTransaction.QuestionName).
        var query = QueryView.Of(transaction);
        foreach (var windowed in transaction.Message.IsResponse ? _forResponses : _forQueries)
        {
            windowed.ObserveWanted(transaction, query);
        }

        foreach (var other in _others)
        {
            other.Observe(transaction);
        }
    }

    /// <summary>Closes the current window (end of the capture).</summary>
    public IReadOnlyList<Detection> Complete()
    {
        if (_windowEnd is null)
        {
            return [];
        }

        var found = FlushAll(_windowEnd.Value);
        _windowEnd = null;
        return found;
    }

    private List<Detection> FlushAll(DateTimeOffset end)
    {
        var found = new List<Detection>();
        foreach (var detector in _detectors)
        {
            found.AddRange(detector.Flush(end));
        }

        return found;
    }
}
