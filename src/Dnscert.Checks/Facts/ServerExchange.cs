using Dnscert.Dns.Transport;

namespace Dnscert.Checks.Facts;

/// <summary>
/// One question asked of one server address and what came back (null: not asked). The chain-of-trust walk keeps
/// one per server of each level, so a single server that serves bad keys or signatures can be named.
/// </summary>
public sealed record ServerExchange(NameServerAddress Server, DnsExchangeOutcome? Outcome);
