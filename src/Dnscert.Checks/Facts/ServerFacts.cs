using Dnscert.Checks.Messages;
using Dnscert.Dns;
using Dnscert.Dns.Records;
using Dnscert.Dns.Transport;
using Dnscert.Dns.Wire;

namespace Dnscert.Checks.Facts;

/// <summary>Everything one server address answered to the engine's probes for the zone.</summary>
public sealed class ServerFacts(NameServerAddress server, DomainName zone)
{
    public NameServerAddress Server { get; } = server;

    public DomainName Zone { get; } = zone;

    /// <summary>True when the parent names this server in the delegation (false: only the child does).</summary>
    public bool InDelegation { get; init; }

    public DnsExchangeOutcome? SoaUdp { get; init; }

    public DnsExchangeOutcome? SoaTcp { get; init; }

    public DnsExchangeOutcome? NsUdp { get; init; }

    public DnsExchangeOutcome? NsTcp { get; init; }

    /// <summary>A recursive query (RD=1) for a name outside the zone.</summary>
    public DnsExchangeOutcome? Recursion { get; init; }

    public DnsExchangeOutcome? Axfr { get; init; }

    /// <summary>DNSKEY with DO=1 (over TCP when the UDP answer was truncated).</summary>
    public DnsExchangeOutcome? Dnskey { get; init; }

    /// <summary>SOA with DO=1, for its signatures.</summary>
    public DnsExchangeOutcome? SignedSoa { get; init; }

    /// <summary>SOA over UDP from a socket that accepts the answer from any address (NAMESERVER04).</summary>
    public DnsExchangeOutcome? SoaAnySource { get; init; }

    /// <summary>MX of the zone apex.</summary>
    public DnsExchangeOutcome? Mx { get; init; }

    /// <summary>TXT of the zone apex (over TCP when the UDP answer was truncated), for SPF (ZONE11).</summary>
    public DnsExchangeOutcome? Txt { get; init; }

    /// <summary>NSEC3PARAM with DO=1.</summary>
    public DnsExchangeOutcome? Nsec3Param { get; init; }

    /// <summary>The DNSSEC module's further probes (signed NS, NSEC, NXDOMAIN proof, CDS, CDNSKEY).</summary>
    public ServerDnssecFacts? DnssecProbes { get; init; }

    /// <summary>The Nameserver module's EDNS, CH and truncation probes (NAMESERVER02, 10–13, 15).</summary>
    public NameserverProbeResults Nameserver { get; init; } = new();

    public bool AnswersUdp => SoaUdp is ExchangeAnswered || NsUdp is ExchangeAnswered;

    public bool AnswersTcp => SoaTcp is ExchangeAnswered || NsTcp is ExchangeAnswered;

    public bool Answers => AnswersUdp || AnswersTcp;

    /// <summary>The SOA answer over UDP, or over TCP when UDP gave none or a truncated one.</summary>
    public DnsMessage? SoaAnswer => SoaUdp.Answered() is { IsTruncated: false } udp ? udp : SoaTcp.Answered() ?? SoaUdp.Answered();

    public DnsMessage? NsAnswer => NsUdp.Answered() is { IsTruncated: false } udp ? udp : NsTcp.Answered() ?? NsUdp.Answered();

    /// <summary>NOERROR, AA set and the zone's SOA in the answer section.</summary>
    public bool AuthoritativeForZone =>
        SoaAnswer is { } m && m.ResponseCode == DnsResponseCode.NoError && m.IsAuthoritative() && MessageReading.Soa(m.Answers, Zone) is not null;

    public SoaRecordData? Soa => SoaAnswer is { } m && m.IsAuthoritative() ? MessageReading.Soa(m.Answers, Zone) : null;

    public IReadOnlyList<DomainName> NsNames =>
        NsAnswer is { } m && m.IsAuthoritative() && m.ResponseCode == DnsResponseCode.NoError ? MessageReading.NameTargets(m.Answers, RRType.NS, Zone) : [];

    public Evidence EvidenceOf(DnsExchangeOutcome? outcome) => EvidenceBuilder.From(Server, outcome);
}
