using System.Collections.Concurrent;
using System.Net;
using Dnscert.Dns;
using Dnscert.Dns.Transport;
using Dnscert.Dns.Wire;

namespace Dnscert.Checks.Engine;

/// <summary>
/// Every query of a check run goes through here: one transport, a time-out per query, a limit per server
/// address and in all, and each identical probe sent once (the engine asks the same SOA for many checks).
/// A <paramref name="sharedTransport"/> (the monitor's, which keeps UDP sockets between runs) is used and left open;
/// without one the runner has its own.
/// </summary>
public sealed class QueryRunner(TimeProvider time, CheckOptions options, ExchangeRecording? record = null, ExchangeRecording? replay = null, QueryLimits? sharedLimits = null, DnsClientTransport? sharedTransport = null) : IDisposable
{
    private readonly DnsClientTransport? _ownTransport = sharedTransport is null ? new DnsClientTransport(time, sharedUdpSockets: DnsClientTransport.DefaultSharedUdpSockets) : null;
    private readonly QueryLimits? _ownLimits = sharedLimits is null ? new QueryLimits(options.TotalConcurrency, options.PerServerConcurrency, options.RatePerServer, time) : null;
    private readonly ConcurrentDictionary<QueryKey, Lazy<Task<DnsExchangeOutcome>>> _sent = new();
    private readonly long _started = time.GetTimestamp();
    private readonly Lock _traceLock = new();

    public int QueriesSent => _sent.Count;

    private QueryLimits Limits => sharedLimits ?? _ownLimits!;

    private DnsClientTransport Transport => sharedTransport ?? _ownTransport!;

    public void Dispose()
    {
        _ownLimits?.Dispose();
        _ownTransport?.Dispose();
    }

    public Task<DnsExchangeOutcome> QueryAsync(
        IPAddress server, DomainName name, RRType type, bool tcp = false, bool recursionDesired = false, bool edns = true, bool dnssecOk = false, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(server);
        var kind = (tcp ? QueryKind.Tcp : QueryKind.Udp) | (recursionDesired ? QueryKind.RecursionDesired : 0) | (edns ? QueryKind.Edns : 0) | (dnssecOk ? QueryKind.DnssecOk : 0);
        var key = new QueryKey(server, name, type, kind);
        // Most calls find a probe another check already sent: that path allocates nothing.
        return _sent.TryGetValue(key, out var sent) ? sent.Value : Start(key, ct);
    }

    // The first call for a probe: its closures are allocated here only, not on every look-up.
    private Task<DnsExchangeOutcome> Start(QueryKey key, CancellationToken ct) =>
        _sent.GetOrAdd(key, k => new Lazy<Task<DnsExchangeOutcome>>(() => k.Kind switch
        {
            var kind when (kind & QueryKind.Raw) != 0 => throw new InvalidOperationException("A raw probe starts in QueryRawAsync."),
            var kind when (kind & QueryKind.AnySource) != 0 => SendAnySourceAsync(k, ct),
            var kind => SendAsync(k, (kind & QueryKind.Tcp) != 0, (kind & QueryKind.RecursionDesired) != 0, (kind & QueryKind.Edns) != 0, (kind & QueryKind.DnssecOk) != 0, ct),
        })).Value;

    /// <summary>
    /// The text a recording keys an exchange by (<see cref="ExchangeRecording"/>); built only when recording or
    /// replaying, in the format recordings have always used.
    /// </summary>
    private static string RecordingKey(QueryKey key)
    {
        var tcp = (key.Kind & QueryKind.Tcp) != 0;
        if ((key.Kind & QueryKind.Raw) != 0)
        {
            return $"{key.Server}|raw|{key.Shape}|{tcp}";
        }

        if ((key.Kind & QueryKind.AnySource) != 0)
        {
            return $"{key.Server}|{key.Name}|{key.Type}|any-source";
        }

        return $"{key.Server}|{key.Name}|{key.Type}|{tcp}|{(key.Kind & QueryKind.RecursionDesired) != 0}|{(key.Kind & QueryKind.Edns) != 0}|{(key.Kind & QueryKind.DnssecOk) != 0}";
    }

    /// <summary>
    /// A plain query over UDP from an unconnected socket that accepts the answer from any address (NAMESERVER04:
    /// does the server answer from the address it was asked on?). The outcome's AnsweredFrom names the source.
    /// </summary>
    public Task<DnsExchangeOutcome> QueryFromAnySourceAsync(IPAddress server, DomainName name, RRType type, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(server);
        var key = new QueryKey(server, name, type, QueryKind.AnySource);
        return _sent.TryGetValue(key, out var sent) ? sent.Value : Start(key, ct);
    }

