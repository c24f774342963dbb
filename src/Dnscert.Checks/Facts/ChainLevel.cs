using Dnscert.Dns;
using Dnscert.Dns.Transport;

namespace Dnscert.Checks.Facts;

/// <summary>
/// One zone cut on the path from the root to the checked zone: the DS query for it at one of its parent's
/// servers (none for the root) and the DNSKEY query at one of its own servers, both with DO=1.
/// </summary>
public sealed record ChainLevel(DomainName Zone, DomainName? Parent, NameServerAddress? DsServer, DnsExchangeOutcome? Ds, NameServerAddress? KeyServer, DnsExchangeOutcome? Dnskey);
