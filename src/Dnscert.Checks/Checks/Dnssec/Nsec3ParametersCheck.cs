using Dnscert.Checks.Facts;
using Dnscert.Checks.Messages;
using Dnscert.Core;
using Dnscert.Core.Catalog;

namespace Dnscert.Checks.Dnssec;

/// <summary>DNSSEC03: NSEC3 parameters as RFC 9276 recommends: no extra iterations and an empty salt.</summary>
public sealed class Nsec3ParametersCheck : KeyPresenceCheck
{
    public static readonly MessageTag NoNsec3 = new("DS03_NO_NSEC3", Severity.Info, null, "The zone {domain} uses NSEC, not NSEC3.");
    public static readonly MessageTag LegalIterations = new("DS03_LEGAL_ITERATION_VALUE", Severity.Info, null, "NSEC3 uses {count} extra iterations, as RFC 9276 recommends.");
    public static readonly MessageTag IllegalIterations = new("DS03_ILLEGAL_ITERATION_VALUE", Severity.Warning, ThreatTypes.DnssecWeak,
        "NSEC3 uses {count} extra iterations; RFC 9276 says 0.", "Set the NSEC3 iterations to 0: they cost resolvers, and above 150 validators may treat the zone as insecure.");
    public static readonly MessageTag EmptySalt = new("DS03_LEGAL_EMPTY_SALT", Severity.Info, null, "NSEC3 uses an empty salt, as RFC 9276 recommends.");
    public static readonly MessageTag SaltUsed = new("DS03_ILLEGAL_SALT_LENGTH", Severity.Notice, ThreatTypes.DnssecWeak,
        "NSEC3 uses a salt of {length} octets; RFC 9276 recommends none.", "Drop the salt: it adds nothing against zone walking.");

    public static readonly MessageTag NoDnssec = new("DS03_NO_DNSSEC_SUPPORT", Severity.Notice, null,
        "No server serves a DNSKEY for the zone: it is not signed, so NSEC3 is not checked ({ns_list}).", "Sign the zone if its answers should be verifiable.");
    public static readonly MessageTag ServerNoDnssec = new("DS03_SERVER_NO_DNSSEC_SUPPORT", Severity.Error, ThreatTypes.InconsistentZone,
        "These servers serve no DNSKEY while others do, so NSEC3 is not checked there: {ns_list}.", "Load the signed zone on every server.");

    protected override MessageTag ZoneWithoutKeys => NoDnssec;

    protected override MessageTag ServersWithoutKeys => ServerNoDnssec;

    public override string Id => "DNSSEC03";

    public override string Module => "DNSSEC";

    public override IReadOnlyList<MessageTag> Tags { get; } = [NoDnssec, ServerNoDnssec, NoNsec3, LegalIterations, IllegalIterations, EmptySalt, SaltUsed];

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

        if (view.Nsec3Param is not { } p)
        {
            yield return Emit(NoNsec3, null, ("domain", facts.Zone));
            yield break;
        }

        Evidence[] evidence = [view.Source.EvidenceOf(view.Source.Nsec3Param)];
        yield return p.Iterations == 0 ? Emit(LegalIterations, null, ("count", p.Iterations)) : Emit(IllegalIterations, evidence, ("count", p.Iterations));
        yield return p.Salt.IsEmpty ? Emit(EmptySalt, null) : Emit(SaltUsed, evidence, ("length", p.Salt.Length));
    }
}
