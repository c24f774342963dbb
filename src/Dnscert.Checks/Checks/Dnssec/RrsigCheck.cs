using Dnscert.Dns;
using Dnscert.Dns.Dnssec;
using Dnscert.Dns.Records;

namespace Dnscert.Checks.Dnssec;

/// <summary>
/// Verifies RRSIGs against a key set, choosing keys by tag and algorithm (the verifier checks one signature
/// with one given key). Shared by DNSSEC08/09/10/16/19 so they name failures the same way.
/// </summary>
public static class RrsigCheck
{
    /// <summary>
    /// The result for one signature: Valid when any key with its tag and algorithm verifies it, otherwise the
    /// first key's failure; null when no key of the set has its tag and algorithm.
    /// </summary>
    public static SignatureResult? Verify(RrsigVerifier verifier, Rrset rrset, RrsigRecordData sig, IEnumerable<DnskeyRecordData> keys, DomainName zone, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(verifier);
        ArgumentNullException.ThrowIfNull(sig);
        ArgumentNullException.ThrowIfNull(keys);
        SignatureResult? first = null;
        foreach (var key in keys.Where(k => k.Algorithm == sig.Algorithm && DnssecKeyTag.Compute(k) == sig.KeyTag))
        {
            var result = verifier.Verify(rrset, sig, key, zone, now);
            if (result.IsValid)
            {
                return result;
            }

            first ??= result;
        }

        return first;
    }

    /// <summary>
    /// Whether any signature verifies with any of the keys; when none does, the most telling failure (a real
    /// verdict on a signature beats "no key with that tag"), with the signature's key tag.
    /// </summary>
    public static (bool Valid, ushort? KeyTag, string Reason) VerifyAny(
        RrsigVerifier verifier, Rrset rrset, IReadOnlyList<RrsigRecordData> sigs, IReadOnlyList<DnskeyRecordData> keys, DomainName zone, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(sigs);
        if (sigs.Count == 0)
        {
            return (false, null, "there is no RRSIG");
        }

        (ushort? Tag, string Reason)? noKey = null;
        (ushort? Tag, string Reason)? failed = null;
        foreach (var sig in sigs)
        {
            var result = Verify(verifier, rrset, sig, keys, zone, now);
            if (result is null)
            {
                noKey ??= (sig.KeyTag, $"no trusted key of {zone} has key tag {sig.KeyTag} and algorithm {sig.Algorithm}");
            }
            else if (result.IsValid)
            {
                return (true, sig.KeyTag, "valid");
            }
            else
            {
                failed ??= (sig.KeyTag, Describe(result));
            }
        }

        var worst = failed ?? noKey!.Value;
        return (false, worst.Tag, worst.Reason);
    }

    /// <summary>A failure in words, with the absolute time for an expired or not yet valid signature.</summary>
    public static string Describe(SignatureResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var when = result.Time is { } t ? " (" + t.ToString("u", System.Globalization.CultureInfo.InvariantCulture) + ")" : "";
        return result.Status switch
        {
            SignatureStatus.Expired => "the signature expired" + when,
            SignatureStatus.NotYetValid => "the signature is not yet valid" + when,
            SignatureStatus.BadSignature => "bad signature (the data or the signature was changed)",
            _ => $"{result.Status}: {result.Detail}",
        };
    }
}
