using Dnscert.Checks.Facts;
using Dnscert.Checks.Messages;
using Dnscert.Core;
using Dnscert.Core.Catalog;

namespace Dnscert.Checks.Delegation;

/// <summary>DELEGATION03: the referral must fit in 512 octets, the size every resolver accepts without EDNS.</summary>
public sealed class ReferralSizeCheck : CheckBase
{
    public static readonly MessageTag SizeOk = new("REFERRAL_SIZE_OK", Severity.Info, null, "The referral is {size} octets, within 512.");
    public static readonly MessageTag TooLarge = new("REFERRAL_SIZE_TOO_LARGE", Severity.Warning, ThreatTypes.DelegationMisconfigured,
        "The referral without EDNS does not fit in 512 octets (the parent truncates it).", "Use fewer or shorter name server names, or fewer glue addresses.");

    public override string Id => "DELEGATION03";

    public override string Module => "Delegation";

    public override IReadOnlyList<MessageTag> Tags { get; } = [SizeOk, TooLarge];

    public override IEnumerable<CheckMessage> Evaluate(ZoneFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        if (!facts.ChildFound || facts.ReferralSize == 0)
        {
            yield break;
        }

        yield return facts.ReferralTruncated
            ? Emit(TooLarge, facts.DelegationEvidence)
            : Emit(SizeOk, null, ("size", facts.ReferralSize));
    }
}
