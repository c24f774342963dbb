using System.Net;

namespace Dnscert.Dns.Transport;

/// <summary>
/// What happened to one query sent to one server. Network trouble is a value, never an exception, so a
/// check can turn each kind into a finding; only the caller's own cancellation throws.
/// </summary>
public abstract record DnsExchangeOutcome
{
    public required ReadOnlyMemory<byte> Query { get; init; }

    public required IPEndPoint Server { get; init; }

    public required DnsTransportProtocol Protocol { get; init; }

    /// <summary>Time from sending (or connecting, for TCP) to the outcome, measured with the injected TimeProvider.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>
    /// Where the answer came from, when the query went out on an unconnected UDP socket that accepts any source
    /// (<see cref="DnsClientTransport.ExchangeUdpFromAnySourceAsync"/>); null otherwise, where only
    /// <see cref="Server"/> can have answered.
    /// </summary>
    public IPEndPoint? AnsweredFrom { get; init; }
}
