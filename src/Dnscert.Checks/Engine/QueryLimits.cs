using System.Collections.Concurrent;
using System.Net;
using System.Runtime.CompilerServices;

namespace Dnscert.Checks.Engine;

/// <summary>
/// Politeness limits shared by every check that uses them: queries in flight in all, and per name server address.
/// One check run owns its own; the monitor shares one instance across all the zones it checks at once, so many
/// zones on the same servers never add up to a flood.
/// </summary>
public sealed class QueryLimits(int total, int perServer, double ratePerServer = 0, TimeProvider? time = null) : IDisposable
{
    private readonly SemaphoreSlim _total = new(total);
    private readonly ConcurrentDictionary<IPAddress, SemaphoreSlim> _perServer = new();
    private readonly ConcurrentDictionary<IPAddress, StrongBox<long>> _nextSend = new();
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public Task<IDisposable> EnterAsync(IPAddress server, CancellationToken ct)
    {
        // Both limits free (most queries of a run): taken at once, without an async state machine per query.
        if (ratePerServer <= 0 && !ct.IsCancellationRequested && _total.Wait(0, CancellationToken.None))
        {
            var gate = Gate(server);
            if (gate.Wait(0, CancellationToken.None))
            {
                return Task.FromResult<IDisposable>(new Lease(_total, gate));
            }

            _total.Release();
        }

        return EnterSlowAsync(server, ct);
    }

    private async Task<IDisposable> EnterSlowAsync(IPAddress server, CancellationToken ct)
    {
        if (ratePerServer > 0)
        {
            await PaceAsync(server, ct).ConfigureAwait(false);
        }

        var gate = Gate(server);
        await _total.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await gate.WaitAsync(ct).ConfigureAwait(false);
        }
        catch
        {
            _total.Release();
            throw;
        }

        return new Lease(_total, gate);
    }

    // A static factory with its argument: a lambda over the primary constructor's parameter made a delegate per call.
    private SemaphoreSlim Gate(IPAddress server) => _perServer.GetOrAdd(server, static (_, limit) => new SemaphoreSlim(limit), perServer);

    /// <summary>Spaces the queries to one address 1/rate apart: each caller reserves the next free slot and waits for it.</summary>
    private async Task PaceAsync(IPAddress server, CancellationToken ct)
    {
        var slot = _nextSend.GetOrAdd(server, _ => new StrongBox<long>(0));
        var spacing = (long)(_time.TimestampFrequency / ratePerServer);
        long mine;
        lock (slot)
        {
            var now = _time.GetTimestamp();
            mine = Math.Max(now, slot.Value);
            slot.Value = mine + spacing;
        }

        var wait = _time.GetElapsedTime(_time.GetTimestamp(), mine);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, _time, ct).ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        _total.Dispose();
        foreach (var gate in _perServer.Values)
        {
            gate.Dispose();
        }
    }

    private sealed class Lease(SemaphoreSlim total, SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
                total.Release();
            }
        }
    }
}
