using System.Security.Cryptography;
using Dnscert.Dns;
using Dnscert.Dns.Dnssec;
using Dnscert.Dns.Records;
using NSec.Cryptography;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Security;

namespace Dnscert.UnitTests.Dns.Dnssec;

/// <summary>
/// A freshly generated key for one algorithm that signs RRsets the way a zone signer does, so the verifier is
/// exercised on every algorithm without fixture files. Signing goes through the same libraries' private-key
/// side, and the RFC vectors and BIND-signed zones (integration tests) keep it honest.
/// </summary>
internal sealed class TestSigner : IDisposable
{
    private readonly Func<byte[], byte[]> _sign;
    private readonly IDisposable? _owned;

    private TestSigner(DomainName zone, byte algorithm, byte[] publicKey, Func<byte[], byte[]> sign, IDisposable? owned, ushort flags)
    {
        Zone = zone;
        Key = new DnskeyRecordData(RRType.DNSKEY, flags, 3, algorithm, publicKey);
        _sign = sign;
        _owned = owned;
    }

    public DomainName Zone { get; }

    public DnskeyRecordData Key { get; }

    public static TestSigner Create(byte algorithm, string zone = "example.", ushort flags = 257)
    {
        var name = DomainName.Parse(zone);
        switch (algorithm)
        {
            case DnssecAlgorithms.RsaSha1 or DnssecAlgorithms.RsaSha1Nsec3Sha1 or DnssecAlgorithms.RsaSha256 or DnssecAlgorithms.RsaSha512:
                {
                    var rsa = RSA.Create(1024);
                    var p = rsa.ExportParameters(false);
                    byte[] key = [(byte)p.Exponent!.Length, .. p.Exponent, .. p.Modulus!];
                    var hash = algorithm switch
                    {
                        DnssecAlgorithms.RsaSha256 => HashAlgorithmName.SHA256,
                        DnssecAlgorithms.RsaSha512 => HashAlgorithmName.SHA512,
                        _ => HashAlgorithmName.SHA1,
                    };
                    return new TestSigner(name, algorithm, key, d => rsa.SignData(d, hash, RSASignaturePadding.Pkcs1), rsa, flags);
                }

            case DnssecAlgorithms.EcdsaP256Sha256 or DnssecAlgorithms.EcdsaP384Sha384:
                {
                    var p256 = algorithm == DnssecAlgorithms.EcdsaP256Sha256;
                    var ecdsa = ECDsa.Create(p256 ? ECCurve.NamedCurves.nistP256 : ECCurve.NamedCurves.nistP384);
                    var q = ecdsa.ExportParameters(false).Q;
                    var hash = p256 ? HashAlgorithmName.SHA256 : HashAlgorithmName.SHA384;
                    return new TestSigner(name, algorithm, [.. q.X!, .. q.Y!], d => ecdsa.SignData(d, hash), ecdsa, flags);
                }

            case DnssecAlgorithms.Ed25519:
                {
                    var key = NSec.Cryptography.Key.Create(SignatureAlgorithm.Ed25519);
                    return new TestSigner(name, algorithm, key.PublicKey.Export(KeyBlobFormat.RawPublicKey), d => SignatureAlgorithm.Ed25519.Sign(key, d), key, flags);
                }

            case DnssecAlgorithms.Ed448:
                {
                    var key = new Ed448PrivateKeyParameters(new SecureRandom());
                    return new TestSigner(name, algorithm, key.GeneratePublicKey().GetEncoded(), d => SignEd448(key, d), null, flags);
                }

            default:
                throw new ArgumentOutOfRangeException(nameof(algorithm));
        }
    }

    public static byte[] SignEd448(Ed448PrivateKeyParameters key, byte[] data)
    {
        var signer = new Ed448Signer([]);
        signer.Init(true, key);
        signer.BlockUpdate(data, 0, data.Length);
        return signer.GenerateSignature();
    }

    /// <summary>Signs <paramref name="rrset"/> valid from <paramref name="inception"/> to <paramref name="expiration"/>.</summary>
    public RrsigRecordData Sign(Rrset rrset, DateTimeOffset inception, DateTimeOffset expiration, byte? labels = null)
    {
        var unsigned = Template(rrset, inception, expiration, labels);
        var signature = _sign(CanonicalForm.SignedData(rrset, unsigned));
        return With(unsigned, signature);
    }

    public RrsigRecordData Template(Rrset rrset, DateTimeOffset inception, DateTimeOffset expiration, byte? labels = null)
    {
        var count = rrset.Owner.LabelCount - (rrset.Owner.GetLabel(0) is [(byte)'*'] ? 1 : 0);
        return new RrsigRecordData(
            rrset.Type, Key.Algorithm, labels ?? (byte)count, rrset.Ttl, SerialTime.FromDateTimeOffset(expiration),
            SerialTime.FromDateTimeOffset(inception), DnssecKeyTag.Compute(Key), Zone, ReadOnlyMemory<byte>.Empty);
    }

    public static RrsigRecordData With(RrsigRecordData r, ReadOnlyMemory<byte> signature) =>
        new(r.TypeCovered, r.Algorithm, r.Labels, r.OriginalTtl, r.Expiration, r.Inception, r.KeyTag, r.Signer, signature);

    public void Dispose() => _owned?.Dispose();
}
