using CsCheck;
using Dnscert.Lab.Proxy;
using static Dnscert.UnitTests.Lab.Proxy.DnsTestMessages;

namespace Dnscert.UnitTests.Lab.Proxy;

public sealed class ProxyWireTests
{
    [Theory]
    [InlineData("a.test. 300 IN A 192.0.2.1", new byte[] { 0, 1, 0, 1, 0, 0, 1, 44, 0, 4, 192, 0, 2, 1 })]
    [InlineData("a.test. IN 300 AAAA 2001:db8::1", new byte[] { 0, 28, 0, 1, 0, 0, 1, 44, 0, 16, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 })]
    [InlineData("a.test. 300 NS b.", new byte[] { 0, 2, 0, 1, 0, 0, 1, 44, 0, 3, 1, (byte)'b', 0 })]
    [InlineData("a.test. 300 CNAME b.", new byte[] { 0, 5, 0, 1, 0, 0, 1, 44, 0, 3, 1, (byte)'b', 0 })]
    [InlineData("a.test. 300 IN MX 10 b.", new byte[] { 0, 15, 0, 1, 0, 0, 1, 44, 0, 5, 0, 10, 1, (byte)'b', 0 })]
    [InlineData("a.test. 300 IN TXT \"x y\" z", new byte[] { 0, 16, 0, 1, 0, 0, 1, 44, 0, 6, 3, (byte)'x', (byte)' ', (byte)'y', 1, (byte)'z' })]
    [InlineData("a.test. 300 IN TXT \"q\\\"\\065\"", new byte[] { 0, 16, 0, 1, 0, 0, 1, 44, 0, 4, 3, (byte)'q', (byte)'"', (byte)'A' })]
    public void Encodes_a_presentation_record_with_an_uncompressed_owner(string text, byte[] afterOwner)
    {
        var record = ProxyWire.ParseRecord(text);

        Assert.Equal([.. Name("a.test."), .. afterOwner], record);
    }

    [Theory]
    [InlineData("a.test. 300 IN SOA x. y. 1 2 3 4 5")]
    [InlineData("a.test 300 IN A 192.0.2.1")]
    [InlineData("a.test. 300 IN A 2001:db8::1")]
    [InlineData("a.test. 300 IN AAAA 192.0.2.1")]
    [InlineData("a.test. 300 IN MX b.")]
    [InlineData("a.test. 300 IN TXT \"unterminated")]
    [InlineData("a.test. IN A")]
    [InlineData("a..test. IN A 192.0.2.1")]
    [InlineData("a.test. 4294967295 IN A 192.0.2.1")]
    public void Rejects_records_it_cannot_encode_with_a_FormatException(string text)
    {
        Assert.Throws<FormatException>(() => ProxyWire.ParseRecord(text));
    }

    [Theory]
    [InlineData("A", 1)]
    [InlineData("dnskey", 48)]
    [InlineData("TYPE65280", 65280)]
    [InlineData("CAA", 257)]
    public void Knows_type_mnemonics_and_the_generic_form(string mnemonic, int type)
    {
        Assert.True(ProxyWire.TryParseType(mnemonic, out var parsed));
        Assert.Equal(type, parsed);
    }

    [Fact]
    public void Reads_the_question_and_the_EDNS_size_of_a_query()
    {
        var query = Query(0xBEEF, "WWW.Example.test.", TypeDnskey, ednsSize: 1232);

        Assert.True(ProxyWire.TryParseQuery(query, out var parsed));

        Assert.Equal(0xBEEF, parsed.Id);
        Assert.Equal("WWW.Example.test.", parsed.QName);
        Assert.Equal(TypeDnskey, parsed.QType);
        Assert.Equal(1232, parsed.EdnsUdpSize);
        Assert.Equal(QuestionEnd(query), parsed.QuestionEnd);
    }

    [Fact]
    public void Never_throws_on_arbitrary_bytes_offered_as_a_query_or_an_answer()
    {
        Gen.Byte.Array[0, 300].Sample(bytes =>
        {
            _ = ProxyWire.TryParseQuery(bytes, out _);
            _ = ProxyWire.TryAppendAnswers(bytes, [ProxyWire.ParseRecord("a. 1 A 192.0.2.1")], out _);
        });
    }

    [Fact]
    public void Never_throws_on_a_valid_query_with_its_tail_cut()
    {
        var query = Query(1, "www.example.test.", TypeA, ednsSize: 4096);
        for (var length = 0; length < query.Length; length++)
        {
            Assert.False(ProxyWire.TryParseQuery(query.AsSpan(0, length), out _));
        }
    }
}
