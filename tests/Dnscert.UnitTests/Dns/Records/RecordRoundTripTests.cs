using System.Net;
using System.Text;
using Dnscert.Dns;
using Dnscert.Dns.Records;
using Dnscert.Dns.Wire;

namespace Dnscert.UnitTests.Dns.Records;

/// <summary>Every typed record: write into a response, read it back, print it, compare with dig-style text.</summary>
public sealed class RecordRoundTripTests
{
    private static readonly DomainName s_owner = DomainName.Parse("host.example.");

    public static TheoryData<string, RecordData, string> Cases() => new()
    {
        { "A", new AddressRecordData(IPAddress.Parse("192.0.2.1")), "192.0.2.1" },
        { "AAAA", new AddressRecordData(IPAddress.Parse("2001:db8::1")), "2001:db8::1" },
        { "NS", new NameRecordData(RRType.NS, N("ns1.example.")), "ns1.example." },
        { "CNAME", new NameRecordData(RRType.CNAME, N("www.example.")), "www.example." },
        { "DNAME", new NameRecordData(RRType.DNAME, N("example.net.")), "example.net." },
        { "PTR", new NameRecordData(RRType.PTR, N("host.example.")), "host.example." },
        { "SOA", new SoaRecordData(N("ns1.example."), N("hostmaster.example."), 2026112801, 7200, 3600, 1209600, 300), "ns1.example. hostmaster.example. 2026112801 7200 3600 1209600 300" },
        { "MX", new MxRecordData(10, N("mail.example.")), "10 mail.example." },
        { "TXT", new TxtRecordData(RRType.TXT, [B("v=spf1 -all"), B("a\"b\\c\u0001")]), "\"v=spf1 -all\" \"a\\\"b\\\\c\\001\"" },
        { "TXT empty string", new TxtRecordData(RRType.TXT, [ReadOnlyMemory<byte>.Empty]), "\"\"" },
        { "SPF", new TxtRecordData(RRType.SPF, [B("v=spf1 mx -all")]), "\"v=spf1 mx -all\"" },
        { "SRV", new SrvRecordData(0, 5, 5060, N("sip.example.")), "0 5 5060 sip.example." },
        { "NAPTR", new NaptrRecordData(100, 10, B("U"), B("E2U+sip"), B("!^.*$!sip:info@example.com!"), DomainName.Root), "100 10 \"U\" \"E2U+sip\" \"!^.*$!sip:info@example.com!\" ." },
        { "CAA", new CaaRecordData(0, "issue", B("letsencrypt.org")), "0 issue \"letsencrypt.org\"" },
        { "HINFO", new HinfoRecordData(B("RFC8482"), ReadOnlyMemory<byte>.Empty), "\"RFC8482\" \"\"" },
        { "DS", new DsRecordData(RRType.DS, 12345, 13, 2, Convert.FromHexString("0102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F20")), "12345 13 2 0102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F20" },
        { "CDS delete", new DsRecordData(RRType.CDS, 0, 0, 0, new byte[] { 0 }), "0 0 0 00" },
        { "DNSKEY", new DnskeyRecordData(RRType.DNSKEY, 257, 3, 13, Convert.FromBase64String("mdsswUyr3DPW132mOi8V9xESWE8jTo0dxCjjnopKl+GqJxpVXckHAeF+KkxLbxILfDLUT0rAK9iUzy1L53eKGQ==")), "257 3 13 mdsswUyr3DPW132mOi8V9xESWE8jTo0dxCjjnopKl+GqJxpVXckHAeF+KkxLbxILfDLUT0rAK9iUzy1L53eKGQ==" },
        { "CDNSKEY", new DnskeyRecordData(RRType.CDNSKEY, 257, 3, 15, Convert.FromBase64String("l02Woi0iS8Aa25FQkUd9RMzZHJpBoRQwAQEX1SxZJA4=")), "257 3 15 l02Woi0iS8Aa25FQkUd9RMzZHJpBoRQwAQEX1SxZJA4=" },
        { "RRSIG", new RrsigRecordData(RRType.A, 13, 2, 3600, 1798761600, 1796169600, 12345, N("example."), new byte[] { 1, 2, 3, 4 }), "A 13 2 3600 20270101000000 20261202000000 12345 example. AQIDBA==" },
        { "NSEC", new NsecRecordData(N("host2.example."), [RRType.A, RRType.MX, RRType.RRSIG, RRType.NSEC, (RRType)1234]), "host2.example. A MX RRSIG NSEC TYPE1234" },
        { "NSEC3", new Nsec3RecordData(1, 1, 0, new byte[] { 0xAA, 0xBB, 0xCC, 0xDD }, Enumerable.Range(0, 20).Select(i => (byte)i).ToArray(), [RRType.A, RRType.RRSIG]), "1 1 0 AABBCCDD 000G40O40K30E209185GO38E1S8124GJ A RRSIG" },
        { "NSEC3 unpadded base32hex", new Nsec3RecordData(1, 1, 0, new byte[] { 0xAA }, Encoding.ASCII.GetBytes("foobar"), [RRType.A]), "1 1 0 AA CPNMUOJ1E8 A" },
        { "NSEC3 no salt", new Nsec3RecordData(1, 0, 0, ReadOnlyMemory<byte>.Empty, Encoding.ASCII.GetBytes("fo"), []), "1 0 0 - CPNG" },
        { "NSEC3PARAM", new Nsec3ParamRecordData(1, 0, 0, ReadOnlyMemory<byte>.Empty), "1 0 0 -" },
        { "TLSA", new TlsaRecordData(3, 1, 1, Convert.FromHexString("ABCDEF0123")), "3 1 1 ABCDEF0123" },
        { "SSHFP", new SshfpRecordData(4, 2, Convert.FromHexString("0011AA")), "4 2 0011AA" },
        { "ZONEMD", new ZonemdRecordData(2026112801, 1, 1, Convert.FromHexString("FEEDBEEF")), "2026112801 1 1 FEEDBEEF" },
        {
            "HTTPS",
            new SvcbRecordData(RRType.HTTPS, 1, DomainName.Root,
            [
                new SvcParam(SvcParam.Port, new byte[] { 0x20, 0xFB }),
                new SvcParam(SvcParam.Alpn, Concat([2, .. "h2"u8], [2, .. "h3"u8])),
                new SvcParam(SvcParam.Ipv4Hint, new byte[] { 192, 0, 2, 1, 192, 0, 2, 2 }),
                new SvcParam(SvcParam.Mandatory, new byte[] { 0, 1 }),
                new SvcParam(SvcParam.Ipv6Hint, IPAddress.Parse("2001:db8::1").GetAddressBytes()),
            ]),
            "1 . mandatory=alpn alpn=\"h2,h3\" port=8443 ipv4hint=192.0.2.1,192.0.2.2 ipv6hint=2001:db8::1"
        },
        { "HTTPS alpn escapes", new SvcbRecordData(RRType.HTTPS, 1, DomainName.Root, [new SvcParam(SvcParam.Alpn, Concat([8, .. "f\\oo,bar"u8], [2, .. "h2"u8]))]), @"1 . alpn=""f\\\\oo\\,bar,h2""" },
        { "SVCB alias", new SvcbRecordData(RRType.SVCB, 0, N("svc.example."), []), "0 svc.example." },
        { "SVCB unknown key", new SvcbRecordData(RRType.SVCB, 2, N("svc.example."), [new SvcParam(667, B("hello"))]), "2 svc.example. key667=\"hello\"" },
        { "SVCB bad port", new SvcbRecordData(RRType.SVCB, 2, N("svc.example."), [new SvcParam(SvcParam.Port, new byte[] { 1 })]), "\\# 20 000203737663076578616d706c65000003000101" },
        { "TYPE65280", new UnknownRecordData((RRType)65280, new byte[] { 0x0A, 0, 0, 1 }), "\\# 4 0a000001" },
        { "TYPE65280 empty", new UnknownRecordData((RRType)65280, ReadOnlyMemory<byte>.Empty), "\\# 0" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Writes_reads_and_prints_every_record_type(string label, RecordData data, string presentation)
    {
        var buffer = new byte[4096];
        var writer = new DnsMessageWriter(buffer);
        writer.WriteHeader(0xBEEF, DnsHeaderBits.Response | DnsHeaderBits.Authoritative);
        writer.AddQuestion(s_owner, data.Type);
        writer.AddRecord(DnsSection.Answer, s_owner, RRClass.IN, 3600, data);
        writer.AddRecord(DnsSection.Authority, DomainName.Parse("example."), RRClass.IN, 60, data);
        var length = writer.Finish();

        var message = DnsMessage.Parse(buffer.AsMemory(0, length));
        Assert.False(message.HasTrailingBytes, label);
        var answer = Assert.Single(message.Answers.ToArray());
        Assert.Equal(s_owner, answer.Owner);
        Assert.Equal(data.Type, answer.Type);
        var decoded = answer.GetData();
        Assert.Equal(data.GetType(), decoded.GetType());
        Assert.Equal(presentation, decoded.ToString());
        Assert.Equal(data.ToWire(), decoded.ToWire());
        Assert.Equal(presentation, message.Authority[0].GetData().ToString());
        Assert.Equal($"host.example.\t3600\tIN\t{DnsMnemonics.ToText(data.Type)}\t{presentation}", answer.ToString());
    }

    [Fact]
    public void Gives_uncompressed_RDATA_even_for_types_that_allow_compression()
    {
        // Found by the presentation mutation property: the target repeats its own suffix.
        var wire = new NameRecordData(RRType.NS, DomainName.Parse("ns1.example.example.")).ToWire();
        Assert.Equal(DomainName.Parse("ns1.example.example.").Wire.ToArray(), wire);
    }

    [Fact]
    public void Computes_the_key_tag_of_a_DNSKEY()
    {
        // The root KSK-2017, whose key tag is published as 20326.
        var key = new DnskeyRecordData(RRType.DNSKEY, 257, 3, 8, Convert.FromBase64String(
            "AwEAAaz/tAm8yTn4Mfeh5eyI96WSVexTBAvkMgJzkKTOiW1vkIbzxeF3+/4RgWOq7HrxRixHlFlExOLAJr5emLvN7SWXgnLh4+B5xQlNVz8Og8kvArMtNROxVQuCaSnIDdD5LKyWbRd2n9WGe2R8PzgCmr3EgVLrjyBxWezF0jLHwVN8efS3rCj/EWgvIWgb9tarpVUDK/b58Da+sqqls3eNbuv7pr+eoZG+SrDK6nWeL3c6H5Apxz7LjVc1uTIdsIXxuOLYA4/ilBmSVIzuDWfdRUfhHdY6+cn8HFRm+2hM8AnXGXws9555KrUB5qihylGa8subX2Nn6UwNR1AkUTV74bU="));
        Assert.Equal(20326, key.KeyTag);
        Assert.True(key.IsSecureEntryPoint);
        Assert.True(key.IsZoneKey);
    }

    [Fact]
    public void Prints_any_record_in_RFC_3597_generic_form_on_request() =>
        Assert.Equal("\\# 4 c0000201", new AddressRecordData(IPAddress.Parse("192.0.2.1")).ToGenericPresentation());

    [Fact]
    public void Decodes_and_encodes_type_bitmaps_across_windows()
    {
        RRType[] types = [RRType.A, RRType.NS, RRType.CAA, (RRType)65280];
        Assert.Equal(types, TypeBitmap.Decode(TypeBitmap.Encode(types)));
    }

    private static DomainName N(string text) => DomainName.Parse(text);

    private static ReadOnlyMemory<byte> B(string text) => Encoding.UTF8.GetBytes(text);

    private static byte[] Concat(byte[] a, byte[] b) => [.. a, .. b];
}
