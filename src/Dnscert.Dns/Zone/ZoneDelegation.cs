using Dnscert.Dns.Records;

namespace Dnscert.Dns.Zone;

/// <summary>
/// One delegation in a zone: the NS RRset at a name below the apex, the address records the zone holds for
/// those name servers (in-domain and sibling glue), and the DS RRset at the cut when the zone is signed.
/// </summary>
public sealed record ZoneDelegation(
    DomainName Name,
    uint Ttl,
    IReadOnlyList<DomainName> NameServers,
    IReadOnlyList<ZoneRecord> Glue,
    IReadOnlyList<DsRecordData> Ds);
