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
    public const string AbuseFamily = "abuse";

    public static readonly ThreatType LameDelegation = Infra("infra.lame-delegation", "Lame delegation", "availability/misconfiguration", "vulnerability/misconfiguration", "8f013ccd-6697-566d-8b83-9cbfdc802342", "Lame delegations", "rsit:availability=\"misconfiguration\"");
    public static readonly ThreatType UnreachableNameServer = Infra("infra.unreachable-nameserver", "Unreachable name server", "availability/outage", null, null, null, "rsit:availability=\"outage\"");
    public static readonly ThreatType InconsistentZone = Infra("infra.inconsistent-zone", "Inconsistent zone between servers or parent and child", "availability/misconfiguration", "vulnerability/misconfiguration", null, null, "rsit:availability=\"misconfiguration\"");
    public static readonly ThreatType DelegationMisconfigured = Infra("infra.delegation-misconfigured", "Delegation misconfigured", "availability/misconfiguration", "vulnerability/misconfiguration", null, null, "rsit:availability=\"misconfiguration\"");
    public static readonly ThreatType SinglePointOfFailure = Infra("infra.single-point-of-failure", "Not enough name server redundancy", "availability/misconfiguration", "vulnerability/misconfiguration", null, null, "rsit:availability=\"misconfiguration\"");
    public static readonly ThreatType DnssecBogus = Infra("infra.dnssec-bogus", "DNSSEC validation failure", "availability/misconfiguration", "vulnerability/misconfiguration", null, null, "rsit:availability=\"misconfiguration\"");
    public static readonly ThreatType DnssecWeak = Infra("infra.dnssec-weak", "Weak or deprecated DNSSEC parameters", "vulnerable/weak-crypto", "vulnerability/misconfiguration", null, null, "rsit:vulnerable=\"weak-crypto\"");
    public static readonly ThreatType OpenResolver = Infra("infra.open-resolver", "Open recursive resolver", "vulnerable/ddos-amplifier", "vulnerability/open-service", "735b95e1-bd17-5375-a318-f5bf5ee014e6", "DNS as a vector for DoS", "rsit:vulnerable=\"ddos-amplifier\"", "threats-to-dns:dns-abuse-or-misuse=\"dns-reflection-dns-amplification\"");
    public static readonly ThreatType OpenZoneTransfer = Infra("infra.open-zone-transfer", "Zone transfer open to anyone", "vulnerable/information-disclosure", "vulnerability/open-service", null, null, "rsit:vulnerable=\"information-disclosure\"");
    public static readonly ThreatType ZoneContent = Infra("infra.zone-content", "Zone content outside recommendations", "availability/misconfiguration", "vulnerability/misconfiguration", null, null, "rsit:availability=\"misconfiguration\"");
    public static readonly ThreatType ProtocolViolation = Infra("infra.protocol-violation", "Name server violates the DNS protocol", "availability/misconfiguration", "vulnerability/misconfiguration", null, null, "rsit:availability=\"misconfiguration\"");
    public static readonly ThreatType DelegationChanged = Infra("infra.delegation-changed", "Delegation changed unexpectedly (possible hijack)", "intrusions/system-compromise", "infrastructure/compromised-server", "1c46402d-ca07-5cd7-a49c-477a4e868d12", "Domain name compromise", "rsit:intrusions=\"system-compromise\"");
    public static readonly ThreatType DnssecExpiry = Infra("infra.dnssec-expiry", "DNSSEC signatures about to expire", "availability/misconfiguration", "vulnerability/misconfiguration", null, null, "rsit:availability=\"misconfiguration\"");
    public static readonly ThreatType MailPolicy = Infra("infra.mail-policy", "Mail sender policy (SPF) missing, broken or ambiguous", "availability/misconfiguration", "vulnerability/misconfiguration", "88d804bc-f3e0-5b33-9c07-d05dfb1806df", "Spoofing of a registered domain", "rsit:availability=\"misconfiguration\"");

    public static readonly ThreatType QueryFlood = Attack("attack.query-flood", "Query flood against a name server or zone", "availability/ddos", "connection/ddos", "7cbb69c3-1cf1-5219-97e8-c908cdbedde6", "DoS against the DNS", "threats-to-dns:dns-server-attacks=\"server-dos-and-ddos\"", "ddos:type=\"flooding-attack\"");
    public static readonly ThreatType RandomSubdomain = Attack("attack.random-subdomain", "Random-subdomain (water torture) attack on a zone", "availability/ddos", "connection/ddos", "7cbb69c3-1cf1-5219-97e8-c908cdbedde6", "DoS against the DNS", "threats-to-dns:dns-server-attacks=\"server-dos-and-ddos\"", "ddos:type=\"flooding-attack\"");
    public static readonly ThreatType Amplification = Attack("attack.amplification", "Reflection and amplification through DNS", "availability/ddos", "connection/ddos", "735b95e1-bd17-5375-a318-f5bf5ee014e6", "DNS as a vector for DoS", "threats-to-dns:dns-abuse-or-misuse=\"dns-reflection-dns-amplification\"", "ddos:type=\"amplification-attack\"");
    public static readonly ThreatType NxdomainStorm = Attack("attack.nxdomain-storm", "Storm of NXDOMAIN answers", "availability/ddos", "connection/ddos", "7cbb69c3-1cf1-5219-97e8-c908cdbedde6", "DoS against the DNS", "threats-to-dns:dns-server-attacks=\"server-dos-and-ddos\"");
    public static readonly ThreatType CachePoisoning = Attack("attack.cache-poisoning", "Spoofed answers / cache poisoning attempt", "other/other", null, "3b236fe5-83c2-563b-8744-bf11e414a6ad", "DNS cache poisoning", "threats-to-dns:dns-server-attacks=\"cache-poisoning\"", "threats-to-dns:dns-protocol-attacks=\"dns-spoofing\"");
    public static readonly ThreatType Dga = Attack("attack.dga", "Algorithmically generated query names (DGA malware)", "malicious-code/infected-system", "connection/infected-host", "bbb63c10-548a-5ddc-8c6d-c5d8712df26d", "DGAs", "threats-to-dns:dns-abuse-or-misuse=\"malicious-or-compromised-domains-ips-malicious-dgas\"");
    public static readonly ThreatType Tunnelling = Attack("attack.dns-tunnelling", "Data tunnelled through DNS queries and answers", "other/other", null, "b1b60f03-a603-506f-870b-7ea4da0cbeaa", "DNS tunneling", "threats-to-dns:dns-abuse-or-misuse=\"covert-channels-malicious-dns-tunneling\"");

    // DNS abuse: the 21 techniques of the FIRST DNS Abuse Techniques Matrix, then the four DAAR categories.
    // One entry per line: Abuse(id, title, IntelMQ taxonomy/type, X-ARF category/type, FIRST uuid, FIRST name, MISP tags...).
    public static readonly ThreatType Dgas = Abuse("abuse.dga", "Domains generated by a DGA", "other/dga-domain", "reputation/blocklist", "bbb63c10-548a-5ddc-8c6d-c5d8712df26d", "DGAs", "threats-to-dns:dns-abuse-or-misuse=\"malicious-or-compromised-domains-ips-malicious-dgas\"");
    public static readonly ThreatType DomainNameCompromise = Abuse("abuse.domain-compromise", "Domain name compromise (registrant, registrar or registry account)", "intrusions/system-compromise", "infrastructure/compromised-server", "1c46402d-ca07-5cd7-a49c-477a4e868d12", "Domain name compromise", "domain-abuse:domain-access-method=\"compromised-domain-name-registrar\"", "domain-abuse:domain-access-method=\"compromised-domain-name-registry\"");
    public static readonly ThreatType LameDelegationAbuse = Abuse("abuse.lame-delegation", "Lame delegation taken over by a third party", "availability/misconfiguration", "vulnerability/misconfiguration", "8f013ccd-6697-566d-8b83-9cbfdc802342", "Lame delegations");
    public static readonly ThreatType CachePoisoningAbuse = Abuse("abuse.cache-poisoning", "DNS cache poisoning", "other/other", null, "3b236fe5-83c2-563b-8744-bf11e414a6ad", "DNS cache poisoning", "threats-to-dns:dns-server-attacks=\"cache-poisoning\"");
    public static readonly ThreatType DnsRebinding = Abuse("abuse.dns-rebinding", "DNS rebinding", "intrusions/system-compromise", "infrastructure/compromised-server", "8c30074b-e718-5262-86fe-b7a6493cf731", "DNS rebinding", "threats-to-dns:dns-protocol-attacks=\"dns-rebinding\"");
    public static readonly ThreatType DnsServerCompromise = Abuse("abuse.dns-server-compromise", "DNS server compromise", "intrusions/system-compromise", "infrastructure/compromised-server", "094f218e-51fe-5f3b-a202-1cc9b016dedc", "DNS server compromise", "threats-to-dns:dns-server-attacks=\"server-hijacking\"", "domain-abuse:domain-access-method=\"compromised-dns\"");
    public static readonly ThreatType StubResolverHijacking = Abuse("abuse.stub-resolver-hijacking", "Stub resolver hijacking", "intrusions/system-compromise", "infrastructure/compromised-server", "9bbd1e65-d11b-5e29-adf2-f0a997c51547", "Stub resolver hijacking", "threats-to-dns:dns-server-attacks=\"server-hijacking\"");
    public static readonly ThreatType RecursiveResolverHijacking = Abuse("abuse.recursive-resolver-hijacking", "Local recursive resolver hijacking", "intrusions/system-compromise", "infrastructure/compromised-server", "ec27edc4-7908-5100-9fc7-4159c283691d", "Local recursive resolver hijacking", "threats-to-dns:dns-server-attacks=\"server-hijacking\"");
    public static readonly ThreatType OnPathAttack = Abuse("abuse.on-path-attack", "On-path DNS attack", "other/other", null, "dea01e07-c348-56ef-b22f-312a64717431", "On-path DNS attack", "threats-to-dns:dns-protocol-attacks=\"man-in-the-middle-attack\"", "threats-to-dns:dns-protocol-attacks=\"dns-spoofing\"");
    public static readonly ThreatType DosAgainstDns = Abuse("abuse.dos-against-dns", "Denial of service against the DNS", "availability/ddos", "connection/ddos", "7cbb69c3-1cf1-5219-97e8-c908cdbedde6", "DoS against the DNS", "threats-to-dns:dns-server-attacks=\"server-dos-and-ddos\"", "ddos:type=\"flooding-attack\"");
    public static readonly ThreatType DnsDosVector = Abuse("abuse.dns-dos-vector", "The DNS as a vector for denial of service (reflection, amplification)", "vulnerable/ddos-amplifier", "connection/ddos", "735b95e1-bd17-5375-a318-f5bf5ee014e6", "DNS as a vector for DoS", "threats-to-dns:dns-abuse-or-misuse=\"dns-reflection-dns-amplification\"", "ddos:type=\"amplification-attack\"");
    public static readonly ThreatType DynamicResolution = Abuse("abuse.dynamic-resolution", "Dynamic DNS resolution to hide malicious infrastructure", "malicious-code/c2-server", "infrastructure/botnet", "3664fb70-5179-5004-828a-1d090b78fa7a", "Dynamic DNS resolution", "threats-to-dns:dns-abuse-or-misuse=\"malicious-or-compromised-domains-ips-malicious-botnets-c2\"");
    public static readonly ThreatType FastFlux = Abuse("abuse.fast-flux", "Fast-flux domains", "other/other", "content/suspicious_registration", "5a99f82a-48c8-5f89-836f-78901e764677", "Dynamic DNS resolution: Fast flux", "circl:incident-classification=\"fastflux\"", "threats-to-dns:dns-abuse-or-misuse=\"malicious-or-compromised-domains-ips-fast-flux-domains\"");
    public static readonly ThreatType DnsExfiltration = Abuse("abuse.dns-exfiltration", "Infiltration and exfiltration of data via the DNS", "information-content-security/data-leak", null, "9e98500e-4a22-578a-9839-69c169079a68", "Infiltration and exfiltration via the DNS", "threats-to-dns:dns-abuse-or-misuse=\"covert-channels-malicious-dns-tunneling\"", "threats-to-dns:dns-abuse-or-misuse=\"covert-channels-malicious-payload-distribution\"");
    public static readonly ThreatType MaliciousRegistration = Abuse("abuse.malicious-registration", "Malicious registration of a (effective) second-level domain", "fraud/masquerade", "content/suspicious_registration", "a53e05a5-0931-5975-b16a-2434a0f2356a", "Malicious registration of (effective) second level domains", "domain-abuse:domain-access-method=\"criminal-registration\"", "threats-to-dns:dns-abuse-or-misuse=\"domain-name-registration-abuse-cybersquatting\"");
    public static readonly ThreatType DynamicDnsSubdomain = Abuse("abuse.dynamic-dns-subdomain", "Malicious subdomains created under dynamic DNS providers", "other/other", "content/suspicious_registration", "ed6477e2-426f-5c55-a740-0b6ba4547b77", "Creation of malicious subdomains under dynamic DNS providers", "domain-abuse:domain-access-method=\"criminal-registration\"");
    public static readonly ThreatType NonDnsServerCompromise = Abuse("abuse.non-dns-server-compromise", "Compromise of a non-DNS server (e.g. a web server) to host abuse", "intrusions/system-compromise", "infrastructure/compromised-server", "e4115a11-6975-57f9-aa27-89351e18a402", "Compromise of a non-DNS server to conduct abuse", "domain-abuse:domain-access-method=\"compromised-webserver\"");
    public static readonly ThreatType UnregisteredDomainSpoofing = Abuse("abuse.unregistered-domain-spoofing", "Spoofing or using unregistered domain names", "fraud/masquerade", "content/fraud", "bc197790-2b89-56e7-b019-871bdc36323a", "Spoofing or otherwise using unregistered domain names", "domain-abuse:domain-status=\"not-registered\"", "rsit:fraud=\"masquerade\"");
    public static readonly ThreatType RegisteredDomainSpoofing = Abuse("abuse.registered-domain-spoofing", "Spoofing of a registered domain (e.g. in mail senders)", "fraud/masquerade", "content/fraud", "88d804bc-f3e0-5b33-9c07-d05dfb1806df", "Spoofing of a registered domain", "rsit:fraud=\"masquerade\"");
    public static readonly ThreatType DnsTunnelling = Abuse("abuse.dns-tunnelling", "DNS tunnelling", "other/other", null, "b1b60f03-a603-506f-870b-7ea4da0cbeaa", "DNS tunneling", "threats-to-dns:dns-abuse-or-misuse=\"covert-channels-malicious-dns-tunneling\"");
    public static readonly ThreatType DnsBeacons = Abuse("abuse.dns-beacons", "DNS beacons for command-and-control communication", "malicious-code/c2-server", "infrastructure/botnet", "23f785fa-902f-563a-959f-67d2053cb25a", "DNS beacons - C2 communication", "threats-to-dns:dns-abuse-or-misuse=\"malicious-or-compromised-domains-ips-malicious-botnets-c2\"", "rsit:malicious-code=\"c2-server\"");
    public static readonly ThreatType Phishing = Abuse("abuse.phishing", "Phishing (DAAR)", "fraud/phishing", "content/phishing", null, null, "rsit:fraud=\"phishing\"", "circl:incident-classification=\"phishing\"");
    public static readonly ThreatType Malware = Abuse("abuse.malware", "Malware distribution (DAAR)", "malicious-code/malware-distribution", "content/malware", null, null, "rsit:malicious-code=\"malware-distribution\"", "circl:incident-classification=\"malware\"");
    public static readonly ThreatType BotnetCommandAndControl = Abuse("abuse.botnet-c2", "Botnet command-and-control (DAAR)", "malicious-code/c2-server", "infrastructure/botnet", null, null, "rsit:malicious-code=\"c2-server\"", "threats-to-dns:dns-abuse-or-misuse=\"malicious-or-compromised-domains-ips-malicious-botnets-c2\"");
    public static readonly ThreatType Spam = Abuse("abuse.spam", "Spam (DAAR)", "abusive-content/spam", "messaging/spam", null, null, "rsit:abusive-content=\"spam\"", "circl:incident-classification=\"spam\"");

    public static IReadOnlyList<ThreatType> All { get; } =
    [
        LameDelegation, UnreachableNameServer, InconsistentZone, DelegationMisconfigured, SinglePointOfFailure,
        DnssecBogus, DnssecWeak, OpenResolver, OpenZoneTransfer, ZoneContent, ProtocolViolation, MailPolicy, DelegationChanged, DnssecExpiry,
        QueryFlood, RandomSubdomain, Amplification, NxdomainStorm, CachePoisoning, Dga, Tunnelling,
        Dgas, DomainNameCompromise, LameDelegationAbuse, CachePoisoningAbuse, DnsRebinding, DnsServerCompromise, StubResolverHijacking,
        RecursiveResolverHijacking, OnPathAttack, DosAgainstDns, DnsDosVector, DynamicResolution, FastFlux, DnsExfiltration,
        MaliciousRegistration, DynamicDnsSubdomain, NonDnsServerCompromise, UnregisteredDomainSpoofing, RegisteredDomainSpoofing, DnsTunnelling, DnsBeacons,
        Phishing, Malware, BotnetCommandAndControl, Spam,
    ];
    private static ThreatType Abuse(string id, string title, string rsit, string? xarf, string? firstUuid, string? firstName, params string[] mispTags) =>
        Mapped(AbuseFamily, id, title, rsit, xarf, firstUuid, firstName, mispTags);

    // Infrastructure and attack entries name the FIRST technique they expose or are (the abuse.* entry owns it).
    private static ThreatType Infra(string id, string title, string rsit, string? xarf, string? firstUuid, string? firstName, params string[] mispTags) =>
        Mapped(InfrastructureFamily, id, title, rsit, xarf, firstUuid, firstName, mispTags);

    private static ThreatType Attack(string id, string title, string rsit, string? xarf, string? firstUuid, string? firstName, params string[] mispTags) =>
        Mapped(AttackFamily, id, title, rsit, xarf, firstUuid, firstName, mispTags);

    private static ThreatType Mapped(string family, string id, string title, string rsit, string? xarf, string? firstUuid, string? firstName, string[] mispTags)
    {
        var (taxonomy, type) = Split(rsit);
        var (category, xarfType) = xarf is null ? (null, null) : Split(xarf);
        return new ThreatType(id, family, title) { Mappings = new ThreatMappings(mispTags, taxonomy, type, category, xarfType, firstUuid, firstName) };
    }

    private static (string First, string Second) Split(string pair)
    {
        var slash = pair.IndexOf('/', StringComparison.Ordinal);
        return (pair[..slash], pair[(slash + 1)..]);
    }
}
