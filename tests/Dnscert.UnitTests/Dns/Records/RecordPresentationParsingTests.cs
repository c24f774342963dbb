using CsCheck;
using Dnscert.Dns;
using Dnscert.Dns.Records;
using Dnscert.Dns.Wire;
using Dnscert.UnitTests.Dns.Wire;

namespace Dnscert.UnitTests.Dns.Records;

/// <summary>Presentation text back to RDATA: the inverse of ToString, plus the RFC 3597 generic form.</summary>
public sealed class RecordPresentationParsingTests
{
    public static TheoryData<string, RecordData, string> ParsableCases()
    {
        var data = new TheoryData<string, RecordData, string>();
        foreach (var row in RecordRoundTripTests.Cases())
        {
            var (label, record, text) = row.Data;
            data.Add(label, record, text);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ParsableCases))]
    public void Parses_what_it_prints_for_every_record_type(string label, RecordData expected, string presentation)
    {
        var parsed = RecordData.Parse(expected.Type, presentation);
        Assert.Equal(expected.GetType(), parsed.GetType());
        Assert.Equal(presentation, parsed.ToString());
        Assert.True(expected.ToWire().AsSpan().SequenceEqual(parsed.ToWire()), label);
    }

    [Fact]
    public void Parses_every_record_of_the_sample_responses_back_to_the_same_wire_form()
    {
        foreach (var bytes in SampleMessages.All)
        {
            var message = DnsMessage.Parse(bytes);
            foreach (var record in message.Answers)
            {
                var data = record.GetData();
                Assert.Equal(data.ToWire(), RecordData.Parse(record.Type, data.ToString()).ToWire());
                Assert.Equal(data.ToWire(), RecordData.Parse(record.Type, data.ToGenericPresentation()).ToWire());
            }
        }
    }

    [Theory]
    [InlineData(RRType.A, "\\# 4 c0000201", "192.0.2.1")]
    [InlineData(RRType.MX, "\\# 5 000A 016D00", "10 m.")]
    [InlineData(RRType.DS, "12345 13 2 01020304 05060708", "12345 13 2 0102030405060708")]
    [InlineData(RRType.DNSKEY, "256 3 13 AQID BA==", "256 3 13 AQIDBA==")]
    [InlineData(RRType.RRSIG, "A 13 2 3600 1798761600 20261202000000 1 example. AQ==", "A 13 2 3600 20270101000000 20261202000000 1 example. AQ==")]
    [InlineData(RRType.TXT, "unquoted \"two words\" caf\u00e9", "\"unquoted\" \"two words\" \"caf\\195\\169\"")]
    [InlineData(RRType.NSEC3, "1 0 10 - 000g40o40k30e209185go38e1s8124gj", "1 0 10 - 000G40O40K30E209185GO38E1S8124GJ")]
    [InlineData(RRType.CAA, "0 iodef mailto:security@example.com", "0 iodef \"mailto:security@example.com\"")]
    [InlineData(RRType.SVCB, "1 svc.example. key65000 key667=\"a b\" no-default-alpn", "1 svc.example. no-default-alpn key667=\"a b\" key65000")]
    public void Accepts_the_other_spellings_dig_and_zone_files_use(RRType type, string text, string expected) =>
        Assert.Equal(expected, RecordData.Parse(type, text).ToString());

    [Fact]
    public void Mutated_presentation_text_raises_only_DnsFormatException()
    {
        var cases = ParsableCases().Select(row => row.Data).ToArray();
        var edits = Gen.Select(Gen.Int[0, cases.Length - 1], Gen.Int[0, 200], Gen.Char["0123456789abcdefAZ.:=,\\\" -#@\u00e9"], Gen.Int[0, 2]);
        edits.Sample((index, at, c, kind) =>
        {
            var (_, record, text) = cases[index];
            var position = at % (text.Length + 1);
            var mutated = kind switch
            {
                0 => text.Insert(position, c.ToString()),
                1 when position < text.Length => text.Remove(position, 1),
                _ => text[..position],
            };
            try
            {
                var parsed = RecordData.Parse(record.Type, mutated, DomainName.Parse("example."));
                Assert.Equal(parsed.ToWire(), RecordData.Parse(record.Type, parsed.ToString()).ToWire());
            }
            catch (DnsFormatException)
            {
            }
        }, iter: 20_000);
    }

    [Fact]
    public void Makes_relative_names_absolute_with_the_origin()
    {
        var origin = DomainName.Parse("example.");
        Assert.Equal("10 mail.example.", RecordData.Parse(RRType.MX, "10 mail", origin).ToString());
        Assert.Equal("example.", RecordData.Parse(RRType.NS, "@", origin).ToString());
        Assert.Equal("a\\.b.example.", RecordData.Parse(RRType.CNAME, "a\\.b", origin).ToString());
        Assert.Equal("10 mail.", RecordData.Parse(RRType.MX, "10 mail").ToString());
    }

    [Theory]
    [InlineData(RRType.A, "300.1.1.1", DnsFormatError.InvalidField)]
    [InlineData(RRType.A, "2001:db8::1", DnsFormatError.InvalidField)]
    [InlineData(RRType.A, "10.1", DnsFormatError.InvalidField)]
    [InlineData(RRType.AAAA, "192.0.2.1", DnsFormatError.InvalidField)]
    [InlineData(RRType.MX, "70000 mail.example.", DnsFormatError.InvalidField)]
    [InlineData(RRType.MX, "10", DnsFormatError.Truncated)]
    [InlineData(RRType.MX, "10 a. extra", DnsFormatError.InvalidField)]
    [InlineData(RRType.NS, "@", DnsFormatError.InvalidField)]
    [InlineData(RRType.NS, "a..b.", DnsFormatError.EmptyLabel)]
    [InlineData(RRType.TXT, "\"unterminated", DnsFormatError.InvalidField)]
    [InlineData(RRType.TXT, "bad\\25", DnsFormatError.InvalidEscape)]
    [InlineData(RRType.DS, "1 13 2 XYZ", DnsFormatError.InvalidField)]
    [InlineData(RRType.DS, "1 13 2", DnsFormatError.Truncated)]
    [InlineData(RRType.DNSKEY, "256 3 13 !!!", DnsFormatError.InvalidField)]
    [InlineData(RRType.RRSIG, "BOGUS 13 2 3600 1 1 1 example. AQ==", DnsFormatError.InvalidField)]
    [InlineData(RRType.NSEC, "next.example. A NOTATYPE", DnsFormatError.InvalidField)]
    [InlineData(RRType.NSEC3, "1 0 0 - W", DnsFormatError.InvalidField)]
    [InlineData(RRType.CAA, "0 is-sue \"x\"", DnsFormatError.InvalidField)]
    [InlineData(RRType.HTTPS, "1 . port=99999", DnsFormatError.InvalidField)]
    [InlineData(RRType.HTTPS, "1 . alpn=h2 alpn=h3", DnsFormatError.InvalidField)]
    [InlineData(RRType.HTTPS, "1 . ipv4hint=2001:db8::1", DnsFormatError.InvalidField)]
    [InlineData(RRType.HTTPS, "1 . no-default-alpn=x", DnsFormatError.InvalidField)]
    [InlineData(RRType.HTTPS, "1 . bogus=1", DnsFormatError.InvalidField)]
    [InlineData((RRType)65280, "0a000001", DnsFormatError.InvalidField)]
    [InlineData((RRType)65280, "\\# 5 0a000001", DnsFormatError.RdataLengthMismatch)]
    [InlineData(RRType.A, "\\# 3 0a0000", DnsFormatError.RdataLengthMismatch)]
    public void Rejects_malformed_presentation_text(RRType type, string text, DnsFormatError error) =>
        Assert.Equal(error, Assert.Throws<DnsFormatException>(() => RecordData.Parse(type, text)).Error);
}
