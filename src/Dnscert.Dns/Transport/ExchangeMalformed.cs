namespace Dnscert.Dns.Transport;

/// <summary>Bytes arrived but are not an acceptable DNS response; <see cref="Error"/> is set when the codec rejected them.</summary>
public sealed record ExchangeMalformed(string Reason, ReadOnlyMemory<byte> Response, DnsFormatException? Error) : DnsExchangeOutcome;
