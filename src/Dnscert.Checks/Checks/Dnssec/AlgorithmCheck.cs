using Dnscert.Checks.Facts;
using Dnscert.Checks.Messages;
using Dnscert.Core;
using Dnscert.Core.Catalog;

namespace Dnscert.Checks.Dnssec;

/// <summary>DNSSEC05: are the zone's DNSKEY algorithms ones that RFC 8624 allows for signing?</summary>
public sealed class AlgorithmCheck : KeyPresenceCheck
{
    public static readonly MessageTag AlgoOk = new("DS05_ALGO_OK", Severity.Info, null, "DNSKEY {keytag} uses algorithm {algorithm} ({description}), fine for signing.");
    public static readonly MessageTag AlgoDeprecated = new("DS05_ALGO_DEPRECATED", Severity.Warning, ThreatTypes.DnssecWeak,
        "DNSKEY {keytag} uses algorithm {algorithm} ({description}), which must no longer be used for signing (RFC 8624).", "Roll to ECDSAP256SHA256 (13) or ED25519 (15).");
    public static readonly MessageTag AlgoNotRecommended = new("DS05_ALGO_NOT_RECOMMENDED", Severity.Notice, ThreatTypes.DnssecWeak,
        "DNSKEY {keytag} uses algorithm {algorithm} ({description}), which is not recommended for signing (RFC 8624).");
    public static readonly MessageTag AlgoPrivate = new("DS05_ALGO_PRIVATE", Severity.Warning, ThreatTypes.DnssecWeak, "DNSKEY {keytag} uses private algorithm {algorithm}, which validators cannot check.");
    public static readonly MessageTag AlgoUnassigned = new("DS05_ALGO_UNASSIGNED", Severity.Warning, ThreatTypes.DnssecWeak, "DNSKEY {keytag} uses unassigned or reserved algorithm {algorithm}.");

    public static readonly MessageTag NoDnssec = new("DS05_ZONE_NO_DNSSEC", Severity.Notice, null,
        "No server serves a DNSKEY for the zone: it is not signed, so key algorithms are not checked ({ns_list}).", "Sign the zone if its answers should be verifiable.");
    public static readonly MessageTag ServerNoDnssec = new("DS05_SERVER_NO_DNSSEC", Severity.Error, ThreatTypes.InconsistentZone,
        "These servers serve no DNSKEY while others do, so their key algorithms are not checked: {ns_list}.", "Load the signed zone on every server.");

    protected override MessageTag ZoneWithoutKeys => NoDnssec;

    protected override MessageTag ServersWithoutKeys => ServerNoDnssec;

    public override string Id => "DNSSEC05";

    public override string Module => "DNSSEC";

    public override IReadOnlyList<MessageTag> Tags { get; } = [NoDnssec, ServerNoDnssec, AlgoOk, AlgoDeprecated, AlgoNotRecommended, AlgoPrivate, AlgoUnassigned];

    public override IEnumerable<CheckMessage> Evaluate(ZoneFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        foreach (var presence in KeyPresence(facts))
        {
            yield return presence;
        }

        if (DnssecView.Of(facts) is not { IsSigned: true } view)
        {
            yield break;
        }

        foreach (var key in view.Keys.DistinctBy(k => (k.KeyTag, k.Algorithm)))
        {
            var (tag, description) = key.Algorithm switch
            {
                1 => (AlgoDeprecated, "RSAMD5"),
                3 => (AlgoDeprecated, "DSA"),
                5 => (AlgoDeprecated, "RSASHA1"),
                6 => (AlgoDeprecated, "DSA-NSEC3-SHA1"),
                7 => (AlgoDeprecated, "RSASHA1-NSEC3-SHA1"),
                12 => (AlgoDeprecated, "ECC-GOST"),
                10 => (AlgoNotRecommended, "RSASHA512"),
                8 => (AlgoOk, "RSASHA256"),
                13 => (AlgoOk, "ECDSAP256SHA256"),
                14 => (AlgoOk, "ECDSAP384SHA384"),
                15 => (AlgoOk, "ED25519"),
                16 => (AlgoOk, "ED448"),
                253 or 254 => (AlgoPrivate, "private"),
                _ => (AlgoUnassigned, "unassigned"),
            };
            yield return Emit(tag, tag.Severity >= Severity.Warning ? view.Evidence : null, ("keytag", key.KeyTag), ("algorithm", key.Algorithm), ("description", description));
        }
    }
}
