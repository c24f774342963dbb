using CsCheck;
using Dnscert.Dns;
using Dnscert.Dns.Dnssec;
using Dnscert.Dns.Records;

namespace Dnscert.UnitTests.Dns.Dnssec;

public sealed class CanonicalFormTests
{
    [Fact]
    public void Lower_cases_names_inside_MX_SOA_SRV_NAPTR_and_RRSIG_RDATA()
    {
        Assert.Equal(Wire("mail.example."), CanonicalForm.Rdata(new MxRecordData(10, DomainName.Parse("MAIL.Example.")))[2..]);
        var soa = CanonicalForm.Rdata(new SoaRecordData(DomainName.Parse("NS1.Example."), DomainName.Parse("Host\\.Master.EXAMPLE."), 1, 2, 3, 4, 5));
        Assert.Equal([.. Wire("ns1.example."), .. Wire("host\\.master.example.")], soa[..^20]);
        var srv = CanonicalForm.Rdata(new SrvRecordData(1, 2, 3, DomainName.Parse("SIP.Example.")));
        Assert.Equal(Wire("sip.example."), srv[6..]);
        var naptr = CanonicalForm.Rdata(new NaptrRecordData(1, 2, "U"u8.ToArray(), "E2U+sip"u8.ToArray(), "!^.*$!SIP:x@Y!"u8.ToArray(), DomainName.Parse("Repl.Example.")));
        Assert.Contains((byte)'U', naptr);
        Assert.Contains((byte)'Y', naptr);
        Assert.Equal(Wire("repl.example."), naptr[^Wire("repl.example.").Length..]);
        var rrsig = CanonicalForm.Rdata(new RrsigRecordData(RRType.A, 13, 2, 300, 2, 1, 7, DomainName.Parse("EXAMPLE."), new byte[] { 0x41 }));
        Assert.Equal([.. Wire("example."), 0x41], rrsig[18..]);
    }

    [Fact]
    public void Keeps_the_case_of_the_NSEC_next_name_and_of_other_RDATA()
    {
        var nsec = CanonicalForm.Rdata(new NsecRecordData(DomainName.Parse("Next.Example."), [RRType.A]));
        Assert.Equal(DomainName.Parse("Next.Example.").Wire.ToArray(), nsec[..14]);
        Assert.Equal("ABC"u8.ToArray(), CanonicalForm.Rdata(TxtRecordData.FromText("ABC"))[1..]);
    }

    [Fact]
    public void Orders_RDATA_as_unsigned_octet_strings_with_the_shorter_prefix_first()
    {
        var sorted = CanonicalForm.SortedRdata([
            TxtRecordData.FromText("b"), TxtRecordData.FromText("a", "b"), TxtRecordData.FromText("a"), TxtRecordData.FromText("\u00e9"), TxtRecordData.FromText("a"),
        ]);
        Assert.Equal(4, sorted.Count);
        Assert.Equal([1, (byte)'a'], sorted[0]);
        Assert.Equal([1, (byte)'a', 1, (byte)'b'], sorted[1]);
        Assert.Equal([1, (byte)'b'], sorted[2]);
        Assert.Equal(2, sorted[3][0]);
    }

    [Theory]
    [InlineData("a.b.example.", 3, "a.b.example.")]
    [InlineData("a.b.example.", 2, "*.b.example.")]
    [InlineData("a.b.example.", 1, "*.example.")]
    [InlineData("a.b.example.", 0, "*.")]
    [InlineData("*.example.", 1, "*.example.")]
    public void Rebuilds_the_signed_owner_from_the_labels_field(string owner, byte labels, string expected)
    {
        Assert.True(CanonicalForm.TryGetSignedOwner(DomainName.Parse(owner), labels, out var signed));
        Assert.Equal(expected, signed.ToString());
    }

    [Fact]
    public void Refuses_a_labels_field_larger_than_the_owner() =>
        Assert.False(CanonicalForm.TryGetSignedOwner(DomainName.Parse("*.example."), 2, out _));

    [Fact]
    public void Canonical_RDATA_order_is_a_total_order()
    {
        var bytes = Gen.Byte[0, 3].Array[0, 4];
        Gen.Select(bytes, bytes, bytes).Sample((a, b, c) =>
        {
            var ab = CanonicalForm.CompareRdata(a, b);
            Assert.Equal(Math.Sign(ab), -Math.Sign(CanonicalForm.CompareRdata(b, a)));
            Assert.Equal(ab == 0, a.AsSpan().SequenceEqual(b));
            if (ab <= 0 && CanonicalForm.CompareRdata(b, c) <= 0)
            {
                Assert.True(CanonicalForm.CompareRdata(a, c) <= 0);
            }
        });
    }

    [Fact]
    public void Key_tag_of_random_keys_matches_the_reference_computation_of_RFC_4034_Appendix_B()
    {
        Gen.Select(Gen.UShort, Gen.Byte[2, 16], Gen.Byte.Array[1, 300]).Sample((flags, algorithm, publicKey) =>
        {
            var key = new DnskeyRecordData(RRType.DNSKEY, flags, 3, algorithm, publicKey);
            Assert.Equal(ReferenceKeyTag(key.ToWire()), DnssecKeyTag.Compute(key));
            Assert.Equal(key.KeyTag, DnssecKeyTag.Compute(key));
        });
    }

    [Fact]
    public void Signed_data_does_not_depend_on_record_order_or_owner_case()
    {
        var rrsig = new RrsigRecordData(RRType.TXT, 15, 2, 300, 2, 1, 7, DomainName.Parse("example."), ReadOnlyMemory<byte>.Empty);
        Gen.Byte[(byte)'a', (byte)'z'].Array[1, 8].List[1, 6].Sample(texts =>
        {
            var records = texts.Select(t => (RecordData)new TxtRecordData(RRType.TXT, [t])).ToList();
            var forward = new Rrset(DomainName.Parse("www.example."), RRType.TXT, RRClass.IN, 300, records);
            var backward = new Rrset(DomainName.Parse("WWW.Example."), RRType.TXT, RRClass.IN, 60, [.. Enumerable.Reverse(records)]);
            Assert.Equal(CanonicalForm.SignedData(forward, rrsig), CanonicalForm.SignedData(backward, rrsig));
        });
    }

    [Fact]
    public void Base32hex_round_trips_any_hash()
    {
        Gen.Byte.Array[0, 40].Sample(bytes =>
        {
            Assert.True(Base32Hex.TryDecode(System.Text.Encoding.ASCII.GetBytes(Base32Hex.Encode(bytes)), out var decoded));
            Assert.Equal(bytes, decoded);
        });
    }

    [Fact]
    public void Key_tag_of_algorithm_1_comes_from_the_modulus()
    {
        var key = new DnskeyRecordData(RRType.DNSKEY, 256, 3, 1, new byte[] { 1, 3, 0xAA, 0xBB, 0x12, 0x34, 0x56 });
        Assert.Equal(0x1234, DnssecKeyTag.Compute(key));
    }

    // The loop exactly as RFC 4034 Appendix B prints it, with an int accumulator.
    private static int ReferenceKeyTag(byte[] key)
    {
        long ac = 0;
        for (var i = 0; i < key.Length; ++i)
        {
            ac += (i & 1) != 0 ? key[i] : key[i] << 8;
        }

        ac += (ac >> 16) & 0xFFFF;
        return (int)(ac & 0xFFFF);
    }

    private static byte[] Wire(string name) => DomainName.Parse(name).Wire.ToArray();
}
