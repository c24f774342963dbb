using System.Net;

namespace Dnscert.Checks.Facts;

/// <summary>
/// CONNECTIVITY03/04: the origin ASNs and announced prefix of one name server address, from the IP-to-ASN data
/// (Team Cymru's DNS format), with the exchange that said so. <see cref="Reason"/> explains an Error.
/// </summary>
public sealed record AsnLookup(IPAddress Address, AsnLookupStatus Status, IReadOnlyList<long> Asns, IPNetwork? Prefix, string? Reason, IReadOnlyList<Messages.Evidence> Evidence);
