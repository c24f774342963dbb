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
    private readonly ConcurrentDictionary<string, Lazy<Task<DnsExchangeOutcome>>> _sent = new(StringComparer.Ordinal);
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
        var key = $"{server}|{name}|{type}|{tcp}|{recursionDesired}|{edns}|{dnssecOk}";
        return _sent.GetOrAdd(key, _ => new Lazy<Task<DnsExchangeOutcome>>(() => SendAsync(key, server, name, type, tcp, recursionDesired, edns, dnssecOk, ct))).Value;
    }

    /// <summary>
    /// A plain query over UDP from an unconnected socket that accepts the answer from any address (NAMESERVER04:
    /// does the server answer from the address it was asked on?). The outcome's AnsweredFrom names the source.
    /// </summary>
    public Task<DnsExchangeOutcome> QueryFromAnySourceAsync(IPAddress server, DomainName name, RRType type, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(server);
        var key = $"{server}|{name}|{type}|any-source";
        return _sent.GetOrAdd(key, _ => new Lazy<Task<DnsExchangeOutcome>>(() => SendAnySourceAsync(key, server, name, type, ct))).Value;
    }

    private async Task<DnsExchangeOutcome> SendAnySourceAsync(string key, IPAddress server, DomainName name, RRType type, CancellationToken ct)
    {
        var query = new DnsQuery(name, type) { Edns = new EdnsQueryOptions() };
        if (replay is not null)
        {
            return replay.Find(key) ?? new ExchangeNetworkError("not in the replayed recording") { Query = query.ToArray(), Server = new IPEndPoint(server, 53), Protocol = DnsTransportProtocol.Udp };
        }

        DnsExchangeOutcome outcome;
        using (await Limits.EnterAsync(server, ct).ConfigureAwait(false))
        {
            outcome = await Transport.ExchangeUdpFromAnySourceAsync(query, new IPEndPoint(server, 53), options.QueryTimeout, ct).ConfigureAwait(false);
        }

        record?.Add(key, outcome);
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
        var key = $"{server}|raw|{shape}|{tcp}";
        return _sent.GetOrAdd(key, _ => new Lazy<Task<DnsExchangeOutcome>>(() => SendRawAsync(key, server, build, tcp, ct))).Value;
    }

    private async Task<DnsExchangeOutcome> SendRawAsync(string key, IPAddress server, Func<byte[]> build, bool tcp, CancellationToken ct)
    {
        var protocol = tcp ? DnsTransportProtocol.Tcp : DnsTransportProtocol.Udp;
        var bytes = build();
        if (replay is not null)
        {
            return replay.Find(key) ?? new ExchangeNetworkError("not in the replayed recording") { Query = bytes, Server = new IPEndPoint(server, 53), Protocol = protocol };
        }

        DnsExchangeOutcome outcome;
        using (await Limits.EnterAsync(server, ct).ConfigureAwait(false))
        {
            outcome = await Transport.ExchangeAsync(bytes, new IPEndPoint(server, 53), protocol, options.QueryTimeout, ct).ConfigureAwait(false);
        }

        record?.Add(key, outcome);
        return outcome;
    }

    private async Task<DnsExchangeOutcome> SendAsync(string key, IPAddress server, DomainName name, RRType type, bool tcp, bool rd, bool edns, bool dnssecOk, CancellationToken ct)
    {
        if (replay is not null)
        {
            return replay.Find(key) ?? new ExchangeNetworkError("not in the replayed recording")
            {
                Query = new DnsQuery(name, type).ToArray(),
                Server = new IPEndPoint(server, 53),
                Protocol = tcp ? DnsTransportProtocol.Tcp : DnsTransportProtocol.Udp,
            };
        }

        var start = time.GetElapsedTime(_started);
        var outcome = await ExchangeAsync(server, name, type, tcp, rd, edns, dnssecOk, ct).ConfigureAwait(false);
        record?.Add(key, outcome);
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

    private async Task<DnsExchangeOutcome> ExchangeAsync(IPAddress server, DomainName name, RRType type, bool tcp, bool rd, bool edns, bool dnssecOk, CancellationToken ct)
    {
        var query = new DnsQuery(name, type)
        {
            RecursionDesired = rd,
            Edns = edns ? new EdnsQueryOptions { DnssecOk = dnssecOk } : null,
        };
        for (var attempt = 0; ; attempt++)
        {
            DnsExchangeOutcome outcome;
            using (await Limits.EnterAsync(server, ct).ConfigureAwait(false))
            {
                outcome = await Transport.ExchangeAsync(query, new IPEndPoint(server, 53), tcp ? DnsTransportProtocol.Tcp : DnsTransportProtocol.Udp, options.QueryTimeout, ct).ConfigureAwait(false);
            }

            if (outcome is not ExchangeTimedOut || tcp || attempt >= options.Retries)
            {
                return outcome;
            }
        }
    }
}
