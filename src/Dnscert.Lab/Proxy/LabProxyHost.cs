using System.Net;

namespace Dnscert.Lab.Proxy;

/// <summary>
/// In-process fault-injecting DNS proxy and latency relay for the lab. Test equipment: it serves
/// loopback addresses only and plants the misbehaviours of <see cref="FaultKind"/> that real name
/// servers will not show. See docs/lab-proxy.md.
/// </summary>
public sealed class LabProxyHost : IAsyncDisposable
{
    private readonly TimeProvider _time;
    private readonly TextWriter? _log;
    private readonly List<ProxyEndpointRunner> _runners = [];
    private readonly SemaphoreSlim _lifecycle = new(1, 1);

    /// <param name="time">Clock for delays, timeouts and drip pacing.</param>
    /// <param name="log">Where to write one line per notable event; null for silence. Written to from many threads.</param>
    public LabProxyHost(TimeProvider time, TextWriter? log = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        _log = log is null ? null : TextWriter.Synchronized(log);
    }

    /// <summary>Totals over every endpoint; <see cref="ProxyCounters.ForEndpoint"/> gives one endpoint's.</summary>
    public ProxyCounters Counters { get; } = new();

    /// <summary>The endpoints actually bound, in start order (a listen port of 0 is replaced by the one chosen).</summary>
    public IReadOnlyList<IPEndPoint> BoundEndpoints { get; private set; } = [];

    /// <summary>
    /// Validates every endpoint, then binds UDP and TCP on each listen endpoint and starts serving.
    /// If anything fails, whatever was already bound is released before the exception propagates.
    /// </summary>
    /// <exception cref="ProxyConfigException">An endpoint or rule is invalid; the message names the field.</exception>
    /// <exception cref="InvalidOperationException">A bind failed (the message names transport and address) or the host already runs.</exception>
    public async Task StartAsync(IEnumerable<ProxyEndpoint> endpoints, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var list = endpoints.ToList();
        var compiled = new CompiledRule[list.Count][];
        for (var i = 0; i < list.Count; i++)
        {
            compiled[i] = CompiledRule.CompileEndpoint(list[i], $"endpoints[{i}]");
        }

        await _lifecycle.WaitAsync(ct);
        try
        {
            if (_runners.Count > 0)
            {
                throw new InvalidOperationException("The lab proxy is already started; stop it first.");
            }

            try
            {
                for (var i = 0; i < list.Count; i++)
                {
                    ct.ThrowIfCancellationRequested();
                    _runners.Add(ProxyEndpointRunner.Start(list[i], compiled[i], Counters, _time, Log));
                }
            }
            catch
            {
                await StopRunnersAsync();
                throw;
            }

            BoundEndpoints = _runners.Select(r => r.Bound).ToList();
            Log($"Lab proxy serving {string.Join(", ", BoundEndpoints)}.");
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>Stops listening, cancels delays, drips and held connections, and waits for them to end.</summary>
    public async Task StopAsync()
    {
        await _lifecycle.WaitAsync();
        try
        {
            await StopRunnersAsync();
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _lifecycle.Dispose();
    }

    private async Task StopRunnersAsync()
    {
        var runners = _runners.ToList();
        _runners.Clear();
        await Task.WhenAll(runners.Select(r => r.DisposeAsync().AsTask()));
        if (runners.Count > 0)
        {
            Log($"Lab proxy stopped; {Counters}.");
        }
    }

    private void Log(string message) =>
        _log?.WriteLine($"{_time.GetUtcNow():O} lab-proxy: {message}");
}