    private async Task<DnsExchangeOutcome> SendAnySourceAsync(QueryKey key, CancellationToken ct)
    {
        var (server, name, type) = (key.Server, key.Name, key.Type);
        var query = new DnsQuery(name, type) { Edns = new EdnsQueryOptions() };
        if (replay is not null)
        {
            return replay.Find(RecordingKey(key)) ?? new ExchangeNetworkError("not in the replayed recording") { Query = query.ToArray(), Server = new IPEndPoint(server, 53), Protocol = DnsTransportProtocol.Udp };
        }

        DnsExchangeOutcome outcome;
        using (await Limits.EnterAsync(server, ct).ConfigureAwait(false))
        {
            outcome = await Transport.ExchangeUdpFromAnySourceAsync(query, new IPEndPoint(server, 53), options.QueryTimeout, ct).ConfigureAwait(false);
        }

        record?.Add(RecordingKey(key), outcome);
        return outcome;
    }

    /// <summary>
    /// A hand-made probe (unusual EDNS version, flags or options, class CH, a mixed-case name): the shape names it
    /// in the dedup and recording key, and <paramref name="build"/> returns the bytes to send unchanged, with a
    /// fresh ID. Used by the Nameserver module, whose findings are how servers treat such queries.
    /// </summary>
    public Task<DnsExchangeOutcome> QueryRawAsync(IPAddress server, string shape, Func<byte[]> build, bool tcp = false, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(build);
        var key = new QueryKey(server, DomainName.Root, default, QueryKind.Raw | (tcp ? QueryKind.Tcp : QueryKind.Udp), shape);
        return _sent.TryGetValue(key, out var sent) ? sent.Value : StartRaw(key, build, ct);
    }

    private Task<DnsExchangeOutcome> StartRaw(QueryKey key, Func<byte[]> build, CancellationToken ct) =>
        _sent.GetOrAdd(key, k => new Lazy<Task<DnsExchangeOutcome>>(() => SendRawAsync(k, build, ct))).Value;

    private async Task<DnsExchangeOutcome> SendRawAsync(QueryKey key, Func<byte[]> build, CancellationToken ct)
    {
        var server = key.Server;
        var tcp = (key.Kind & QueryKind.Tcp) != 0;
        var protocol = tcp ? DnsTransportProtocol.Tcp : DnsTransportProtocol.Udp;
        var bytes = build();
        if (replay is not null)
        {
            return replay.Find(RecordingKey(key)) ?? new ExchangeNetworkError("not in the replayed recording") { Query = bytes, Server = new IPEndPoint(server, 53), Protocol = protocol };
        }

        DnsExchangeOutcome outcome;
        using (await Limits.EnterAsync(server, ct).ConfigureAwait(false))
        {
            outcome = await Transport.ExchangeAsync(bytes, new IPEndPoint(server, 53), protocol, options.QueryTimeout, ct).ConfigureAwait(false);
        }

        record?.Add(RecordingKey(key), outcome);
        return outcome;
    }

    private async Task<DnsExchangeOutcome> SendAsync(QueryKey key, bool tcp, bool rd, bool edns, bool dnssecOk, CancellationToken ct)
    {
        var (server, name, type) = (key.Server, key.Name, key.Type);
        if (replay is not null)
        {
            return replay.Find(RecordingKey(key)) ?? new ExchangeNetworkError("not in the replayed recording")
            {
                Query = new DnsQuery(name, type).ToArray(),
                Server = new IPEndPoint(server, 53),
                Protocol = tcp ? DnsTransportProtocol.Tcp : DnsTransportProtocol.Udp,
            };
        }

        var start = time.GetElapsedTime(_started);
        var query = new DnsQuery(name, type)
        {
            RecursionDesired = rd,
            Edns = edns ? new EdnsQueryOptions { DnssecOk = dnssecOk } : null,
        };
        var endPoint = new IPEndPoint(server, 53);
        DnsExchangeOutcome outcome;
        // The retries are a loop here rather than a second async method: one state machine per probe instead of two.
        for (var attempt = 0; ; attempt++)
        {
            using (await Limits.EnterAsync(server, ct).ConfigureAwait(false))
            {
                outcome = await Transport.ExchangeAsync(query, endPoint, tcp ? DnsTransportProtocol.Tcp : DnsTransportProtocol.Udp, options.QueryTimeout, ct).ConfigureAwait(false);
            }

            if (outcome is not ExchangeTimedOut || tcp || attempt >= options.Retries)
            {
                break;
            }
        }

        record?.Add(RecordingKey(key), outcome);
        if (options.Trace is { } trace)
        {
            // The timeline shows which lookups sit on the critical path of a run.
            var line = string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"query +{start.TotalMilliseconds,7:0.0} ms {time.GetElapsedTime(_started).TotalMilliseconds - start.TotalMilliseconds,7:0.0} ms  {(tcp ? "TCP" : "UDP")} @{server} {name} {DnsMnemonics.ToText(type)}{(dnssecOk ? " +do" : "")}{(edns ? "" : " noedns")}");
            lock (_traceLock)
            {
                trace.WriteLine(line);
            }
        }

        return outcome;
    }
}
