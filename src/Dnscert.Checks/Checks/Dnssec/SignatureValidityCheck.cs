using Dnscert.Checks.Facts;
using Dnscert.Checks.Messages;
using Dnscert.Core;
using Dnscert.Core.Catalog;
using Dnscert.Dns;

namespace Dnscert.Checks.Dnssec;

/// <summary>
/// DNSSEC04: are the SOA and DNSKEY signatures inside their validity window, with enough time left and not
/// absurdly long? Limits as in Zonemaster's default profile: 12 hours remaining, 180 days remaining or in all.
/// </summary>
public sealed class SignatureValidityCheck : CheckBase
{
    public static readonly TimeSpan RemainingShort = TimeSpan.FromHours(12);
    public static readonly TimeSpan RemainingLong = TimeSpan.FromDays(180);
    public static readonly TimeSpan DurationLong = TimeSpan.FromDays(180);

    public static readonly MessageTag Expiration = new("RRSIG_EXPIRATION", Severity.Info, null, "The RRSIG over {types} by key {keytag} expires at {date}.");
    public static readonly MessageTag Expired = new("RRSIG_EXPIRED", Severity.Error, ThreatTypes.DnssecBogus,
        "The RRSIG over {types} by key {keytag} expired at {date}.", "Re-sign the zone now and check that automatic re-signing runs.");
    public static readonly MessageTag ShortRemaining = new("REMAINING_SHORT", Severity.Warning, ThreatTypes.DnssecWeak,
        "The RRSIG over {types} by key {keytag} expires in {duration} seconds.", "Re-sign sooner: caches may keep the answer past the expiration.");
    public static readonly MessageTag LongRemaining = new("REMAINING_LONG", Severity.Warning, ThreatTypes.DnssecWeak,
        "The RRSIG over {types} by key {keytag} is still valid for {duration} seconds.", "Long validity makes replay of stale signed data possible; keep it under 180 days.");
    public static readonly MessageTag LongDuration = new("DURATION_LONG", Severity.Warning, ThreatTypes.DnssecWeak,
        "The RRSIG over {types} by key {keytag} is valid for {duration} seconds in all.", "Keep signature validity periods under 180 days.");

    public override string Id => "DNSSEC04";

    public override string Module => "DNSSEC";

    public override IReadOnlyList<MessageTag> Tags { get; } = [Expiration, Expired, ShortRemaining, LongRemaining, LongDuration];

    public override IEnumerable<CheckMessage> Evaluate(ZoneFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        if (DnssecView.Of(facts) is not { IsSigned: true } view)
        {
            yield break;
        }

        var now = facts.CheckedAt.ToUnixTimeSeconds();
        var seen = new HashSet<(ushort, RRType)>();
        foreach (var sig in view.DnskeySignatures.Concat(view.SoaSignatures).Where(s => seen.Add((s.KeyTag, s.TypeCovered))))
        {
            var types = DnsMnemonics.ToText(sig.TypeCovered);
            var remaining = Seconds(sig.Expiration) - now;
            var date = DateTimeOffset.FromUnixTimeSeconds(Seconds(sig.Expiration)).ToString("u", System.Globalization.CultureInfo.InvariantCulture);
            var evidence = view.Evidence.ToList();
            if (remaining < 0)
            {
                yield return Emit(Expired, evidence, ("types", types), ("keytag", sig.KeyTag), ("date", date));
                continue;
            }

            yield return Emit(Expiration, null, ("types", types), ("keytag", sig.KeyTag), ("date", date));
            if (remaining < RemainingShort.TotalSeconds)
            {
                yield return Emit(ShortRemaining, evidence, ("types", types), ("keytag", sig.KeyTag), ("duration", remaining));
            }
            else if (remaining > RemainingLong.TotalSeconds)
            {
                yield return Emit(LongRemaining, evidence, ("types", types), ("keytag", sig.KeyTag), ("duration", remaining));
            }

            var duration = Seconds(sig.Expiration) - Seconds(sig.Inception);
            if (duration > DurationLong.TotalSeconds)
            {
                yield return Emit(LongDuration, evidence, ("types", types), ("keytag", sig.KeyTag), ("duration", duration));
            }
        }
    }

    // RRSIG times are 32-bit serial numbers (RFC 4034 §3.1.5); until 2106 they equal Unix time.
    private static long Seconds(uint value) => value;

}
