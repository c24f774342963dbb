using Dnscert.Core.Catalog;

namespace Dnscert.Exchange;

/// <summary>
/// How a threat type of the catalogue appears in other tools: the MISP taxonomy tags (<c>rsit:</c>, and
/// <c>threats-to-dns:</c> where that taxonomy has the threat) and whether the subject is itself an indicator of
/// compromise (MISP <c>to_ids</c>, a STIX <c>malicious-activity</c> indicator) or the victim of a fault or attack.
/// </summary>
public sealed record ThreatMapping(string ThreatTypeId, string RsitTag, string? ThreatsToDnsTag, bool SubjectIsIndicator)
{
    private const string Misconfiguration = "rsit:availability=\"misconfiguration\"";
    private const string ServerDos = "threats-to-dns:dns-server-attacks=\"server-dos-and-ddos\"";
    private const string Reflection = "threats-to-dns:dns-abuse-or-misuse=\"dns-reflection-dns-amplification\"";

    private static readonly Dictionary<string, ThreatMapping> s_byId = new ThreatMapping[]
    {
        new(ThreatTypes.LameDelegation.Id, Misconfiguration, null, false),
        new(ThreatTypes.UnreachableNameServer.Id, "rsit:availability=\"outage\"", null, false),
        new(ThreatTypes.InconsistentZone.Id, Misconfiguration, null, false),
        new(ThreatTypes.DelegationMisconfigured.Id, Misconfiguration, null, false),
        new(ThreatTypes.SinglePointOfFailure.Id, Misconfiguration, null, false),
        new(ThreatTypes.DnssecBogus.Id, Misconfiguration, null, false),
        new(ThreatTypes.DnssecWeak.Id, "rsit:vulnerable=\"weak-crypto\"", null, false),
        new(ThreatTypes.OpenResolver.Id, "rsit:vulnerable=\"ddos-amplifier\"", Reflection, false),
        new(ThreatTypes.OpenZoneTransfer.Id, "rsit:vulnerable=\"information-disclosure\"", null, false),
        new(ThreatTypes.ZoneContent.Id, Misconfiguration, null, false),
        new(ThreatTypes.ProtocolViolation.Id, Misconfiguration, null, false),
        new(ThreatTypes.MailPolicy.Id, Misconfiguration, null, false),
        new(ThreatTypes.DelegationChanged.Id, "rsit:intrusions=\"system-compromise\"", "threats-to-dns:dns-server-attacks=\"server-hijacking\"", false),
        new(ThreatTypes.DnssecExpiry.Id, Misconfiguration, null, false),
        new(ThreatTypes.QueryFlood.Id, "rsit:availability=\"ddos\"", ServerDos, false),
        new(ThreatTypes.RandomSubdomain.Id, "rsit:availability=\"ddos\"", ServerDos, false),
        new(ThreatTypes.Amplification.Id, "rsit:availability=\"ddos\"", Reflection, false),
        new(ThreatTypes.NxdomainStorm.Id, "rsit:availability=\"dos\"", ServerDos, false),
        new(ThreatTypes.CachePoisoning.Id, "rsit:intrusion-attempts=\"exploit\"", "threats-to-dns:dns-server-attacks=\"cache-poisoning\"", false),
        new(ThreatTypes.Dga.Id, "rsit:malicious-code=\"c2-server\"", "threats-to-dns:dns-abuse-or-misuse=\"malicious-or-compromised-domains-ips-malicious-dgas\"", true),
        new(ThreatTypes.Tunnelling.Id, "rsit:information-content-security=\"data-leak\"", "threats-to-dns:dns-abuse-or-misuse=\"covert-channels-malicious-dns-tunneling\"", true),
        new("abuse.phishing", "rsit:fraud=\"phishing\"", null, true),
        new("abuse.malware", "rsit:malicious-code=\"malware-distribution\"", null, true),
        new("abuse.botnet-c2", "rsit:malicious-code=\"c2-server\"", "threats-to-dns:dns-abuse-or-misuse=\"malicious-or-compromised-domains-ips-malicious-botnets-c2\"", true),
        new("abuse.spam", "rsit:abusive-content=\"spam\"", null, true),
    }.ToDictionary(m => m.ThreatTypeId, StringComparer.Ordinal);

    /// <summary>Every mapping, for the tests that check each tag against the MISP taxonomies.</summary>
    public static IReadOnlyCollection<ThreatMapping> All => s_byId.Values;

    /// <summary>
    /// The mapping of <paramref name="threatTypeId"/>; a threat type without one (added to the catalogue later) maps to
    /// <c>rsit:other="undetermined"</c> and is not an indicator, so an export never fails on a new id.
    /// </summary>
    public static ThreatMapping For(string threatTypeId) =>
        s_byId.TryGetValue(threatTypeId, out var mapping)
            ? mapping
            : new ThreatMapping(threatTypeId, "rsit:other=\"undetermined\"", null, threatTypeId.StartsWith("abuse.", StringComparison.Ordinal));
}
