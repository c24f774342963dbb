namespace Dnscert.Core.Catalog;

/// <summary>
/// The threat catalogue. Every observation, check message, detection and feed entry speaks these ids. This
/// is the infrastructure part the check engine needs today; attacks and abuse techniques (the FIRST DNS
/// Abuse matrix) and their MISP/RSIT mappings arrive with the evidence issue. Ids are never renamed.
/// </summary>
public static class ThreatTypes
{
    public const string InfrastructureFamily = "infrastructure";
    public const string AttackFamily = "attack";

    public static readonly ThreatType LameDelegation = new("infra.lame-delegation", InfrastructureFamily, "Lame delegation");
    public static readonly ThreatType UnreachableNameServer = new("infra.unreachable-nameserver", InfrastructureFamily, "Unreachable name server");
    public static readonly ThreatType InconsistentZone = new("infra.inconsistent-zone", InfrastructureFamily, "Inconsistent zone between servers or parent and child");
    public static readonly ThreatType DelegationMisconfigured = new("infra.delegation-misconfigured", InfrastructureFamily, "Delegation misconfigured");
    public static readonly ThreatType SinglePointOfFailure = new("infra.single-point-of-failure", InfrastructureFamily, "Not enough name server redundancy");
    public static readonly ThreatType DnssecBogus = new("infra.dnssec-bogus", InfrastructureFamily, "DNSSEC validation failure");
    public static readonly ThreatType DnssecWeak = new("infra.dnssec-weak", InfrastructureFamily, "Weak or deprecated DNSSEC parameters");
    public static readonly ThreatType OpenResolver = new("infra.open-resolver", InfrastructureFamily, "Open recursive resolver");
    public static readonly ThreatType OpenZoneTransfer = new("infra.open-zone-transfer", InfrastructureFamily, "Zone transfer open to anyone");
    public static readonly ThreatType ZoneContent = new("infra.zone-content", InfrastructureFamily, "Zone content outside recommendations");
    public static readonly ThreatType ProtocolViolation = new("infra.protocol-violation", InfrastructureFamily, "Name server violates the DNS protocol");
    public static readonly ThreatType DelegationChanged = new("infra.delegation-changed", InfrastructureFamily, "Delegation changed unexpectedly (possible hijack)");
    public static readonly ThreatType DnssecExpiry = new("infra.dnssec-expiry", InfrastructureFamily, "DNSSEC signatures about to expire");
    public static readonly ThreatType MailPolicy = new("infra.mail-policy", InfrastructureFamily, "Mail sender policy (SPF) missing, broken or ambiguous");

    public static readonly ThreatType QueryFlood = new("attack.query-flood", AttackFamily, "Query flood against a name server or zone");
    public static readonly ThreatType RandomSubdomain = new("attack.random-subdomain", AttackFamily, "Random-subdomain (water torture) attack on a zone");
    public static readonly ThreatType Amplification = new("attack.amplification", AttackFamily, "Reflection and amplification through DNS");
    public static readonly ThreatType NxdomainStorm = new("attack.nxdomain-storm", AttackFamily, "Storm of NXDOMAIN answers");
    public static readonly ThreatType CachePoisoning = new("attack.cache-poisoning", AttackFamily, "Spoofed answers / cache poisoning attempt");
    public static readonly ThreatType Dga = new("attack.dga", AttackFamily, "Algorithmically generated query names (DGA malware)");
    public static readonly ThreatType Tunnelling = new("attack.dns-tunnelling", AttackFamily, "Data tunnelled through DNS queries and answers");

    public static IReadOnlyList<ThreatType> All { get; } =
    [
        LameDelegation, UnreachableNameServer, InconsistentZone, DelegationMisconfigured, SinglePointOfFailure,
        DnssecBogus, DnssecWeak, OpenResolver, OpenZoneTransfer, ZoneContent, ProtocolViolation, MailPolicy, DelegationChanged, DnssecExpiry,
        QueryFlood, RandomSubdomain, Amplification, NxdomainStorm, CachePoisoning, Dga, Tunnelling,
    ];
}
