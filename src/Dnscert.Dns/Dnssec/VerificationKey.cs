using System.Security.Cryptography;
using Dnscert.Dns.Records;
using NSec.Cryptography;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace Dnscert.Dns.Dnssec;

/// <summary>
/// A DNSKEY public key imported once into the library that verifies its algorithm, or the reason it could not
/// be. Import is the expensive step (RSA parsing, EC point validation), so <see cref="DnssecKeyCache"/> keeps these.
/// </summary>
internal abstract class VerificationKey : IDisposable
{
    /// <summary>Null when usable; otherwise why not, with <see cref="Unsupported"/> telling which status applies.</summary>
    public string? Problem { get; protected init; }

    public bool Unsupported { get; protected init; }

    public static VerificationKey Import(DnskeyRecordData key)
    {
        var bytes = key.PublicKey.Span;
        return key.Algorithm switch
        {
            DnssecAlgorithms.RsaSha1 or DnssecAlgorithms.RsaSha1Nsec3Sha1 => RsaKey.Import(bytes, HashAlgorithmName.SHA1),
            DnssecAlgorithms.RsaSha256 => RsaKey.Import(bytes, HashAlgorithmName.SHA256),
            DnssecAlgorithms.RsaSha512 => RsaKey.Import(bytes, HashAlgorithmName.SHA512),
            DnssecAlgorithms.EcdsaP256Sha256 => EcdsaKey.Import(bytes, ECCurve.NamedCurves.nistP256, HashAlgorithmName.SHA256, 32),
            DnssecAlgorithms.EcdsaP384Sha384 => EcdsaKey.Import(bytes, ECCurve.NamedCurves.nistP384, HashAlgorithmName.SHA384, 48),
            DnssecAlgorithms.Ed25519 => Ed25519Key.Import(bytes),
            DnssecAlgorithms.Ed448 => Ed448Key.Import(bytes),
            _ => new FailedKey($"Algorithm {key.Algorithm} ({DnssecAlgorithms.Name(key.Algorithm)}) is not implemented.", unsupported: true),
        };
    }

    /// <summary>True when <paramref name="signature"/> is a signature of <paramref name="data"/>; throws only CryptographicException from the platform.</summary>
    public abstract bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature);

    public void Dispose() => ReleaseKey();

    /// <summary>Frees the platform key object, if the library holds one.</summary>
    protected virtual void ReleaseKey()
    {
    }
}

internal sealed class FailedKey : VerificationKey
{
    public FailedKey(string problem, bool unsupported)
    {
        Problem = problem;
        Unsupported = unsupported;
    }

    public static FailedKey Malformed(string problem) => new(problem, unsupported: false);

    public override bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature) => false;
}

internal sealed class RsaKey : VerificationKey
{
    private readonly RSA _rsa;
    private readonly HashAlgorithmName _hash;

    private RsaKey(RSA rsa, HashAlgorithmName hash, int modulusLength)
    {
        _rsa = rsa;
        _hash = hash;
        ModulusLength = modulusLength;
    }

    public int ModulusLength { get; }

    public bool UsesSha1 => _hash == HashAlgorithmName.SHA1;

    // RFC 3110 §2: a one-octet exponent length, or zero and a two-octet length, then exponent, then modulus.
    public static VerificationKey Import(ReadOnlySpan<byte> key, HashAlgorithmName hash)
    {
        if (key.Length < 3)
        {
            return FailedKey.Malformed("The RSA public key is shorter than 3 octets.");
        }

        int exponentLength = key[0];
        var position = 1;
        if (exponentLength == 0)
        {
            exponentLength = (key[1] << 8) | key[2];
            position = 3;
        }

        if (exponentLength == 0 || position + exponentLength >= key.Length)
        {
            return FailedKey.Malformed("The RSA exponent length leaves no room for a modulus.");
        }

        var exponent = key.Slice(position, exponentLength).TrimStart((byte)0);
        var modulus = key[(position + exponentLength)..].TrimStart((byte)0);
        if (exponent.IsEmpty || modulus.Length < 64)
        {
            return FailedKey.Malformed($"The RSA modulus has {modulus.Length * 8} bits; at least 512 are needed.");
        }

        var rsa = RSA.Create();
        try
        {
            rsa.ImportParameters(new RSAParameters { Exponent = exponent.ToArray(), Modulus = modulus.ToArray() });
            return new RsaKey(rsa, hash, modulus.Length);
        }
        catch (CryptographicException ex)
        {
            rsa.Dispose();
            return FailedKey.Malformed("The RSA public key was rejected on import: " + ex.Message);
        }
    }

