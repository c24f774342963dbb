using Dnscert.Dns;
using Dnscert.Dns.Wire;

namespace Dnscert.UnitTests.Dns.Wire;

/// <summary>Hand-made hostile messages; each must be refused with the right reason and offset.</summary>
public sealed class HostileMessageTests
{
    private static readonly byte[] s_exampleQuestion = [.. "\u0007example\0"u8, 0, 1, 0, 1];

    [Fact]
    public void Rejects_a_compression_pointer_that_points_to_itself()
    {
        var error = Reject(Header(qd: 1), [0xC0, 12, 0, 1, 0, 1]);
        Assert.Equal(DnsFormatError.CompressionLoop, error.Error);
        Assert.Equal(12, error.Offset);
    }

    [Fact]
    public void Rejects_a_pointer_loop_back_into_the_name_being_read()
    {
        // "a" then a pointer to the start of this same name.
        var error = Reject(Header(qd: 1), [1, (byte)'a', 0xC0, 12, 0, 1, 0, 1]);
        Assert.Equal(DnsFormatError.CompressionLoop, error.Error);
        Assert.Equal(14, error.Offset);
    }

    [Fact]
    public void Rejects_a_compression_pointer_that_points_forward()
    {
        var error = Reject(Header(qd: 1), [0xC0, 18, 0, 1, 0, 1, 1, (byte)'a', 0]);
        Assert.Equal(DnsFormatError.ForwardPointer, error.Error);
        Assert.Equal(12, error.Offset);
        Assert.Contains("question name", error.Message, StringComparison.Ordinal);
        Assert.Contains("12", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_a_compression_pointer_outside_the_message() =>
        Assert.Equal(DnsFormatError.PointerOutOfRange, Reject(Header(qd: 1), [0xC1, 0x00, 0, 1, 0, 1]).Error);

    [Fact]
    public void Rejects_a_chain_of_backward_pointers_longer_than_the_hop_limit()
    {
        // Answer owners each point to the previous owner: legal, but the chain exceeds a hop limit of 2.
        byte[] first = [.. s_exampleQuestion];
        var records = new List<byte>();
        var previous = 12;
        for (var i = 0; i < 4; i++)
        {
            var here = 12 + first.Length + records.Count;
            records.AddRange([0xC0, (byte)previous, 0, 1, 0, 1, 0, 0, 0, 0, 0, 4, 192, 0, 2, 1]);
            previous = here;
        }

        var message = Concat(Header(qd: 1, an: 4), first, [.. records]);
        Assert.Equal(4, DnsMessage.Parse(message).Answers.Length);
        var error = Assert.Throws<DnsFormatException>(() => DnsMessage.Parse(message, new ParseLimits { MaxCompressionHops = 2 }));
        Assert.Equal(DnsFormatError.CompressionLoop, error.Error);
    }

    [Fact]
    public void Decodes_names_of_a_message_accepted_under_looser_limits()
    {
        var records = new List<byte>();
        var previous = 12;
        for (var i = 0; i < 40; i++)
        {
            var here = 12 + s_exampleQuestion.Length + records.Count;
            byte high = (byte)(0xC0 | (previous >> 8));
            records.AddRange([high, (byte)previous, 0, 5, 0, 1, 0, 0, 0, 0, 0, 2, high, (byte)previous]);
            previous = here;
        }

        var bytes = Concat(Header(qd: 1, an: 40), s_exampleQuestion, [.. records]);
        Assert.Equal(DnsFormatError.CompressionLoop, Assert.Throws<DnsFormatException>(() => DnsMessage.Parse(bytes)).Error);
        var message = DnsMessage.Parse(bytes, new ParseLimits { MaxCompressionHops = 64 });
        Assert.Equal("example.", message.Answers[39].Owner.ToString());
        Assert.Equal("example.", message.Answers[39].GetData().ToString());
    }

    [Theory]
    [InlineData(0x40)]
    [InlineData(0x80)]
    public void Rejects_reserved_label_types(byte labelType) =>
        Assert.Equal(DnsFormatError.ReservedLabelType, Reject(Header(qd: 1), [(byte)(labelType | 1), (byte)'a', 0, 0, 1, 0, 1]).Error);

    [Fact]
    public void Rejects_a_name_of_256_octets()
    {
        var name = new List<byte>();
        foreach (var length in new[] { 63, 63, 63, 62 })
        {
            name.Add((byte)length);
            name.AddRange(Enumerable.Repeat((byte)'a', length));
        }

        name.Add(0);
        var error = Reject(Header(qd: 1), [.. name, 0, 1, 0, 1]);
        Assert.Equal(DnsFormatError.NameTooLong, error.Error);
    }

    [Fact]
    public void Rejects_a_name_over_255_octets_built_from_pointers()
    {
        // Question: 63+63+63 octets. Answer owner: a 62-octet label, then a pointer to the question name.
        var question = new List<byte>();
        for (var i = 0; i < 3; i++)
        {
            question.Add(63);
            question.AddRange(Enumerable.Repeat((byte)'q', 63));
        }

        question.AddRange([0, 0, 1, 0, 1]);
        byte[] owner = [62, .. Enumerable.Repeat((byte)'o', 62), 0xC0, 12];
        var error = Reject(Header(qd: 1, an: 1), [.. question], owner, [0, 1, 0, 1, 0, 0, 0, 0, 0, 4, 192, 0, 2, 1]);
        Assert.Equal(DnsFormatError.NameTooLong, error.Error);
    }

    [Fact]
    public void Rejects_counts_larger_than_the_message() =>
        Assert.Equal(DnsFormatError.CountTooLarge, Reject(Header(qd: 1, an: 5), s_exampleQuestion).Error);

    [Fact]
    public void Rejects_a_header_shorter_than_12_bytes() =>
        Assert.Equal(DnsFormatError.Truncated, Reject(Header(qd: 0)[..11]).Error);

    [Fact]
    public void Rejects_an_RDLENGTH_that_runs_past_the_end()
    {
        var error = Reject(Header(qd: 1, an: 1), s_exampleQuestion, [0xC0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 10, 192, 0, 2, 1]);
        Assert.Equal(DnsFormatError.Truncated, error.Error);
        Assert.Contains("RDLENGTH", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_an_A_record_with_RDLENGTH_3()
    {
        var error = Reject(Header(qd: 1, an: 1), s_exampleQuestion, [0xC0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 3, 192, 0, 2]);
        Assert.Equal(DnsFormatError.RdataLengthMismatch, error.Error);
        Assert.Contains("A RDATA", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_a_name_in_RDATA_that_runs_past_RDLENGTH()
    {
        // CNAME with RDLENGTH 3 whose name needs 9 bytes; the next record's bytes must not be borrowed.
        var error = Reject(
            Header(qd: 1, an: 2),
            s_exampleQuestion,
            [0xC0, 12, 0, 5, 0, 1, 0, 0, 0, 60, 0, 3, 7, (byte)'e', (byte)'x'],
            [0xC0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 192, 0, 2, 1]);
        Assert.Equal(DnsFormatError.RdataLengthMismatch, error.Error);
    }

    [Fact]
    public void Rejects_two_OPT_records()
    {
        byte[] opt = [0, 0, 41, 4, 0xD0, 0, 0, 0, 0, 0, 0];
        Assert.Equal(DnsFormatError.DuplicateOpt, Reject(Header(qd: 1, ar: 2), s_exampleQuestion, opt, opt).Error);
    }

    [Fact]
    public void Rejects_an_OPT_record_in_the_answer_section()
    {
        byte[] opt = [0, 0, 41, 4, 0xD0, 0, 0, 0, 0, 0, 0];
        Assert.Equal(DnsFormatError.OptNotInAdditional, Reject(Header(qd: 1, an: 1), s_exampleQuestion, opt).Error);
    }

    [Fact]
    public void Rejects_an_OPT_option_that_runs_past_RDLENGTH()
    {
        byte[] opt = [0, 0, 41, 4, 0xD0, 0, 0, 0, 0, 0, 6, 0, 3, 0, 9, 1, 2];
        Assert.Equal(DnsFormatError.RdataLengthMismatch, Reject(Header(qd: 1, ar: 1), s_exampleQuestion, opt).Error);
    }

    [Fact]
    public void Rejects_more_records_than_the_limit_allows()
    {
        var record = new byte[] { 0xC0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 192, 0, 2, 1 };
        var message = Concat(Header(qd: 1, an: 3), s_exampleQuestion, record, record, record);
        Assert.Equal(3, DnsMessage.Parse(message).Answers.Length);
        var error = Assert.Throws<DnsFormatException>(() => DnsMessage.Parse(message, new ParseLimits { MaxRecords = 2 }));
        Assert.Equal(DnsFormatError.TooManyRecords, error.Error);
    }

    [Fact]
    public void Rejects_a_message_above_the_size_limit()
    {
        var message = Concat(Header(qd: 1), s_exampleQuestion);
        var error = Assert.Throws<DnsFormatException>(() => DnsMessage.Parse(message, new ParseLimits { MaxMessageSize = 20 }));
        Assert.Equal(DnsFormatError.MessageTooLarge, error.Error);
    }

    [Fact]
    public void Records_trailing_bytes_instead_of_rejecting_them()
    {
        var message = DnsMessage.Parse(Concat(Header(qd: 1), s_exampleQuestion, [0xDE, 0xAD, 0xBE]));
        Assert.True(message.HasTrailingBytes);
        Assert.Equal(3, message.TrailingByteCount);
        Assert.Equal("example.", message.Questions[0].Name.ToString());
    }

    private static DnsFormatException Reject(params byte[][] parts) =>
        Assert.Throws<DnsFormatException>(() => DnsMessage.Parse(Concat(parts)));

    private static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];

    private static byte[] Header(int qd = 0, int an = 0, int ns = 0, int ar = 0) =>
        [0x12, 0x34, 0x84, 0x00, 0, (byte)qd, 0, (byte)an, 0, (byte)ns, 0, (byte)ar];
}
