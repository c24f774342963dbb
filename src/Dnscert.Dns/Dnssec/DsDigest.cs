using System.Security.Cryptography;
using Dnscert.Dns.Records;

namespace Dnscert.Dns.Dnssec;

/// <summary>DS digests (RFC 4034 §5.1.4, RFC 4509, RFC 6605): hash of the lower-cased owner name followed by the DNSKEY RDATA.</summary>
public static class DsDigest
{
    public const byte Sha1 = 1;
    public const byte Sha256 = 2;
    public const byte Sha384 = 4;

    public static bool IsSupported(byte digestType) => digestType is Sha1 or Sha256 or Sha384;

    /// <summary>The digest of <paramref name="key"/> published at <paramref name="owner"/>; false for an unsupported digest type.</summary>
    public static bool TryCompute(DomainName owner, DnskeyRecordData key, byte digestType, out byte[] digest)
    {
        ArgumentNullException.ThrowIfNull(key);
        var name = CanonicalForm.Owner(owner);
        var rdata = CanonicalRdata.Write(key);
        var input = new byte[name.Length + rdata.Length];
        name.CopyTo(input, 0);
        rdata.CopyTo(input, name.Length);
#pragma warning disable CA5350 // Digest type 1 is SHA-1 by definition (RFC 4034 §5.1.3); DS records in the wild use it.
        digest = digestType switch
        {
            Sha1 => SHA1.HashData(input),
            Sha256 => SHA256.HashData(input),
            Sha384 => SHA384.HashData(input),
            _ => [],
        };
#pragma warning restore CA5350
        return digest.Length > 0;
    }

    /// <summary>A DS record for <paramref name="key"/>, as <c>dnssec-dsfromkey</c> would produce it.</summary>
    public static DsRecordData Create(DomainName owner, DnskeyRecordData key, byte digestType)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!TryCompute(owner, key, digestType, out var digest))
        {
            throw new ArgumentOutOfRangeException(nameof(digestType), digestType, "Digest types 1, 2 and 4 are supported.");
        }

        return new DsRecordData(RRType.DS, DnssecKeyTag.Compute(key), key.Algorithm, digestType, digest);
    }

    /// <summary>Whether <paramref name="ds"/> designates <paramref name="key"/> published at <paramref name="owner"/>.</summary>
    public static DsMatch Match(DsRecordData ds, DomainName owner, DnskeyRecordData key)
    {
        ArgumentNullException.ThrowIfNull(ds);
        ArgumentNullException.ThrowIfNull(key);
        if (ds.KeyTag != DnssecKeyTag.Compute(key))
        {
            return DsMatch.KeyTagDiffers;
        }

        if (ds.Algorithm != key.Algorithm)
        {
            return DsMatch.AlgorithmDiffers;
        }

        if (!TryCompute(owner, key, ds.DigestType, out var digest))
        {
            return DsMatch.UnsupportedDigestType;
        }

        return digest.AsSpan().SequenceEqual(ds.Digest.Span) ? DsMatch.Match : DsMatch.DigestDiffers;
    }
}