    public override bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature) =>
        signature.Length == ModulusLength && _rsa.VerifyData(data, signature, _hash, RSASignaturePadding.Pkcs1);

    protected override void ReleaseKey() => _rsa.Dispose();
}

internal sealed class EcdsaKey : VerificationKey
{
    private readonly ECDsa _ecdsa;
    private readonly HashAlgorithmName _hash;
    private readonly int _fieldLength;

    private EcdsaKey(ECDsa ecdsa, HashAlgorithmName hash, int fieldLength)
    {
        _ecdsa = ecdsa;
        _hash = hash;
        _fieldLength = fieldLength;
    }

    // RFC 6605 §4: the key is the uncompressed point X || Y without the 0x04 prefix.
    public static VerificationKey Import(ReadOnlySpan<byte> key, ECCurve curve, HashAlgorithmName hash, int fieldLength)
    {
        if (key.Length != 2 * fieldLength)
        {
            return FailedKey.Malformed($"The ECDSA public key has {key.Length} octets; {2 * fieldLength} expected.");
        }

        try
        {
            var parameters = new ECParameters { Curve = curve, Q = new ECPoint { X = key[..fieldLength].ToArray(), Y = key[fieldLength..].ToArray() } };
            return new EcdsaKey(ECDsa.Create(parameters), hash, fieldLength);
        }
        catch (CryptographicException ex)
        {
            return FailedKey.Malformed("The ECDSA public key is not a point on the curve: " + ex.Message);
        }
    }

    // RFC 6605 §4: the signature is r || s, each left-padded to the field size, which is .NET's IEEE P1363 format.
    public override bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature) =>
        signature.Length == 2 * _fieldLength && _ecdsa.VerifyData(data, signature, _hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    protected override void ReleaseKey() => _ecdsa.Dispose();
}

internal sealed class Ed25519Key : VerificationKey
{
    private readonly PublicKey _key;

    private Ed25519Key(PublicKey key) => _key = key;

    public static VerificationKey Import(ReadOnlySpan<byte> key) =>
        PublicKey.TryImport(SignatureAlgorithm.Ed25519, key, KeyBlobFormat.RawPublicKey, out var imported) && imported is not null
            ? new Ed25519Key(imported)
            : FailedKey.Malformed($"The Ed25519 public key ({key.Length} octets) cannot be imported; 32 octets of a valid point expected.");

    public override bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature) =>
        SignatureAlgorithm.Ed25519.Verify(_key, data, signature);
}

internal sealed class Ed448Key : VerificationKey
{
    private readonly Ed448PublicKeyParameters _key;

    private Ed448Key(Ed448PublicKeyParameters key) => _key = key;

    public static VerificationKey Import(ReadOnlySpan<byte> key)
    {
        if (key.Length != Ed448PublicKeyParameters.KeySize)
        {
            return FailedKey.Malformed($"The Ed448 public key has {key.Length} octets; 57 expected.");
        }

        try
        {
            return new Ed448Key(new Ed448PublicKeyParameters(key));
        }
        catch (ArgumentException ex)
        {
            return FailedKey.Malformed("The Ed448 public key is not a valid point: " + ex.Message);
        }
    }

    // Ed448Signer keeps a message buffer, so each verification gets its own; the imported key is shared.
    // RFC 8080 §4: pure Ed448 with an empty context.
    public override bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        if (signature.Length != Ed448PublicKeyParameters.KeySize * 2)
        {
            return false;
        }

        var signer = new Ed448Signer([]);
        signer.Init(false, _key);
        signer.BlockUpdate(data);
        return signer.VerifySignature(signature.ToArray());
    }
}
