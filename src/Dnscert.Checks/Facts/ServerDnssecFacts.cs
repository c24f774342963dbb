using Dnscert.Dns;
using Dnscert.Dns.Transport;

namespace Dnscert.Checks.Facts;

/// <summary>
/// The DNSSEC probes beyond DNSKEY/SOA/NSEC3PARAM that one server answered (DO=1, over TCP when UDP truncates):
/// what DNSSEC08–18 need. Kept in one object so <see cref="ServerFacts"/> grows by one property only.
/// </summary>
public sealed class ServerDnssecFacts
{
    /// <summary>NS of the apex with DO=1 (DNSSEC13: every algorithm signs it).</summary>
    public DnsExchangeOutcome? SignedNs { get; init; }

    /// <summary>NSEC of the apex (DNSSEC10: an NSEC zone answers it, an NSEC3 zone proves NODATA with NSEC3).</summary>
    public DnsExchangeOutcome? Nsec { get; init; }

    /// <summary>A name that cannot exist in the zone (DNSSEC10: the NXDOMAIN proof).</summary>
    public DomainName? NonExistentName { get; init; }

    /// <summary>The answer to <see cref="NonExistentName"/> (type A).</summary>
    public DnsExchangeOutcome? NonExistent { get; init; }

    public DnsExchangeOutcome? Cds { get; init; }

    public DnsExchangeOutcome? Cdnskey { get; init; }
}
