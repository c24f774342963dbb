using Dnscert.Dns;
using Dnscert.Dns.Transport;

namespace Dnscert.Checks.Facts;

/// <summary>
/// One zone cut on the path from the root to the checked zone: the DS query for it at one of its parent's
/// servers (none for the root) and the DNSKEY query at one of its own servers, both with DO=1.
/// <see cref="DsServer"/>/<see cref="Ds"/> is the parent server that gave the referral, <see cref="KeyServer"/>/
/// <see cref="Dnskey"/> the first server of the zone that answered; the lists hold every server's answer.
/// </summary>
public sealed record ChainLevel(DomainName Zone, DomainName? Parent, NameServerAddress? DsServer, DnsExchangeOutcome? Ds, NameServerAddress? KeyServer, DnsExchangeOutcome? Dnskey)
{
    /// <summary>The DS query for this zone at every server address of the parent (the referral's server first).</summary>
    public IReadOnlyList<ServerExchange> DsAnswers { get; init; } = [];

    /// <summary>The DNSKEY query at every server address of this zone, in delegation order.</summary>
    public IReadOnlyList<ServerExchange> DnskeyAnswers { get; init; } = [];
}
