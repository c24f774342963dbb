using Dnscert.Dns.Wire;

namespace Dnscert.Dns.Transport;

/// <summary>A well-formed response with the right ID and question. A TC=1 answer is returned as it is.</summary>
public sealed record ExchangeAnswered(ReadOnlyMemory<byte> Response, DnsMessage Message) : DnsExchangeOutcome
{
    public TimeSpan RoundTripTime => Elapsed;
}
