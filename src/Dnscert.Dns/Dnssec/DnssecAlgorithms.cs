using System.Security.Cryptography;

namespace Dnscert.Dns.Dnssec;

/// <summary>
/// DNSSEC algorithm numbers (IANA registry) this layer verifies, and which library does each: RSA and ECDSA
/// through System.Security.Cryptography (OpenSSL), Ed25519 through NSec (libsodium), Ed448 through
/// BouncyCastle, because .NET 10 has no EdDSA type (shared/DNS-LIBRARIES.md §2).
/// </summary>
public static class DnssecAlgorithms
{
    public const byte RsaSha1 = 5;
    public const byte RsaSha1Nsec3Sha1 = 7;
    public const byte RsaSha256 = 8;
    public const byte RsaSha512 = 10;
    public const byte EcdsaP256Sha256 = 13;
    public const byte EcdsaP384Sha384 = 14;
    public const byte Ed25519 = 15;
    public const byte Ed448 = 16;

    private static readonly Lazy<bool> s_sha1Allowed = new(ProbeRsaSha1);

    /// <summary>True for the algorithms implemented here (5, 7, 8, 10, 13, 14, 15, 16).</summary>
    public static bool IsImplemented(byte algorithm) =>
        algorithm is RsaSha1 or RsaSha1Nsec3Sha1 or RsaSha256 or RsaSha512 or EcdsaP256Sha256 or EcdsaP384Sha384 or Ed25519 or Ed448;

    /// <summary>Implemented, and the platform lets it run: OpenSSL policies (e.g. RHEL 9's DEFAULT) may refuse RSA/SHA-1.</summary>
    public static bool IsSupportedByPlatform(byte algorithm) =>
        IsImplemented(algorithm) && (algorithm is not (RsaSha1 or RsaSha1Nsec3Sha1) || s_sha1Allowed.Value);

    public static string Name(byte algorithm) => algorithm switch
    {
        1 => "RSAMD5",
        3 => "DSA",
        RsaSha1 => "RSASHA1",
        6 => "DSA-NSEC3-SHA1",
        RsaSha1Nsec3Sha1 => "RSASHA1-NSEC3-SHA1",
        RsaSha256 => "RSASHA256",
        RsaSha512 => "RSASHA512",
        12 => "ECC-GOST",
        EcdsaP256Sha256 => "ECDSAP256SHA256",
        EcdsaP384Sha384 => "ECDSAP384SHA384",
        Ed25519 => "ED25519",
        Ed448 => "ED448",
        _ => "ALG" + algorithm.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    // One sign/verify round with a throwaway key: the only reliable way to learn whether the loaded OpenSSL
    // policy permits SHA-1 signatures, since the refusal surfaces as an exception at use time.
    private static bool ProbeRsaSha1()
    {
        try
        {
            using var rsa = RSA.Create(1024);
            byte[] data = [1, 2, 3];
            var signature = rsa.SignData(data, HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1);
            return rsa.VerifyData(data, signature, HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
