using System.Net;
using Dnscert.Dns;
using Dnscert.Dns.Dnssec;
using Dnscert.Dns.Records;

namespace Dnscert.UnitTests.Dns.Dnssec;

public sealed class RrsigVerifierTests
{
    private static readonly DateTimeOffset s_now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
    private static readonly DomainName s_zone = DomainName.Parse("example.");

    public static TheoryData<byte> Algorithms => [8, 10, 13, 14, 15, 16];

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Accepts_a_fresh_signature_and_reports_a_flipped_byte_as_BadSignature(byte algorithm)
    {
        using var signer = TestSigner.Create(algorithm);
        var rrset = ARecords("www.example.", "192.0.2.1", "192.0.2.2");
        var rrsig = signer.Sign(rrset, s_now.AddDays(-1), s_now.AddDays(1));
        var verifier = new RrsigVerifier();
        Assert.Equal(SignatureResult.Valid, verifier.Verify(rrset, rrsig, signer.Key, s_zone, s_now));

        var changed = ARecords("www.example.", "192.0.2.1", "192.0.2.3");
        Assert.Equal(SignatureStatus.BadSignature, verifier.Verify(changed, rrsig, signer.Key, s_zone, s_now).Status);

        var signature = rrsig.Signature.ToArray();
        signature[signature.Length / 2] ^= 0x01;
        Assert.Equal(SignatureStatus.BadSignature, verifier.Verify(rrset, TestSigner.With(rrsig, signature), signer.Key, s_zone, s_now).Status);
    }

    [Fact]
    public void Ignores_owner_case_record_order_and_duplicates()
    {
        using var signer = TestSigner.Create(13);
        var rrsig = signer.Sign(ARecords("www.example.", "192.0.2.1", "192.0.2.2"), s_now.AddDays(-1), s_now.AddDays(1));
        var shuffled = ARecords("WWW.Example.", "192.0.2.2", "192.0.2.1", "192.0.2.2");
        Assert.True(new RrsigVerifier().Verify(shuffled, rrsig, signer.Key, s_zone, s_now).IsValid);
    }

    [Fact]
    public void Verifies_a_wildcard_expansion_through_the_labels_field()
    {
        using var signer = TestSigner.Create(15);
        var wildcard = ARecords("*.w.example.", "192.0.2.9");
        var rrsig = signer.Sign(wildcard, s_now.AddDays(-1), s_now.AddDays(1));
        Assert.Equal(2, rrsig.Labels);
        var expanded = ARecords("a.b.w.example.", "192.0.2.9");
        Assert.True(new RrsigVerifier().Verify(expanded, rrsig, signer.Key, s_zone, s_now).IsValid);
    }

    [Fact]
    public void Reports_expiration_and_inception_with_their_times()
    {
        using var signer = TestSigner.Create(15);
        var rrset = ARecords("www.example.", "192.0.2.1");
        var expiredAt = s_now.AddHours(-1);
        var expired = new RrsigVerifier().Verify(rrset, signer.Sign(rrset, s_now.AddDays(-30), expiredAt), signer.Key, s_zone, s_now);
        Assert.Equal(SignatureStatus.Expired, expired.Status);
        Assert.Equal(expiredAt, expired.Time);

        var startsAt = s_now.AddHours(2);
        var early = new RrsigVerifier().Verify(rrset, signer.Sign(rrset, startsAt, s_now.AddDays(30)), signer.Key, s_zone, s_now);
        Assert.Equal(SignatureStatus.NotYetValid, early.Status);
        Assert.Equal(startsAt, early.Time);
    }

    [Fact]
    public void Compares_times_with_serial_arithmetic_across_the_2106_wrap()
    {
        // 2106-02-07 06:28:16 UTC is 2^32 seconds: the 32-bit field wraps to small numbers just after it.
        var beforeWrap = DateTimeOffset.FromUnixTimeSeconds(uint.MaxValue - 100);
        var afterWrap = beforeWrap.AddSeconds(3600);
        Assert.True(SerialTime.FromDateTimeOffset(afterWrap) < SerialTime.FromDateTimeOffset(beforeWrap));
        Assert.True(SerialTime.Compare(SerialTime.FromDateTimeOffset(afterWrap), SerialTime.FromDateTimeOffset(beforeWrap)) > 0);

        using var signer = TestSigner.Create(15);
        var rrset = ARecords("www.example.", "192.0.2.1");
        var rrsig = signer.Sign(rrset, beforeWrap, afterWrap);
        Assert.True(new RrsigVerifier().Verify(rrset, rrsig, signer.Key, s_zone, beforeWrap.AddSeconds(1800)).IsValid);
        var late = new RrsigVerifier().Verify(rrset, rrsig, signer.Key, s_zone, afterWrap.AddSeconds(1));
        Assert.Equal(SignatureStatus.Expired, late.Status);
        Assert.Equal(afterWrap, late.Time);
    }

