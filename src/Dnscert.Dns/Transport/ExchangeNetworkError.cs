namespace Dnscert.Dns.Transport;

/// <summary>Any other socket failure, or a TCP connection closed before a whole message arrived.</summary>
public sealed record ExchangeNetworkError(string Reason) : DnsExchangeOutcome;
