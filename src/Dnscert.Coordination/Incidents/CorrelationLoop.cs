using Dnscert.Core.Store;

namespace Dnscert.Coordination.Incidents;

/// <summary>
/// Runs the <see cref="IncidentCorrelator"/> in the serve host: every <c>interval</c> it reads the observations
/// stored or updated since the last pass (newest first by last seen, at most <see cref="MaxPerPass"/>) and feeds them
/// oldest first. Reading the store rather than hooking the monitor means any source of observations (monitor,
/// traffic detectors, feeds) is correlated the same way. A failed pass is reported and retried on the next tick.
/// </summary>
public sealed class CorrelationLoop
{
    public const int MaxPerPass = 5000;

    private readonly IDnscertStore _store;
    private readonly IncidentCorrelator _correlator;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _interval;
    private readonly Action<Exception> _onError;
    private ObservationCursor? _watermark;

    public CorrelationLoop(IDnscertStore store, IncidentCorrelator correlator, TimeProvider timeProvider, TimeSpan interval, Action<Exception> onError)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(correlator);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(onError);
        ArgumentOutOfRangeException.ThrowIfLessThan(interval, TimeSpan.FromMilliseconds(10));
        _store = store;
        _correlator = correlator;
        _timeProvider = timeProvider;
        _interval = interval;
        _onError = onError;
    }

    /// <summary>Passes until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await PassAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                _onError(e);
            }

            try
            {
                await Task.Delay(_interval, _timeProvider, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One pass: correlates what is new since the previous pass; returns the incidents opened or updated.</summary>
    public async Task<IReadOnlyList<Incident>> PassAsync(CancellationToken cancellationToken)
    {
        var fresh = new List<Observation>();
        ObservationCursor? cursor = null;
        var watermark = _watermark;
        var done = false;
        while (!done && fresh.Count < MaxPerPass)
        {
            var page = await _store.Observations.ListAsync(new ObservationQuery(State: ObservationState.Open), cursor, 500, cancellationToken).ConfigureAwait(false);
            foreach (var o in page.Items)
            {
                if (watermark is not null && (o.LastSeen < watermark.LastSeen || (o.LastSeen == watermark.LastSeen && o.Id.CompareTo(watermark.Id) <= 0)))
                {
                    done = true;
                    break;
                }

                fresh.Add(o);
            }

            cursor = page.Next;
            done |= cursor is null;
        }

        if (fresh.Count == 0)
        {
            return [];
        }

        fresh.Reverse();
        var touched = await _correlator.ProcessAsync(fresh, cancellationToken).ConfigureAwait(false);
        _watermark = new ObservationCursor(fresh[^1].LastSeen, fresh[^1].Id);
        return touched;
    }
}
