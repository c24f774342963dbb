namespace Dnscert.Core.Monitoring;

/// <summary>
/// Web and API requests in flight, counted by the web host and read by the monitor's scheduler. On a small machine
/// the dashboard and the background checks share the same cores; a person waiting for a page should not queue behind
/// hundreds of checks that can just as well start a moment later, so the monitor starts fewer checks while requests
/// are being served (docs/monitor.md, "Web requests first").
/// </summary>
public sealed class ForegroundActivity
{
    private int _inFlight;
    private int _startedSinceAsked;

    /// <summary>Requests being served right now.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>A request started; pair with <see cref="Ended"/>.</summary>
    public void Started()
    {
        Interlocked.Increment(ref _inFlight);
        Volatile.Write(ref _startedSinceAsked, 1);
    }

    /// <summary>A request ended (successfully or not).</summary>
    public void Ended() => Interlocked.Decrement(ref _inFlight);

    /// <summary>
    /// Whether a request was in flight at any moment since the previous call: a burst of short requests between two
    /// scheduler polls counts as busy too, not only one that happens to be running at the poll.
    /// </summary>
    public bool BusySinceLastAsked() => Interlocked.Exchange(ref _startedSinceAsked, 0) == 1 || InFlight > 0;
}
