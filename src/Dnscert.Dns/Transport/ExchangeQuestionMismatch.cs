using Dnscert.Dns.Wire;

namespace Dnscert.Dns.Transport;

/// <summary>A response with the right ID but a different question (name, type or class).</summary>
public sealed record ExchangeQuestionMismatch(ReadOnlyMemory<byte> Response, DnsMessage Message) : DnsExchangeOutcome;
