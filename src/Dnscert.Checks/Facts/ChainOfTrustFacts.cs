using Dnscert.Dns.Records;
using Dnscert.Dns.Transport;

namespace Dnscert.Checks.Facts;

/// <summary>
/// What following the chain of trust needs, gathered from the root down with DO=1: the trust anchor, every
/// zone cut on the path (DS at the parent, DNSKEY at the zone) and the checked zone's signed SOA and NS.
/// DNSSEC19 validates it; the gathering does no validation, so the verdict stays explained by the exchanges.
/// </summary>
public sealed record ChainOfTrustFacts
{
    /// <summary>Where the anchor came from ("IANA root KSK-2017 and KSK-2024" or the file name).</summary>
    public string AnchorSource { get; init; } = "";

    public IReadOnlyList<DsRecordData> AnchorDs { get; init; } = [];

    public IReadOnlyList<DnskeyRecordData> AnchorKeys { get; init; } = [];

    /// <summary>The root first, the checked zone last (when the walk reached it).</summary>
    public IReadOnlyList<ChainLevel> Levels { get; init; } = [];

    public NameServerAddress? ZoneServer { get; init; }

    public DnsExchangeOutcome? ZoneSoa { get; init; }

    public DnsExchangeOutcome? ZoneNs { get; init; }

    /// <summary>The signed SOA of the checked zone at every server address of the zone.</summary>
    public IReadOnlyList<ServerExchange> ZoneSoaAnswers { get; init; } = [];

    /// <summary>The signed NS RRset of the checked zone at every server address of the zone.</summary>
    public IReadOnlyList<ServerExchange> ZoneNsAnswers { get; init; } = [];

    /// <summary>Why the walk stopped before the zone, when it did.</summary>
    public string? WalkProblem { get; init; }
}
