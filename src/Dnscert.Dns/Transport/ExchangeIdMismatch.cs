namespace Dnscert.Dns.Transport;

/// <summary>A response whose ID differs from the query's. The socket is connected, so it came from the server address.</summary>
public sealed record ExchangeIdMismatch(ReadOnlyMemory<byte> Response, ushort ExpectedId, ushort ReceivedId) : DnsExchangeOutcome;
