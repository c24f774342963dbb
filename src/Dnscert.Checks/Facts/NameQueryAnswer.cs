using Dnscert.Dns;
using Dnscert.Dns.Wire;

namespace Dnscert.Checks.Facts;

/// <summary>
/// One query about a name the zone refers to (the SOA MNAME's address for ZONE07, an MX exchange's CNAME for
/// ZONE08) and its answer: null when nobody answered.
/// </summary>
public sealed record NameQueryAnswer(DomainName Name, RRType Type, DnsMessage? Answer, IReadOnlyList<Messages.Evidence> Evidence);
