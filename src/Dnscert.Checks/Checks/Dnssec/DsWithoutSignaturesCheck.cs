using Dnscert.Checks.Facts;
using Dnscert.Checks.Messages;
using Dnscert.Core;
using Dnscert.Core.Catalog;

namespace Dnscert.Checks.Dnssec;

/// <summary>DNSSEC11: a DS at the parent for a zone that serves no DNSKEY makes the whole zone bogus for validators.</summary>
public sealed class DsWithoutSignaturesCheck : CheckBase
{
    public static readonly MessageTag DsButUnsigned = new("DS11_DS_BUT_UNSIGNED_ZONE", Severity.Error, ThreatTypes.DnssecBogus,
        "The parent publishes DS for {domain}, but the zone is not signed: validating resolvers cannot resolve it.", "Remove the DS at the registry, or sign the zone with the key it names.");

    public override string Id => "DNSSEC11";

    public override string Module => "DNSSEC";

    public override IReadOnlyList<MessageTag> Tags { get; } = [DsButUnsigned];

    public override IEnumerable<CheckMessage> Evaluate(ZoneFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        if (facts.ParentDs.Count > 0 && DnssecView.Of(facts) is { IsSigned: false } view)
        {
            yield return Emit(DsButUnsigned, [.. facts.ParentDsEvidence, .. view.Evidence], ("domain", facts.Zone));
        }
    }
}
