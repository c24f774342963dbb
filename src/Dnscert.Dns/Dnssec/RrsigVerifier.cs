using System.Security.Cryptography;
using Dnscert.Dns.Records;

namespace Dnscert.Dns.Dnssec;

// Hand-written: ARSoft keeps canonical form and RRSIG verification internal and ignores validity periods,
// DnsClient has no DNSSEC, and checks need the exact reason a signature fails (shared/DNS-LIBRARIES.md §2).

/// <summary>
/// Verifies one RRSIG over one RRset with one DNSKEY (RFC 4035 §5.3) and says exactly why it fails. Checks run
/// from the cheapest and most specific (algorithm, key tag, signer, labels, validity period, key usability) to
/// the cryptographic check, so an expired signature reports Expired even when its octets are also wrong.
/// Not thread safe, like its <see cref="DnssecKeyCache"/>: use one verifier per worker thread.
/// </summary>
public sealed class RrsigVerifier(DnssecKeyCache cache)
{
    private const byte DnssecProtocol = 3;

    public RrsigVerifier()
        : this(new DnssecKeyCache())
    {
    }

    public DnssecKeyCache Cache { get; } = cache ?? throw new ArgumentNullException(nameof(cache));

    /// <param name="rrset">The RRset as received; owner case and record order do not matter.</param>
    /// <param name="rrsig">An RRSIG at the same owner covering the RRset's type.</param>
    /// <param name="key">A DNSKEY of <paramref name="zone"/>.</param>
    /// <param name="zone">The zone whose DNSKEY RRset holds <paramref name="key"/>.</param>
    /// <param name="now">The time to judge the validity period against (from the caller's TimeProvider).</param>
    public SignatureResult Verify(Rrset rrset, RrsigRecordData rrsig, DnskeyRecordData key, DomainName zone, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(rrset);
        ArgumentNullException.ThrowIfNull(rrsig);
        ArgumentNullException.ThrowIfNull(key);
        if (rrsig.TypeCovered != rrset.Type)
        {
            throw new ArgumentException($"The RRSIG covers {DnsMnemonics.ToText(rrsig.TypeCovered)}, not the RRset's {DnsMnemonics.ToText(rrset.Type)}.", nameof(rrsig));
        }

        var keyTag = DnssecKeyTag.Compute(key);
        var structural = CheckStructure(rrset, rrsig, key, keyTag, zone);
        if (structural is not null)
        {
            return structural;
        }

        var nowSerial = SerialTime.FromDateTimeOffset(now);
        if (SerialTime.Compare(nowSerial, rrsig.Expiration) > 0)
        {
            return SignatureResult.Expired(SerialTime.ToDateTimeOffset(rrsig.Expiration, now));
        }

        if (SerialTime.Compare(nowSerial, rrsig.Inception) < 0)
        {
            return SignatureResult.NotYetValid(SerialTime.ToDateTimeOffset(rrsig.Inception, now));
        }

        return VerifyCryptography(rrset, rrsig, key, keyTag);
    }

    private static SignatureResult? CheckStructure(Rrset rrset, RrsigRecordData rrsig, DnskeyRecordData key, ushort keyTag, DomainName zone)
    {
        if (rrsig.Algorithm != key.Algorithm)
        {
            return new SignatureResult(SignatureStatus.AlgorithmMismatch, $"The RRSIG uses algorithm {rrsig.Algorithm}, the DNSKEY algorithm {key.Algorithm}.");
        }

        if (rrsig.KeyTag != keyTag)
        {
            return new SignatureResult(SignatureStatus.KeyTagMismatch, $"The RRSIG names key tag {rrsig.KeyTag}, the DNSKEY has tag {keyTag}.");
        }

        if (rrsig.Signer != zone || !rrset.Owner.IsSubdomainOf(rrsig.Signer))
        {
            return new SignatureResult(SignatureStatus.SignerNotZone, $"The signer {rrsig.Signer} is not the zone {zone} or not above the owner {rrset.Owner}.");
        }

        if (!CanonicalForm.TryGetSignedOwner(rrset.Owner, rrsig.Labels, out _))
        {
            return new SignatureResult(SignatureStatus.LabelsMismatch, $"The RRSIG Labels field {rrsig.Labels} exceeds the labels of {rrset.Owner}.");
        }

        if (key.Protocol != DnssecProtocol)
        {
            return SignatureResult.MalformedKey($"The DNSKEY protocol is {key.Protocol}, not 3.");
        }

        return key.IsZoneKey ? null : SignatureResult.MalformedKey("The DNSKEY does not have the Zone Key flag, so it must not verify RRSIGs (RFC 4034 §2.1.1).");
    }

    private SignatureResult VerifyCryptography(Rrset rrset, RrsigRecordData rrsig, DnskeyRecordData key, ushort keyTag)
    {
        if (!DnssecAlgorithms.IsImplemented(key.Algorithm))
        {
            return SignatureResult.UnsupportedAlgorithm(key.Algorithm, $"Algorithm {key.Algorithm} ({DnssecAlgorithms.Name(key.Algorithm)}) is not implemented.");
        }

        if (!DnssecAlgorithms.IsSupportedByPlatform(key.Algorithm))
        {
            return PlatformRefuses(key.Algorithm);
        }

        var imported = Cache.Get(key, keyTag);
        if (imported.Problem is not null)
        {
            return imported.Unsupported ? SignatureResult.UnsupportedAlgorithm(key.Algorithm, imported.Problem) : SignatureResult.MalformedKey(imported.Problem);
        }

        var data = CanonicalForm.SignedData(rrset, rrsig);
        bool verified;
        try
        {
            verified = imported.Verify(data, rrsig.Signature.Span);
        }
        catch (CryptographicException) when (key.Algorithm is DnssecAlgorithms.RsaSha1 or DnssecAlgorithms.RsaSha1Nsec3Sha1)
        {
            // The probe passed but a policy can still refuse at use time; that is the platform, not the zone.
            return PlatformRefuses(key.Algorithm);
        }

        return verified
            ? SignatureResult.Valid
            : new SignatureResult(SignatureStatus.BadSignature, $"The {DnssecAlgorithms.Name(key.Algorithm)} signature by key {keyTag} does not match the RRset.");
    }

    private static SignatureResult PlatformRefuses(byte algorithm) => SignatureResult.UnsupportedAlgorithm(
        algorithm, $"Algorithm {algorithm} ({DnssecAlgorithms.Name(algorithm)}) is unsupported by this platform: its crypto library refuses RSA/SHA-1 signatures.");
}
