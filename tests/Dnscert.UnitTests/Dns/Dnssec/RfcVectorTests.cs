using Dnscert.Dns;
using Dnscert.Dns.Dnssec;
using Dnscert.Dns.Records;
using NSec.Cryptography;
using Org.BouncyCastle.Crypto.Parameters;

namespace Dnscert.UnitTests.Dns.Dnssec;

/// <summary>Test vectors transcribed from the RFC texts: RFC 4034 §5.4, RFC 6605 §6, RFC 8080 §6 (with erratum 4935), RFC 5155 Appendix A/B.</summary>
public sealed class RfcVectorTests
{
    private static readonly DomainName s_exampleNet = DomainName.Parse("example.net.");
    private static readonly DomainName s_exampleCom = DomainName.Parse("example.com.");

    [Fact]
    public void Computes_the_RFC_4034_example_key_tag_and_SHA1_DS()
    {
        var key = Dnskey(256, 5, "AQOeiiR0GOMYkDshWoSKz9XzfwJr1AYtsmx3TGkJaNXVbfi/2pHm822aJ5iI9BMzNXxeYCmZDRD99WYwYqUSdjMmmAphXdvxegXd/M5+X7OrzKBaMbCVdFLUUh6DhweJBjEVv5f2wwjM9XzcnOf+EPbtG9DMBmADjFDc2w/rljwvFw==");
        var owner = DomainName.Parse("dskey.example.com.");
        Assert.Equal(60485, DnssecKeyTag.Compute(key));
        var ds = new DsRecordData(RRType.DS, 60485, 5, 1, Convert.FromHexString("2BB183AF5F22588179A53B0A98631FAD1A292118"));
        Assert.Equal(DsMatch.Match, DsDigest.Match(ds, owner, key));
        Assert.Equal(DsMatch.Match, DsDigest.Match(ds, DomainName.Parse("DSKEY.Example.COM."), key));
        Assert.Equal(DsMatch.DigestDiffers, DsDigest.Match(ds, DomainName.Parse("other.example.com."), key));
    }

    [Fact]
    public void Verifies_the_RFC_6605_P256_example_and_its_SHA256_DS()
    {
        var key = Dnskey(257, 13, "GojIhhXUN/u4v54ZQqGSnyhWJwaubCvTmeexv7bR6edbkrSqQpF64cYbcB7wNcP+e+MAnLr+Wi9xMWyQLc8NAA==");
        Assert.Equal(55648, DnssecKeyTag.Compute(key));
        var ds = new DsRecordData(RRType.DS, 55648, 13, 2, Convert.FromHexString("b4c8c1fe2e7477127b27115656ad6256f424625bf5c1e2770ce6d6e37df61d17"));
        Assert.Equal(DsMatch.Match, DsDigest.Match(ds, s_exampleNet, key));

        var rrsig = Rrsig(RRType.A, 13, 3, "20100909100439", "20100812100439", 55648, "example.net.", "qx6wLYqmh+l9oCKTN6qIc+bw6ya+KJ8oMz0YP107epXAyGmt+3SNruPFKG7tZoLBLlUzGGus7ZwmwWep666VCw==");
        var result = new RrsigVerifier().Verify(WwwA("192.0.2.1"), rrsig, key, s_exampleNet, At("20100820000000"));
        Assert.Equal(SignatureStatus.Valid, result.Status);
        Assert.Equal(SignatureStatus.BadSignature, new RrsigVerifier().Verify(WwwA("192.0.2.2"), rrsig, key, s_exampleNet, At("20100820000000")).Status);
    }

