using System.Collections.Concurrent;
using System.Net;

namespace Dnscert.Lab.Proxy;

/// <summary>
/// What the lab proxy saw and did. The host's instance holds the totals; <see cref="ForEndpoint"/>
/// gives the same counters for one listen endpoint. Counters only grow; read them at any time.
/// </summary>
public sealed class ProxyCounters
{
    private readonly ProxyCounters? _parent;
    private readonly ConcurrentDictionary<IPEndPoint, ProxyCounters> _endpoints = new();
    private long _queriesSeen;
    private long _forwarded;
    private long _faultsApplied;
    private long _dropped;
    private long _malformed;
    private long _backendFailures;
    private long _tcpConnections;
    private long _tcpConnectionsRejected;

    internal ProxyCounters(ProxyCounters? parent = null)
    {
        _parent = parent;
    }

    /// <summary>Client messages received, well-formed or not.</summary>
    public long QueriesSeen => Interlocked.Read(ref _queriesSeen);

    /// <summary>Queries sent on to a backend.</summary>
    public long Forwarded => Interlocked.Read(ref _forwarded);

    /// <summary>Queries a fault rule matched.</summary>
    public long FaultsApplied => Interlocked.Read(ref _faultsApplied);

    /// <summary>Queries that got no answer: Drop faults, malformed queries, backend failures, over-capacity.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Client messages that were not a parseable query (also counted in <see cref="Dropped"/>).</summary>
    public long Malformed => Interlocked.Read(ref _malformed);

    /// <summary>Backend exchanges that failed or timed out (also counted in <see cref="Dropped"/>).</summary>
    public long BackendFailures => Interlocked.Read(ref _backendFailures);

    /// <summary>TCP connections accepted.</summary>
    public long TcpConnections => Interlocked.Read(ref _tcpConnections);

    /// <summary>TCP connections closed at once because the endpoint's connection limit was reached.</summary>
    public long TcpConnectionsRejected => Interlocked.Read(ref _tcpConnectionsRejected);

    /// <summary>Per-endpoint counters, keyed by the bound listen endpoint (empty on a per-endpoint instance).</summary>
    public IReadOnlyDictionary<IPEndPoint, ProxyCounters> Endpoints => _endpoints;

    /// <summary>The counters of one bound listen endpoint.</summary>
    /// <exception cref="KeyNotFoundException">No endpoint of this host is bound there.</exception>
    public ProxyCounters ForEndpoint(IPEndPoint listen) =>
        _endpoints.TryGetValue(listen, out var counters)
            ? counters
            : throw new KeyNotFoundException($"The lab proxy has no endpoint bound on {listen}.");

    public override string ToString() =>
        $"seen={QueriesSeen} forwarded={Forwarded} faults={FaultsApplied} dropped={Dropped} malformed={Malformed} backendFailures={BackendFailures} tcp={TcpConnections} tcpRejected={TcpConnectionsRejected}";

    internal ProxyCounters AddEndpoint(IPEndPoint listen) => _endpoints.GetOrAdd(listen, _ => new ProxyCounters(this));

    internal void AddQuery() => Bump(ref _queriesSeen, static c => c.AddQuery());

    internal void AddForwarded() => Bump(ref _forwarded, static c => c.AddForwarded());

    internal void AddFault() => Bump(ref _faultsApplied, static c => c.AddFault());

    internal void AddDropped() => Bump(ref _dropped, static c => c.AddDropped());

    internal void AddMalformed()
    {
        Bump(ref _malformed, static c => c.AddMalformed());
        AddDropped();
    }

    internal void AddBackendFailure()
    {
        Bump(ref _backendFailures, static c => c.AddBackendFailure());
        AddDropped();
    }

    internal void AddTcpConnection() => Bump(ref _tcpConnections, static c => c.AddTcpConnection());

    internal void AddTcpConnectionRejected() => Bump(ref _tcpConnectionsRejected, static c => c.AddTcpConnectionRejected());

    private void Bump(ref long field, Action<ProxyCounters> parentBump)
    {
        Interlocked.Increment(ref field);
        if (_parent is not null)
        {
            parentBump(_parent);
        }
    }
}
