using Dnscert.Dns;
using Dnscert.Dns.Wire;

namespace Dnscert.Checks.Facts;

/// <summary>
/// An A query for a name server's own name (DELEGATION05): for an in-domain name, asked of one of the zone's
/// servers directly; otherwise resolved from the root. <see cref="Answer"/> is null when nobody answered.
/// </summary>
public sealed record NsNameAnswer(DomainName Name, DnsMessage? Answer, IReadOnlyList<Messages.Evidence> Evidence);
