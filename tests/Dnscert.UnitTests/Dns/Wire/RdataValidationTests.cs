using Dnscert.Dns;
using Dnscert.Dns.Wire;

namespace Dnscert.UnitTests.Dns.Wire;

/// <summary>RDATA that breaks its type's layout is refused while reading the message, before anyone decodes it.</summary>
public sealed class RdataValidationTests
{
    public static TheoryData<string, RRType, byte[], DnsFormatError> Cases() => new()
    {
        { "AAAA with 4 octets", RRType.AAAA, [192, 0, 2, 1], DnsFormatError.RdataLengthMismatch },
        { "NS with a byte after the name", RRType.NS, [0, 0xFF], DnsFormatError.RdataLengthMismatch },
        { "MX without exchange", RRType.MX, [0], DnsFormatError.RdataLengthMismatch },
        { "SOA without timers", RRType.SOA, [0, 0, 0, 0, 0, 1], DnsFormatError.RdataLengthMismatch },
        { "RRSIG shorter than its fixed part", RRType.RRSIG, new byte[17], DnsFormatError.RdataLengthMismatch },
        { "NSEC window of length 0", RRType.NSEC, [0, 0, 0], DnsFormatError.InvalidField },
        { "NSEC windows out of order", RRType.NSEC, [0, 1, 1, 0x40, 0, 1, 0x40], DnsFormatError.InvalidField },
        { "NSEC window over 32 octets", RRType.NSEC, [0, 0, 33, .. new byte[33]], DnsFormatError.InvalidField },
        { "NSEC window past RDATA", RRType.NSEC, [0, 0, 4, 0x40], DnsFormatError.RdataLengthMismatch },
        { "NSEC3 with an empty hash", RRType.NSEC3, [1, 0, 0, 0, 0, 0], DnsFormatError.InvalidField },
        { "NSEC3 salt past RDATA", RRType.NSEC3, [1, 0, 0, 0, 9, 1], DnsFormatError.RdataLengthMismatch },
        { "NSEC3PARAM with a byte after the salt", RRType.NSEC3PARAM, [1, 0, 0, 0, 1, 0xAB, 0], DnsFormatError.RdataLengthMismatch },
        { "TXT with no string", RRType.TXT, [], DnsFormatError.RdataLengthMismatch },
        { "TXT string past RDATA", RRType.TXT, [5, (byte)'a'], DnsFormatError.RdataLengthMismatch },
        { "HINFO with one string", RRType.HINFO, [1, (byte)'a'], DnsFormatError.RdataLengthMismatch },
        { "NAPTR without replacement", RRType.NAPTR, [0, 1, 0, 1, 0, 0, 0], DnsFormatError.RdataLengthMismatch },
        { "CAA with an empty tag", RRType.CAA, [0, 0], DnsFormatError.InvalidField },
        { "DS shorter than 4 octets", RRType.DS, [0, 1, 13], DnsFormatError.RdataLengthMismatch },
        { "DNSKEY shorter than 4 octets", RRType.DNSKEY, [1, 1, 3], DnsFormatError.RdataLengthMismatch },
        { "TLSA shorter than 3 octets", RRType.TLSA, [3, 1], DnsFormatError.RdataLengthMismatch },
        { "SSHFP shorter than 2 octets", RRType.SSHFP, [4], DnsFormatError.RdataLengthMismatch },
        { "ZONEMD shorter than 6 octets", RRType.ZONEMD, [0, 0, 0, 1, 1], DnsFormatError.RdataLengthMismatch },
        { "SVCB keys out of order", RRType.SVCB, [0, 1, 0, 0, 3, 0, 2, 1, 187, 0, 1, 0, 0], DnsFormatError.InvalidField },
        { "SVCB repeated key", RRType.HTTPS, [0, 1, 0, 0, 3, 0, 2, 1, 187, 0, 3, 0, 2, 1, 187], DnsFormatError.InvalidField },
        { "SVCB value past RDATA", RRType.SVCB, [0, 1, 0, 0, 3, 0, 9, 1], DnsFormatError.RdataLengthMismatch },
        { "CNAME name with a reserved label type", RRType.CNAME, [0x41, (byte)'a', 0], DnsFormatError.ReservedLabelType },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Rejects_RDATA_that_breaks_its_layout(string label, RRType type, byte[] rdata, DnsFormatError expected)
    {
        var error = Assert.Throws<DnsFormatException>(() => DnsMessage.Parse(Answer(type, rdata)));
        Assert.True(expected == error.Error, $"{label}: expected {expected}, got {error.Error} ({error.Message})");
        Assert.InRange(error.Offset, 12, 12 + 11 + rdata.Length);
    }

    [Fact]
    public void Accepts_any_RDATA_for_an_unknown_type() =>
        Assert.Equal(3, DnsMessage.Parse(Answer((RRType)65280, [1, 2, 3])).Answers[0].RdataLength);

    [Theory]
    [InlineData(10, 9)]
    [InlineData(10, 41)]
    [InlineData(15, 1)]
    public void Rejects_EDNS_options_with_an_impossible_length(ushort code, int length)
    {
        byte[] option = [0, (byte)code, (byte)(length >> 8), (byte)length, .. new byte[length]];
        byte[] opt = [0, 0, 41, 4, 0xD0, 0, 0, 0, 0, (byte)(option.Length >> 8), (byte)option.Length, .. option];
        byte[] message = [0, 1, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 1, .. opt];
        Assert.Equal(DnsFormatError.RdataLengthMismatch, Assert.Throws<DnsFormatException>(() => DnsMessage.Parse(message)).Error);
    }

    [Fact]
    public void Rejects_more_EDNS_options_than_the_limit_allows()
    {
        byte[] options = [0, 3, 0, 0, 0, 3, 0, 0];
        byte[] opt = [0, 0, 41, 4, 0xD0, 0, 0, 0, 0, 0, (byte)options.Length, .. options];
        byte[] message = [0, 1, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 1, .. opt];
        Assert.Equal(2, DnsMessage.Parse(message).Edns.GetOptions().Count);
        var error = Assert.Throws<DnsFormatException>(() => DnsMessage.Parse(message, new ParseLimits { MaxEdnsOptions = 1 }));
        Assert.Equal(DnsFormatError.TooManyOptions, error.Error);
    }

    [Fact]
    public void Rejects_an_OPT_record_whose_owner_is_not_the_root()
    {
        byte[] opt = [1, (byte)'a', 0, 0, 41, 4, 0xD0, 0, 0, 0, 0, 0, 0];
        byte[] message = [0, 1, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 1, .. opt];
        Assert.Equal(DnsFormatError.OptOwnerNotRoot, Assert.Throws<DnsFormatException>(() => DnsMessage.Parse(message)).Error);
    }

    private static byte[] Answer(RRType type, byte[] rdata) =>
    [
        0, 1, 0x84, 0, 0, 0, 0, 1, 0, 0, 0, 0,
        0, (byte)((ushort)type >> 8), (byte)type, 0, 1, 0, 0, 0, 60, (byte)(rdata.Length >> 8), (byte)rdata.Length,
        .. rdata,
    ];
}
