using Dnscert.Checks.Facts;
using Dnscert.Checks.Messages;
using Dnscert.Core;
using Dnscert.Core.Catalog;

namespace Dnscert.Checks.Dnssec;

/// <summary>
/// DNSSEC19 (dnscert; Zonemaster has no such test case): is the zone secure, insecure or bogus when validated
/// from the root trust anchor down, and where exactly does it break? DNSSEC02 looks at one link (DS → DNSKEY);
/// this follows every link as a validating resolver does.
/// </summary>
public sealed class ChainOfTrustCheck : CheckBase
{
    public static readonly MessageTag Secure = new("DS19_CHAIN_SECURE", Severity.Info, null,
        "The chain of trust from the trust anchor ({anchor}) to {domain} is secure (path: {path}).");
    public static readonly MessageTag Insecure = new("DS19_CHAIN_INSECURE", Severity.Notice, ThreatTypes.DnssecWeak,
        "The chain of trust to {domain} is insecure from {zone} down: {reason}.",
        "Validating resolvers accept unsigned answers for the zone; publish a DS at the parent to protect it.");
    public static readonly MessageTag Bogus = new("DS19_CHAIN_BOGUS", Severity.Error, ThreatTypes.DnssecBogus,
        "The chain of trust to {domain} is bogus at {record} (key tag {keytag}): {reason}.",
        "Validating resolvers answer SERVFAIL for the zone until the record named is fixed.");
    public static readonly MessageTag Indeterminate = new("DS19_CHAIN_INDETERMINATE", Severity.Warning, ThreatTypes.DnssecBogus,
        "The chain of trust to {domain} could not be followed at {record}: {reason}.",
        "A resolver that cannot fetch this record cannot validate the zone either.");
    public static readonly MessageTag ServerBogus = new("DS19_SERVER_BOGUS", Severity.Error, ThreatTypes.DnssecBogus,
        "Name server {ns} breaks the chain of trust to {domain} at {record} (key tag {keytag}), where other servers of the same zone validate: {reason}.",
        "Resolvers that ask this server answer SERVFAIL for the zone; make it serve the same signed data as the other servers (reload or re-sign the zone there).");
    public static readonly MessageTag NoAnchor = new("DS19_NO_TRUST_ANCHOR", Severity.Info, null,
        "No trust anchor applies to these root servers, so the chain of trust to {domain} was not followed (give --trust-anchor).");

    public override string Id => "DNSSEC19";

    public override string Module => "DNSSEC";

    public override IReadOnlyList<MessageTag> Tags { get; } = [Secure, Insecure, Bogus, Indeterminate, ServerBogus, NoAnchor];

    public override IEnumerable<CheckMessage> Evaluate(ZoneFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        if (!facts.ChildFound || facts.ChainOfTrust is not { } chain)
        {
            yield break;
        }

        if (chain.AnchorDs.Count + chain.AnchorKeys.Count == 0)
        {
            yield return Emit(NoAnchor, null, ("domain", facts.Zone));
            yield break;
        }

        var verdict = ChainOfTrustValidator.Validate(chain, facts.Zone, facts.CheckedAt);
        foreach (var fault in verdict.ServerFaults)
        {
            yield return Emit(ServerBogus, [fault.Evidence], ("ns", fault.Server), ("domain", facts.Zone), ("record", fault.Record), ("keytag", KeyTag(fault.KeyTag)), ("reason", fault.Reason));
        }

        // "Secure" only when every server validates: a resolver may ask any of them.
        if (verdict.Status == ChainStatus.Secure && verdict.ServerFaults.Count > 0)
        {
            yield break;
        }

        var keyTag = KeyTag(verdict.KeyTag);
        yield return verdict.Status switch
        {
            ChainStatus.Secure => Emit(Secure, null, ("anchor", chain.AnchorSource), ("domain", facts.Zone), ("path", string.Join(" → ", verdict.Path))),
            ChainStatus.Insecure => Emit(Insecure, verdict.Evidence, ("domain", facts.Zone), ("zone", verdict.At), ("reason", verdict.Reason)),
            ChainStatus.Bogus => Emit(Bogus, verdict.Evidence, ("domain", facts.Zone), ("record", verdict.Record), ("keytag", keyTag), ("reason", verdict.Reason)),
            _ => Emit(Indeterminate, verdict.Evidence.Count > 0 ? verdict.Evidence : facts.DelegationEvidence, ("domain", facts.Zone), ("record", verdict.Record), ("reason", verdict.Reason)),
        };
    }

    private static string KeyTag(ushort? keyTag) => keyTag is { } tag ? tag.ToString(System.Globalization.CultureInfo.InvariantCulture) : "none";
}
