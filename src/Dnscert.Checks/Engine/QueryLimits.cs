using System.Collections.Concurrent;
using System.Net;

namespace Dnscert.Checks.Engine;

/// <summary>
/// Politeness limits shared by every check that uses them: queries in flight in all, and per name server address.
/// One check run owns its own; the monitor shares one instance across all the zones it checks at once, so many
/// zones on the same servers never add up to a flood.
/// </summary>
public sealed class QueryLimits(int total, int perServer) : IDisposable
{
    private readonly SemaphoreSlim _total = new(total);
    private readonly ConcurrentDictionary<IPAddress, SemaphoreSlim> _perServer = new();

    public async Task<IDisposable> EnterAsync(IPAddress server, CancellationToken ct)
    {
        var gate = _perServer.GetOrAdd(server, _ => new SemaphoreSlim(perServer));
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
