using Dnscert.Dns.Zone;
using static Dnscert.UnitTests.Dns.Zone.ZoneTestText;

namespace Dnscert.UnitTests.Dns.Zone;

/// <summary>Every syntax error and exceeded limit is a ZoneFileException that says where and what, in one sentence.</summary>
public sealed class ZoneFileErrorTests
{
    public static TheoryData<string, int, int, string> Errors() => new()
    {
        { "$TTL 1\nwww 1x A 192.0.2.1", 2, 5, "TTL '1x' is not a number of seconds or a duration like 1h30m" },
        { "$TTL 1h30", 1, 6, "TTL '1h30' is not a number of seconds or a duration like 1h30m" },
        { "www 2147483648 A 192.0.2.1", 1, 5, "TTL '2147483648' is larger than 2147483647 (RFC 2181 §8)" },
        { "www 99999999999 A 192.0.2.1", 1, 5, "TTL '99999999999' is larger than 2147483647 (RFC 2181 §8)" },
        { "$TTL 1\n@ SOA ns hm (1 2 3\n 4 5\n\n", 2, 13, "the parenthesis opened here is never closed" },
        { "$TTL 1\nwww A 192.0.2.1 )", 2, 17, "')' has no matching '('" },
        { "$TTL 1\nwww A " + new string('(', 65), 2, 71, "parentheses are nested more than 64 deep" },
        { "$TTL 1\nt TXT \"abc\ndef\"", 2, 7, "the quoted string that starts here is not closed on the same line" },
        { "$TTL 1\nt TXT abc\\", 2, 10, "a backslash at the end of a line escapes nothing" },
        { "$FOO bar", 1, 1, "unknown directive '$FOO' (expected $ORIGIN, $TTL, $INCLUDE or $GENERATE; a name starting with $ is written \\$)" },
        { "$TTL", 1, 5, "$TTL needs a TTL" },
        { "$TTL 1 2", 1, 8, "$TTL takes a TTL, but more follows: '2'" },
        { "$ORIGIN", 1, 8, "$ORIGIN needs a domain name" },
        { "$ORIGIN a..b.", 1, 11, "$ORIGIN 'a..b.' is not a valid domain name: it has an empty label" },
        { "$TTL 1\na..b A 192.0.2.1", 2, 3, "owner name 'a..b' is not a valid domain name: it has an empty label" },
        { "$TTL 1\n" + "a234567890123456789012345678901234567890123456789012345678901234 A 192.0.2.1", 2, 64, "owner name 'a234567890123456789012345678901234567890123456789012345678901234' is not a valid domain name: a label is longer than 63 octets" },
        { "$TTL 1\nwww\\999 A 192.0.2.1", 2, 5, "owner name 'www\\999' is not a valid domain name: an escape is not \\X or \\DDD with DDD at most 255" },
        { "$TTL 1\n\"www\" A 192.0.2.1", 2, 1, "an owner name cannot be a quoted string" },
        { "$TTL 1\nwww 300 IN", 2, 11, "the record ends before its type" },
        { "$TTL 1\nwww", 2, 4, "the record ends before its type" },
        { "$TTL 1\nwww FOO 192.0.2.1", 2, 5, "'FOO' is not a record type, class or TTL" },
        { "$TTL 1\nwww 1 IN IN A 192.0.2.1", 2, 10, "'IN' is not a record type" },
        { "$TTL 1\nwww \"A\" 192.0.2.1", 2, 5, "expected a TTL, class or type, found the quoted string \"A\"" },
        { "$TTL 1\nwww IN ANY 192.0.2.1", 2, 8, "type ANY is a query or meta type and cannot appear in a zone file" },
        { "$TTL 1\nwww OPT \\# 0", 2, 5, "type OPT is a query or meta type and cannot appear in a zone file" },
        { "$TTL 1\nwww CH TXT \"x\"", 2, 1, "the record's class CH is not the zone's class IN" },
        { " A 192.0.2.1", 1, 2, "the line starts with a space, so it continues the previous owner, but there is no previous record" },
        { "www A 192.0.2.1", 1, 1, "the record has no TTL, and there is no $TTL, earlier TTL or SOA to take one from" },
        { "$TTL 1\nwww A 192.0.2", 2, 7, "bad A data: address (192.0.2 is not an IPv4 address)" },
        { "$TTL 1\nwww A", 2, 6, "bad A data: address (missing)" },
        { "$TTL 1\nwww A 192.0.2.1 192.0.2.2", 2, 17, "bad A data: (unexpected text after the last field)" },
        { "$TTL 1\nmx MX ten mail", 2, 7, "bad MX data: preference (ten is not a number from 0 to 65535)" },
        { "$TTL 1\nns NS a..b", 2, 9, "bad NS data: target (it has an empty label)" },
        { "$TTL 1\nx TYPE65280 \\# 3 0102", 2, 16, "bad TYPE65280 data: generic RDATA (length 3, 2 octets given)" },
        { "$TTL 1\nx A \\# 3 010203", 2, 5, "bad A data: RDATA (the length does not fit the type)" },
        { "$GENERATE 1 a$ A 192.0.2.$", 1, 11, "$GENERATE range '1' is not start-stop or start-stop/step with numbers from 0 to 2147483647" },
        { "$GENERATE 5-1 a$ A 192.0.2.$", 1, 11, "$GENERATE range '5-1' is empty or its step is not positive" },
        { "$GENERATE 1-5/0 a$ A 192.0.2.$", 1, 11, "$GENERATE range '1-5/0' is empty or its step is not positive" },
        { "$GENERATE 1-5 a$ A", 1, 19, "$GENERATE needs a range, an owner template, a type and an RDATA template" },
        { "$TTL 1\n$GENERATE 1-5 a$ A 192.0.2.$ extra", 2, 30, "$GENERATE takes one RDATA template; quote it if it has spaces" },
        { "$TTL 1\n$GENERATE 1-5 a${0,3,q} A 192.0.2.$", 2, 1, "$GENERATE: the base in '${0,3,q}' is not d, o, x or X (nibble formats n and N are not supported)" },
        { "$TTL 1\n$GENERATE 1-5 a${0,3 A 192.0.2.$", 2, 1, "$GENERATE: '${' in 'a${0,3' has no closing '}'" },
        { "$TTL 1\n$GENERATE 1-5 a${-2} A 192.0.2.$", 2, 1, "$GENERATE: the offset in '${-2}' makes the value negative" },
        { "$TTL 1\n$GENERATE 1-5 a${x} A 192.0.2.$", 2, 1, "$GENERATE: the offset in '${x}' is not a number" },
        { "$TTL 1\n$GENERATE 250-256 a$ A 192.0.2.$", 2, 24, "bad A data: address (192.0.2.256 is not an IPv4 address)" },
        { "$INCLUDE other.zone", 1, 1, "$INCLUDE is not allowed: zone files from others may not read local files (set ZoneReaderOptions.IncludeDirectory to allow it)" },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public void Each_syntax_error_names_its_line_column_and_cause(string text, int line, int column, string reason)
    {
        var error = Error(text);
        Assert.Equal(reason, error.Reason);
        Assert.Equal((line, column), (error.Line, error.Column));
        Assert.Equal("test.zone", error.FileName);
        Assert.StartsWith($"test.zone, line {line}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_message_reads_file_line_column_and_reason()
    {
        Assert.Equal("test.zone, line 2, column 5: TTL '1x' is not a number of seconds or a duration like 1h30m", Error("$TTL 1\nwww 1x A 192.0.2.1").Message);
    }

    [Fact]
    public void Invalid_UTF_8_in_a_stream_is_an_error_not_a_replacement_character()
    {
        using var stream = new MemoryStream([.. "$TTL 1\nt TXT \""u8, 0xC3, 0x28, .. "\"\n"u8]);
        using var reader = new ZoneFileReader(stream, Options());
        var error = Assert.Throws<ZoneFileException>(() => reader.ReadAll().ToList());
        Assert.Equal("the file is not valid UTF-8 text", error.Reason);
    }

    [Fact]
    public void A_line_longer_than_the_limit_is_refused()
    {
        var limits = ZoneParseLimits.Default with { MaxLineLength = 40 };
        Assert.Single(Read("$TTL 1\nt TXT \"" + new string('x', 30) + "\"", Options(limits: limits)));
        var error = Error("$TTL 1\nt TXT \"" + new string('x', 40) + "\"", Options(limits: limits));
        Assert.Equal((2, "the line is longer than 40 characters (ZoneParseLimits.MaxLineLength)"), (error.Line, error.Reason));
    }

    [Fact]
    public void A_record_with_more_tokens_than_the_limit_is_refused()
    {
        var limits = ZoneParseLimits.Default with { MaxTokensPerRecord = 6 };
        Assert.Single(Read("$TTL 1\nt TXT a b c d", Options(limits: limits)));
        var error = Error("$TTL 1\nt TXT ( a b c\n d e )", Options(limits: limits));
        Assert.Equal((3, 4, "the record has more than 6 tokens (ZoneParseLimits.MaxTokensPerRecord)"), (error.Line, error.Column, error.Reason));
    }

    [Fact]
    public void A_record_longer_than_the_limit_is_refused_even_across_lines()
    {
        var limits = ZoneParseLimits.Default with { MaxRecordLength = 1000, MaxLineLength = 100 };
        var lines = string.Concat(Enumerable.Repeat("0102030405060708090a0b0c0d0e0f\n", 40));
        var error = Error($"$TTL 1\nx TYPE65280 \\# 600 (\n{lines})", Options(limits: limits));
        Assert.Equal((2, "the record is longer than 1000 characters (ZoneParseLimits.MaxRecordLength)"), (error.Line, error.Reason));
    }

    [Fact]
    public void More_records_than_the_limit_are_refused()
    {
        var limits = ZoneParseLimits.Default with { MaxRecords = 3 };
        Assert.Equal(3, Read("$TTL 1\na A 192.0.2.1\nb A 192.0.2.1\nc A 192.0.2.1\n", Options(limits: limits)).Count);
        var error = Error("$TTL 1\na A 192.0.2.1\nb A 192.0.2.1\nc A 192.0.2.1\nd A 192.0.2.1\n", Options(limits: limits));
        Assert.Equal((5, "the zone has more than 3 records (ZoneParseLimits.MaxRecords)"), (error.Line, error.Reason));
        var generated = Error("$TTL 1\n$GENERATE 1-10 a$ A 192.0.2.$", Options(limits: limits));
        Assert.Equal((2, "the zone has more than 3 records (ZoneParseLimits.MaxRecords)"), (generated.Line, generated.Reason));
    }

    [Fact]
    public void A_GENERATE_range_larger_than_the_limit_is_refused_before_any_record()
    {
        var limits = ZoneParseLimits.Default with { MaxGenerateCount = 10 };
        Assert.Equal(10, Read("$TTL 1\n$GENERATE 1-10 a$ A 192.0.2.$", Options(limits: limits)).Count);
        Assert.Equal(5, Read("$TTL 1\n$GENERATE 1-10/2 a$ A 192.0.2.$", Options(limits: limits)).Count);
        var error = Error("$TTL 1\n$GENERATE 0-2147483647 a$ A 192.0.2.1", Options(limits: limits));
        Assert.Equal("$GENERATE range '0-2147483647' makes more than 10 records (ZoneParseLimits.MaxGenerateCount)", error.Reason);
    }

    [Fact]
    public void Text_larger_than_the_file_size_limit_is_refused()
    {
        var limits = ZoneParseLimits.Default with { MaxFileSize = 100_000 };
        var text = "$TTL 1\n" + string.Concat(Enumerable.Repeat("; padding padding padding padding padding\n", 4000));
        var error = Error(text, Options(limits: limits));
        Assert.Equal("the file is larger than 100000 characters (ZoneParseLimits.MaxFileSize)", error.Reason);
    }

    [Fact]
    public void A_generated_name_longer_than_the_line_limit_is_refused()
    {
        var limits = ZoneParseLimits.Default with { MaxLineLength = 50 };
        var error = Error("$TTL 1\n$GENERATE 1-2 a${0,60} A 192.0.2.1", Options(limits: limits));
        Assert.Equal("$GENERATE: a generated text is longer than 50 characters", error.Reason);
    }
}
