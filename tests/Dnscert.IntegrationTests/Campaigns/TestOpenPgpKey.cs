using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;

namespace Dnscert.IntegrationTests.Campaigns;

/// <summary>A throw-away RSA-2048 OpenPGP key made in the test with BouncyCastle: its armoured secret and public key rings.</summary>
public sealed record TestOpenPgpKey(string ArmoredSecret, string ArmoredPublic, string Passphrase)
{
    public static TestOpenPgpKey Create(string passphrase)
    {
        var random = new SecureRandom();
        var generator = new RsaKeyPairGenerator();
        generator.Init(new RsaKeyGenerationParameters(BigInteger.ValueOf(0x10001), random, 2048, 80));
        // Created a minute ago so a signature made at once is never "made before the key" for gpg.
        var pair = new PgpKeyPair(PublicKeyAlgorithmTag.RsaGeneral, generator.GenerateKeyPair(), TimeProvider.System.GetUtcNow().UtcDateTime.AddMinutes(-1));
        var flags = new PgpSignatureSubpacketGenerator();
        flags.SetKeyFlags(false, PgpKeyFlags.CanSign | PgpKeyFlags.CanCertify);
        var rings = new PgpKeyRingGenerator(
            PgpSignature.PositiveCertification, pair, "dnscert test instance <dnscert@localhost>", SymmetricKeyAlgorithmTag.Aes256, HashAlgorithmTag.Sha256,
            passphrase.ToCharArray(), true, flags.Generate(), null, random);
        return new TestOpenPgpKey(Armor(rings.GenerateSecretKeyRing().Encode), Armor(rings.GeneratePublicKeyRing().Encode), passphrase);
    }

    private static string Armor(Action<Stream> encode)
    {
        using var buffer = new MemoryStream();
        using (var armor = new ArmoredOutputStream(buffer))
        {
            encode(armor);
        }

        return System.Text.Encoding.ASCII.GetString(buffer.ToArray());
    }
}
