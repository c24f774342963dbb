namespace Dnscert.Dns.Transport;

/// <summary>No complete response before the deadline (UDP silence, or a TCP server that stalls or drips).</summary>
public sealed record ExchangeTimedOut : DnsExchangeOutcome;
