using Dnscert.Checks.Facts;
using Dnscert.Checks.Messages;
using Dnscert.Core;
using Dnscert.Core.Catalog;

namespace Dnscert.Checks.Dnssec;

/// <summary>DNSSEC07: is the zone signed, and does the parent publish a DS for it? A signed zone without DS is not secured.</summary>
public sealed class SignedZoneCheck : CheckBase
{
    public static readonly MessageTag ZoneSigned = new("DS07_SIGNED", Severity.Info, null, "The zone {domain} is signed ({count} DNSKEY records).");
    public static readonly MessageTag NotSigned = new("DS07_NOT_SIGNED", Severity.Info, null, "The zone {domain} is not signed.");
    public static readonly MessageTag DsForSigned = new("DS07_DS_FOR_SIGNED_ZONE", Severity.Info, null, "The parent publishes {count} DS records for the signed zone {domain}.");
    public static readonly MessageTag NoDsForSigned = new("DS07_NO_DS_FOR_SIGNED_ZONE", Severity.Warning, ThreatTypes.DnssecWeak,
        "The zone {domain} is signed but the parent publishes no DS, so validators treat it as unsigned.", "Submit the DS (or CDS) of the zone's KSK to the registry.");

    public override string Id => "DNSSEC07";

    public override string Module => "DNSSEC";

    public override IReadOnlyList<MessageTag> Tags { get; } = [ZoneSigned, NotSigned, DsForSigned, NoDsForSigned];

    public override IEnumerable<CheckMessage> Evaluate(ZoneFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var view = DnssecView.Of(facts);
        if (view is null)
        {
            yield break;
        }

        if (!view.IsSigned)
        {
            yield return Emit(NotSigned, null, ("domain", facts.Zone));
            yield break;
        }

        yield return Emit(ZoneSigned, null, ("domain", facts.Zone), ("count", view.Keys.Count));
        yield return facts.ParentDs.Count > 0
            ? Emit(DsForSigned, null, ("domain", facts.Zone), ("count", facts.ParentDs.Count))
            : Emit(NoDsForSigned, [.. facts.ParentDsEvidence, .. view.Evidence], ("domain", facts.Zone));
    }
}