    [Fact]
    public void Verifies_the_RFC_6605_P384_example_and_its_SHA384_DS()
    {
        var key = Dnskey(257, 14, "xKYaNhWdGOfJ+nPrL8/arkwf2EY3MDJ+SErKivBVSum1w/egsXvSADtNJhyem5RCOpgQ6K8X1DRSEkrbYQ+OB+v8/uX45NBwY8rp65F6Glur8I/mlVNgF6W/qTI37m40");
        Assert.Equal(10771, DnssecKeyTag.Compute(key));
        var ds = new DsRecordData(RRType.DS, 10771, 14, 4, Convert.FromHexString("72d7b62976ce06438e9c0bf319013cf801f09ecc84b8d7e9495f27e305c6a9b0563a9b5f4d288405c3008a946df983d6"));
        Assert.Equal(DsMatch.Match, DsDigest.Match(ds, s_exampleNet, key));

        var rrsig = Rrsig(RRType.A, 14, 3, "20100909102025", "20100812102025", 10771, "example.net.", "/L5hDKIvGDyI1fcARX3z65qrmPsVz73QD1Mr5CEqOiLP95hxQouuroGCeZOvzFaxsT8Glr74hbavRKayJNuydCuzWTSSPdz7wnqXL5bdcJzusdnI0RSMROxxwGipWcJm");
        Assert.Equal(SignatureStatus.Valid, new RrsigVerifier().Verify(WwwA("192.0.2.1"), rrsig, key, s_exampleNet, At("20100820000000")).Status);
    }

    [Theory]
    [InlineData("ODIyNjAzODQ2MjgwODAxMjI2NDUxOTAyMDQxNDIyNjI=", "l02Woi0iS8Aa25FQkUd9RMzZHJpBoRQwAQEX1SxZJA4=", 3613,
        "3aa5ab37efce57f737fc1627013fee07bdf241bd10f3b1964ab55c78e79a304b",
        "oL9krJun7xfBOIWcGHi7mag5/hdZrKWw15jPGrHpjQeRAvTdszaPD+QLs3fx8A4M3e23mRZ9VrbpMngwcrqNAg==")]
    [InlineData("DSSF3o0s0f+ElWzj9E/Osxw8hLpk55chkmx0LYN5WiY=", "zPnZ/QwEe7S8C5SPz2OfS5RR40ATk2/rYnE9xHIEijs=", 35217,
        "401781b934e392de492ec77ae2e15d70f6575a1c0bc59c5275c04ebe80c6614c",
        "zXQ0bkYgQTEFyfLyi9QoiY6D8ZdYo4wyUhVioYZXFdT410QPRITQSqJSnzQoSm5poJ7gD7AQR0O7KuI5k2pcBg==")]
    public void Verifies_the_RFC_8080_Ed25519_examples_as_corrected_by_erratum_4935(string privateKey, string publicKey, int tag, string dsDigest, string signature)
    {
        // The RFC's private seed must give its public key: this checks our transcription of both.
        using (var seed = Key.Import(SignatureAlgorithm.Ed25519, Convert.FromBase64String(privateKey), KeyBlobFormat.RawPrivateKey))
        {
            Assert.Equal(publicKey, Convert.ToBase64String(seed.PublicKey.Export(KeyBlobFormat.RawPublicKey)));
        }

        var key = Dnskey(257, 15, publicKey);
        Assert.Equal(tag, DnssecKeyTag.Compute(key));
        Assert.Equal(DsMatch.Match, DsDigest.Match(new DsRecordData(RRType.DS, (ushort)tag, 15, 2, Convert.FromHexString(dsDigest)), s_exampleCom, key));

        // Erratum 4935: Labels is 2 (the RFC printed 3) and the times are the decimal forms.
        var rrsig = new RrsigRecordData(RRType.MX, 15, 2, 3600, 1440021600, 1438207200, (ushort)tag, s_exampleCom, Convert.FromBase64String(signature));
        var mx = new Rrset(s_exampleCom, RRType.MX, RRClass.IN, 3600, [new MxRecordData(10, DomainName.Parse("mail.example.com."))]);
        Assert.Equal(SignatureStatus.Valid, new RrsigVerifier().Verify(mx, rrsig, key, s_exampleCom, DateTimeOffset.FromUnixTimeSeconds(1439000000)).Status);
    }

