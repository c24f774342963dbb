using System.Security.Cryptography;

namespace Dnscert.Dns.Dnssec;

/// <summary>The NSEC3 owner hash of RFC 5155 §5: IH(salt, x, 0) = H(x || salt), IH(salt, x, k) = H(IH(salt, x, k-1) || salt).</summary>
public static class Nsec3Hash
{
    /// <summary>Hash algorithm 1, the only one defined (RFC 5155 §11).</summary>
    public const byte Sha1 = 1;

    public static bool IsSupported(byte hashAlgorithm) => hashAlgorithm == Sha1;

    /// <summary>The hash of the lower-cased wire form of <paramref name="name"/>, 20 octets; throws for any algorithm but 1.</summary>
    public static byte[] Compute(DomainName name, byte hashAlgorithm, ushort iterations, ReadOnlySpan<byte> salt)
    {
        if (!IsSupported(hashAlgorithm))
        {
            throw new ArgumentOutOfRangeException(nameof(hashAlgorithm), hashAlgorithm, "Only NSEC3 hash algorithm 1 (SHA-1) is defined.");
        }

        var owner = CanonicalForm.Owner(name);
        var buffer = new byte[Math.Max(owner.Length, SHA1.HashSizeInBytes) + salt.Length];
        owner.CopyTo(buffer, 0);
        salt.CopyTo(buffer.AsSpan(owner.Length));
        var hash = new byte[SHA1.HashSizeInBytes];
#pragma warning disable CA5350 // NSEC3 hash algorithm 1 is SHA-1 by definition (RFC 5155 §5); it is not used for security here.
        SHA1.HashData(buffer.AsSpan(0, owner.Length + salt.Length), hash);
        for (var i = 0; i < iterations; i++)
        {
            hash.CopyTo(buffer, 0);
            salt.CopyTo(buffer.AsSpan(hash.Length));
            SHA1.HashData(buffer.AsSpan(0, hash.Length + salt.Length), hash);
        }
#pragma warning restore CA5350

        return hash;
    }

    /// <summary>The hashed owner label in lower-case base32hex, as it appears in an NSEC3 owner name.</summary>
    public static string ComputeLabel(DomainName name, ushort iterations, ReadOnlySpan<byte> salt) =>
        Base32Hex.Encode(Compute(name, Sha1, iterations, salt));

    /// <summary>
    /// True when <paramref name="hash"/> falls strictly between an NSEC3's owner hash and its next hash, in hash
    /// order; the last NSEC3 of the chain wraps around to the first (RFC 5155 §8.3).
    /// </summary>
    public static bool Covers(ReadOnlySpan<byte> ownerHash, ReadOnlySpan<byte> nextHash, ReadOnlySpan<byte> hash)
    {
        var afterOwner = hash.SequenceCompareTo(ownerHash) > 0;
        var beforeNext = hash.SequenceCompareTo(nextHash) < 0;
        return ownerHash.SequenceCompareTo(nextHash) < 0 ? afterOwner && beforeNext : afterOwner || beforeNext;
    }
}