    [Fact]
    public void Names_each_structural_mismatch()
    {
        using var signer = TestSigner.Create(13);
        using var other = TestSigner.Create(15);
        var rrset = ARecords("www.example.", "192.0.2.1");
        var rrsig = signer.Sign(rrset, s_now.AddDays(-1), s_now.AddDays(1));
        var verifier = new RrsigVerifier();

        Assert.Equal(SignatureStatus.AlgorithmMismatch, verifier.Verify(rrset, rrsig, other.Key, s_zone, s_now).Status);
        using var sameAlgorithm = TestSigner.Create(13);
        Assert.Equal(SignatureStatus.KeyTagMismatch, verifier.Verify(rrset, rrsig, sameAlgorithm.Key, s_zone, s_now).Status);
        Assert.Equal(SignatureStatus.SignerNotZone, verifier.Verify(rrset, rrsig, signer.Key, DomainName.Parse("other."), s_now).Status);
        var outside = ARecords("www.elsewhere.", "192.0.2.1");
        Assert.Equal(SignatureStatus.SignerNotZone, verifier.Verify(outside, rrsig, signer.Key, s_zone, s_now).Status);
        var tooMany = new RrsigRecordData(rrsig.TypeCovered, rrsig.Algorithm, 3, rrsig.OriginalTtl, rrsig.Expiration, rrsig.Inception, rrsig.KeyTag, rrsig.Signer, rrsig.Signature);
        Assert.Equal(SignatureStatus.LabelsMismatch, verifier.Verify(rrset, tooMany, signer.Key, s_zone, s_now).Status);
    }

    [Fact]
    public void Reports_unusable_keys_as_MalformedKey_and_unknown_algorithms_as_UnsupportedAlgorithm()
    {
        var rrset = ARecords("www.example.", "192.0.2.1");
        var verifier = new RrsigVerifier();
        SignatureResult Result(DnskeyRecordData key)
        {
            var rrsig = new RrsigRecordData(RRType.A, key.Algorithm, 2, 300, SerialTime.FromDateTimeOffset(s_now.AddDays(1)),
                SerialTime.FromDateTimeOffset(s_now.AddDays(-1)), DnssecKeyTag.Compute(key), s_zone, new byte[64]);
            return verifier.Verify(rrset, rrsig, key, s_zone, s_now);
        }

        SignatureStatus Check(DnskeyRecordData key) => Result(key).Status;

        Assert.Equal(SignatureStatus.MalformedKey, Check(new DnskeyRecordData(RRType.DNSKEY, 257, 3, 15, new byte[31])));
        Assert.Equal(SignatureStatus.MalformedKey, Check(new DnskeyRecordData(RRType.DNSKEY, 257, 3, 13, new byte[64])));
        Assert.Equal(SignatureStatus.MalformedKey, Check(new DnskeyRecordData(RRType.DNSKEY, 257, 3, 8, new byte[] { 3, 1, 0, 1, 0xC5 })));
        Assert.Equal(SignatureStatus.MalformedKey, Check(new DnskeyRecordData(RRType.DNSKEY, 257, 3, 16, new byte[56])));
        using var signer = TestSigner.Create(15);
        Assert.Equal(SignatureStatus.MalformedKey, Check(new DnskeyRecordData(RRType.DNSKEY, 1, 3, 15, signer.Key.PublicKey)));
        Assert.Equal(SignatureStatus.MalformedKey, Check(new DnskeyRecordData(RRType.DNSKEY, 257, 2, 15, signer.Key.PublicKey)));

        Assert.Equal(SignatureStatus.UnsupportedAlgorithm, Check(new DnskeyRecordData(RRType.DNSKEY, 257, 3, 3, new byte[64])));
        var gost = Result(new DnskeyRecordData(RRType.DNSKEY, 257, 3, 12, new byte[64]));
        Assert.Equal(SignatureStatus.UnsupportedAlgorithm, gost.Status);
        Assert.Equal((byte)12, gost.Algorithm);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(7)]
    public void Verifies_RSA_SHA1_or_says_the_platform_refuses_it(byte algorithm)
    {
        using var signer = TestSigner.Create(DnssecAlgorithms.RsaSha256);
        var rrset = ARecords("www.example.", "192.0.2.1");
        if (!DnssecAlgorithms.IsSupportedByPlatform(algorithm))
        {
            var key = new DnskeyRecordData(RRType.DNSKEY, 257, 3, algorithm, signer.Key.PublicKey);
            var rrsig = TestSigner.With(signer.Template(rrset, s_now.AddDays(-1), s_now.AddDays(1)), new byte[128]);
            rrsig = new RrsigRecordData(rrsig.TypeCovered, algorithm, rrsig.Labels, rrsig.OriginalTtl, rrsig.Expiration, rrsig.Inception, DnssecKeyTag.Compute(key), rrsig.Signer, rrsig.Signature);
            var refused = new RrsigVerifier().Verify(rrset, rrsig, key, s_zone, s_now);
            Assert.Equal(SignatureStatus.UnsupportedAlgorithm, refused.Status);
            Assert.Contains("unsupported by this platform", refused.Detail, StringComparison.Ordinal);
            return;
        }

        using var sha1 = TestSigner.Create(algorithm);
        var signed = sha1.Sign(rrset, s_now.AddDays(-1), s_now.AddDays(1));
        Assert.True(new RrsigVerifier().Verify(rrset, signed, sha1.Key, s_zone, s_now).IsValid);
    }

    [Fact]
    public void Imports_each_key_once()
    {
        using var signer = TestSigner.Create(8);
        var rrset = ARecords("www.example.", "192.0.2.1");
        var rrsig = signer.Sign(rrset, s_now.AddDays(-1), s_now.AddDays(1));
        using var cache = new DnssecKeyCache();
        var verifier = new RrsigVerifier(cache);
        for (var i = 0; i < 5; i++)
        {
            Assert.True(verifier.Verify(rrset, rrsig, signer.Key, s_zone, s_now).IsValid);
        }

        Assert.Equal(1, cache.Imports);
        Assert.Equal(1, cache.Count);
    }

    internal static Rrset ARecords(string owner, params string[] addresses) =>
        new(DomainName.Parse(owner), RRType.A, RRClass.IN, 300, [.. addresses.Select(a => (RecordData)new AddressRecordData(IPAddress.Parse(a)))]);
}