    [Fact]
    public void Verifies_an_Ed448_signature_made_with_the_RFC_8080_example_private_key()
    {
        var privateKey = new Ed448PrivateKeyParameters(Convert.FromBase64String("xZ+5Cgm463xugtkY5B0Jx6erFTXp13rYegst0qRtNsOYnaVpMx0Z/c5EiA9x8wWbDDct/U3FhYWA"));
        var publicKey = privateKey.GeneratePublicKey().GetEncoded();
        Assert.Equal("3kgROaDjrh0H2iuixWBrc8g2EpBBLCdGzHmn+G2MpTPhpj/OiBVHHSfPodx1FYYUcJKm1MDpJtIA", Convert.ToBase64String(publicKey));

        var key = new DnskeyRecordData(RRType.DNSKEY, 257, 3, 16, publicKey);
        var mx = new Rrset(s_exampleCom, RRType.MX, RRClass.IN, 3600, [new MxRecordData(10, DomainName.Parse("mail.example.com."))]);
        var unsigned = new RrsigRecordData(RRType.MX, 16, 2, 3600, 1440021600, 1438207200, DnssecKeyTag.Compute(key), s_exampleCom, ReadOnlyMemory<byte>.Empty);
        var rrsig = TestSigner.With(unsigned, TestSigner.SignEd448(privateKey, CanonicalForm.SignedData(mx, unsigned)));
        Assert.Equal(SignatureStatus.Valid, new RrsigVerifier().Verify(mx, rrsig, key, s_exampleCom, DateTimeOffset.FromUnixTimeSeconds(1439000000)).Status);
    }

    [Theory]
    [InlineData("example.", "0p9mhaveqvm6t7vbl5lop2u3t2rp3tom")]
    [InlineData("a.example.", "35mthgpgcu1qg68fab165klnsnk3dpvl")]
    [InlineData("ai.example.", "gjeqe526plbf1g8mklp59enfd789njgi")]
    [InlineData("ns1.example.", "2t7b4g4vsa5smi47k61mv5bv1a22bojr")]
    [InlineData("ns2.example.", "q04jkcevqvmu85r014c7dkba38o0ji5r")]
    [InlineData("w.example.", "k8udemvp1j2f7eg6jebps17vp3n8i58h")]
    [InlineData("*.w.example.", "r53bq7cc2uvmubfu5ocmm6pers9tk9en")]
    [InlineData("x.w.example.", "b4um86eghhds6nea196smvmlo4ors995")]
    [InlineData("y.w.example.", "ji6neoaepv8b5o6k4ev33abha8ht9fgc")]
    [InlineData("x.y.w.example.", "2vptu5timamqttgl4luu9kg21e0aor3s")]
    [InlineData("xx.example.", "t644ebqk9bibcna874givr6joj62mlhv")]
    [InlineData("XX.Example.", "t644ebqk9bibcna874givr6joj62mlhv")]
    public void Hashes_the_RFC_5155_Appendix_A_names_with_salt_aabbccdd_and_12_iterations(string name, string expected)
    {
        Assert.Equal(expected, Nsec3Hash.ComputeLabel(DomainName.Parse(name), 12, Convert.FromHexString("aabbccdd")));
        Assert.True(Base32Hex.TryDecode(System.Text.Encoding.ASCII.GetBytes(expected.ToUpperInvariant()), out var decoded));
        Assert.Equal(expected, Base32Hex.Encode(decoded));
    }

    internal static DnskeyRecordData Dnskey(ushort flags, byte algorithm, string base64) =>
        new(RRType.DNSKEY, flags, 3, algorithm, Convert.FromBase64String(base64));

    private static Rrset WwwA(string address) =>
        new(DomainName.Parse("www.example.net."), RRType.A, RRClass.IN, 3600, [new AddressRecordData(System.Net.IPAddress.Parse(address))]);

    private static RrsigRecordData Rrsig(RRType covered, byte algorithm, byte labels, string expiration, string inception, ushort tag, string signer, string signature) =>
        new(covered, algorithm, labels, 3600, SerialTime.FromDateTimeOffset(At(expiration)), SerialTime.FromDateTimeOffset(At(inception)), tag, DomainName.Parse(signer), Convert.FromBase64String(signature));

    private static DateTimeOffset At(string yyyymmddhhmmss) => DateTimeOffset.ParseExact(
        yyyymmddhhmmss, "yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal);
}
