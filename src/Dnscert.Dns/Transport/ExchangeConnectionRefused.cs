namespace Dnscert.Dns.Transport;

/// <summary>ICMP port unreachable on the connected UDP socket, or a TCP RST to the connection attempt.</summary>
public sealed record ExchangeConnectionRefused : DnsExchangeOutcome;
