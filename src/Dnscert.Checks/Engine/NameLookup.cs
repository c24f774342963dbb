using Dnscert.Checks.Messages;
using Dnscert.Dns;
using Dnscert.Dns.Wire;

namespace Dnscert.Checks.Engine;

/// <summary>The outcome of resolving a name's targets from the root: whether anyone answered, the final RCODE and the targets.</summary>
public sealed record NameLookup(bool Responded, DnsResponseCode? ResponseCode, IReadOnlyList<DomainName> Targets, IReadOnlyList<Evidence> Evidence);
