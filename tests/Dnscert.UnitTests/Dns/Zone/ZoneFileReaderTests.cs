using System.Text;
using Dnscert.Dns;
using Dnscert.Dns.Records;
using Dnscert.Dns.Zone;
using static Dnscert.UnitTests.Dns.Zone.ZoneTestText;

namespace Dnscert.UnitTests.Dns.Zone;

/// <summary>The master-file syntax of RFC 1035 §5.1, RFC 2308 $TTL and BIND's extensions, one form per test.</summary>
public sealed class ZoneFileReaderTests
{
    [Fact]
    public void Reads_owner_TTL_class_type_and_data_of_one_record()
    {
        var record = Assert.Single(Read("www.example. 300 IN A 192.0.2.1\n"));
        Assert.Equal(DomainName.Parse("www.example."), record.Owner);
        Assert.Equal(300u, record.Ttl);
        Assert.Equal(RRClass.IN, record.Class);
        Assert.Equal(RRType.A, record.Type);
        Assert.Equal("192.0.2.1", record.Data.ToString());
    }

    [Fact]
    public void At_sign_is_the_origin_and_names_without_a_final_dot_are_relative_to_it()
    {
        Assert.Equal(
            ["example. 60 IN MX 10 mail.example.", "www.example. 60 IN CNAME example.", "a.b.example. 60 IN NS ns.other."],
            Lines("$TTL 60\n@ MX 10 mail\nwww CNAME @\na.b NS ns.other.\n"));
    }

    [Fact]
    public void A_line_starting_with_a_space_or_tab_continues_the_previous_owner()
    {
        Assert.Equal(
            ["www.example. 60 IN A 192.0.2.1", "www.example. 60 IN A 192.0.2.2", "www.example. 60 IN AAAA 2001:db8::1"],
            Lines("$TTL 60\nwww A 192.0.2.1\n A 192.0.2.2\n\tAAAA 2001:db8::1\n"));
    }

    [Theory]
    [InlineData("www 300 IN A 192.0.2.1")]
    [InlineData("www IN 300 A 192.0.2.1")]
    [InlineData("www 300 A 192.0.2.1")]
    [InlineData("www in 300 a 192.0.2.1")]
    [InlineData("www CLASS1 5m TYPE1 192.0.2.1")]
    public void TTL_and_class_may_come_in_either_order_and_mnemonics_in_any_case(string line) =>
        Assert.Equal(["www.example. 300 IN A 192.0.2.1"], Lines(line));

    [Fact]
    public void TTL_and_class_may_both_be_omitted()
    {
        Assert.Equal(["www.example. 900 IN A 192.0.2.1"], Lines("$TTL 900\nwww A 192.0.2.1"));
    }

    [Theory]
    [InlineData("3600", 3600u)]
    [InlineData("0", 0u)]
    [InlineData("1h30m", 5400u)]
    [InlineData("1w", 604800u)]
    [InlineData("2D", 172800u)]
    [InlineData("1w2d3h4m5s", 788645u)]
    [InlineData("45S", 45u)]
    [InlineData("2147483647", 2147483647u)]
    public void TTLs_are_seconds_or_BIND_durations(string ttl, uint seconds)
    {
        Assert.Equal(seconds, Assert.Single(Read($"www {ttl} A 192.0.2.1")).Ttl);
        Assert.Equal(seconds, Assert.Single(Read($"$TTL {ttl}\nwww A 192.0.2.1")).Ttl);
    }

    [Fact]
    public void Parentheses_join_lines_and_comments_are_ignored_anywhere()
    {
        const string text = """
            ; a zone
            @ 3600 IN SOA ns1 hostmaster ( ; the SOA
                    2026112801 ; serial
                    1h         ; refresh
                    15M        ; retry
                    1w         ; expire
                    300 )      ; minimum

            @ NS ns1 ; apex NS
            """;
        Assert.Equal(
            ["example. 3600 IN SOA ns1.example. hostmaster.example. 2026112801 3600 900 604800 300", "example. 3600 IN NS ns1.example."],
            Lines(text));
    }

    [Fact]
    public void Nested_parentheses_are_accepted_as_BIND_accepts_them() =>
        Assert.Equal("\"x\" \"y\"", Assert.Single(Read("$TTL 1\nt TXT ((x\n y))\n")).Data.ToString());

    [Fact]
    public void Quoted_strings_keep_spaces_semicolons_parentheses_and_escapes()
    {
        var record = Assert.Single(Read("$TTL 1\ntxt TXT \"a; (b)\" \"say \\\"hi\\\"\" \\065\\066 \"\\255\" plain\n"));
        Assert.Equal("\"a; (b)\" \"say \\\"hi\\\"\" \"AB\" \"\\255\" \"plain\"", record.Data.ToString());
    }

    [Fact]
    public void A_parenthesised_record_may_split_a_quoted_TXT_and_base64_across_lines()
    {
        var record = Assert.Single(Read("$TTL 1\nk DNSKEY 257 3 13 (\n  AQID\n  BA== )\n"));
        Assert.Equal("257 3 13 AQIDBA==", record.Data.ToString());
        var records = Read("$TTL 1\nt TXT ( \"one\"\n \"two\" )\n");
        Assert.Equal("\"one\" \"two\"", Assert.Single(records).Data.ToString());
    }

    [Fact]
    public void Escaped_dots_and_other_escapes_stay_inside_a_label()
    {
        var record = Assert.Single(Read("$TTL 1\na\\.b.c A 192.0.2.1\n"));
        Assert.Equal(3, record.Owner.LabelCount);
        Assert.Equal("a.b"u8.ToArray(), record.Owner.GetLabel(0).ToArray());
        var spaced = Assert.Single(Read("$TTL 1\nx\\032y\\(z\\; A 192.0.2.1\n"));
        Assert.Equal("x y(z;"u8.ToArray(), spaced.Owner.GetLabel(0).ToArray());
    }

    [Fact]
    public void Unknown_types_and_classes_use_the_RFC_3597_forms()
    {
        Assert.Equal(
            ["x.example. 1 IN TYPE65280 \\# 3 010203", "y.example. 1 IN A 192.0.2.1", "z.example. 1 IN TYPE65281 \\# 0"],
            Lines("$TTL 1\nx TYPE65280 \\# 3 010203\ny A \\# 4 C0000201\nz TYPE65281 \\# 0\n"));
    }

    [Fact]
    public void Origin_directive_takes_absolute_and_relative_names()
    {
        Assert.Equal(
            ["a.sub.example. 1 IN A 192.0.2.1", "b.deeper.sub.example. 1 IN A 192.0.2.2", "c.other. 1 IN NS ns.other."],
            Lines("$TTL 1\n$ORIGIN sub\na A 192.0.2.1\n$ORIGIN deeper\nb A 192.0.2.2\n$origin other.\nc NS ns\n"));
    }

    [Fact]
    public void TTL_directive_sets_the_default_for_records_without_a_TTL()
    {
        Assert.Equal([100u, 5u, 100u, 200u], Read("$TTL 100\na A 192.0.2.1\nb 5 A 192.0.2.1\nc A 192.0.2.1\n$TTL 200\nd A 192.0.2.1\n").Select(r => r.Ttl));
    }

    [Fact]
    public void Without_TTL_directive_a_record_takes_the_last_TTL_written_before_it()
    {
        Assert.Equal([7u, 7u, 9u, 9u], Read("a 7 A 192.0.2.1\nb A 192.0.2.1\nc 9 A 192.0.2.1\nd A 192.0.2.1\n").Select(r => r.Ttl));
    }

    [Fact]
    public void Without_any_TTL_the_SOA_minimum_becomes_the_default()
    {
        Assert.Equal([300u, 300u, 20u, 300u], Read("@ SOA ns hm 1 2 3 4 300\na A 192.0.2.1\nb 20 A 192.0.2.1\nc A 192.0.2.1\n").Select(r => r.Ttl));
    }

    [Fact]
    public void SOA_timers_accept_TTL_units()
    {
        var soa = (SoaRecordData)Assert.Single(Read("@ 1 SOA ns hm 2026 1H 30m 2w 1d\n")).Data;
        Assert.Equal((2026u, 3600u, 1800u, 1209600u, 86400u), (soa.Serial, soa.Refresh, soa.Retry, soa.Expire, soa.Minimum));
    }

    [Fact]
    public void Generate_substitutes_the_counter_for_each_dollar()
    {
        Assert.Equal(
            ["host1.example. 60 IN A 10.0.0.1", "host2.example. 60 IN A 10.0.0.2", "host3.example. 60 IN A 10.0.0.3"],
            Lines("$TTL 60\n$GENERATE 1-3 host$ A 10.0.0.$\n"));
    }

    [Fact]
    public void Generate_takes_a_step_a_TTL_a_class_and_offset_width_base_modifiers()
    {
        Assert.Equal(
            ["h-010-0a.example. 30 IN PTR x11.example.", "h-012-0c.example. 30 IN PTR x13.example.", "h-014-0e.example. 30 IN PTR x15.example."],
            Lines("$GENERATE 10-15/2 h-${0,3}-${0,2,x} IN 30 PTR x${1}\n"));
        Assert.Equal(["p21.example. 1 IN CNAME A.example."], Lines("$TTL 1\n$GENERATE 10-10 p${7,0,o} CNAME ${0,0,X}\n"));
    }

    [Fact]
    public void Generate_keeps_an_escaped_or_doubled_dollar_and_takes_a_quoted_multi_field_template()
    {
        Assert.Equal(
            ["a\\$1.example. 1 IN MX 10 mx1.example.", "b\\$1.example. 1 IN MX 10 mx1.example."],
            Lines("$TTL 1\n$GENERATE 1-1 a\\$$ MX \"10 mx$\"\n$GENERATE 1-1 b$$$ MX \"10 mx$\"\n"));
    }

    [Fact]
    public void A_blank_owner_after_GENERATE_continues_the_owner_before_it_as_in_BIND()
    {
        Assert.Equal(
            ["before.example. 1 IN A 192.0.2.9", "a0.example. 1 IN A 192.0.2.0", "a1.example. 1 IN A 192.0.2.1", "before.example. 1 IN TXT \"blank owner\""],
            Lines("$TTL 1\nbefore A 192.0.2.9\n$GENERATE 0-1 a$ A 192.0.2.$\n TXT \"blank owner\"\n"));
    }

    [Fact]
    public void Windows_line_endings_and_a_missing_final_newline_are_accepted()
    {
        Assert.Equal(["a.example. 1 IN A 192.0.2.1", "b.example. 1 IN A 192.0.2.2"], Lines("$TTL 1\r\na A 192.0.2.1\r\nb A 192.0.2.2"));
    }

    [Fact]
    public void Reads_UTF_8_from_a_stream_and_keeps_raw_UTF_8_text_in_character_strings()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes("$TTL 1\nt TXT \"caf\u00e9\"\n"));
        using var reader = new ZoneFileReader(stream, Options());
        Assert.Equal("\"caf\\195\\169\"", Assert.Single(reader.ReadAll()).Data.ToString());
    }

    [Fact]
    public void Reports_the_file_and_line_of_the_last_record()
    {
        using var reader = ZoneFileReader.FromText("$TTL 1\n\n; c\na A 192.0.2.1\nb (\n A 192.0.2.2 )\n", Options());
        Assert.True(reader.TryRead(out _));
        Assert.Equal(("test.zone", 4), (reader.FileName, reader.Line));
        Assert.True(reader.TryRead(out _));
        Assert.Equal(5, reader.Line);
        Assert.False(reader.TryRead(out _));
        Assert.Equal(2, reader.RecordCount);
    }

    [Fact]
    public void Every_typed_record_the_DNS_layer_prints_is_read_back_from_a_zone_line()
    {
        foreach (var row in Records.RecordRoundTripTests.Cases())
        {
            var (label, record, text) = row.Data;
            var read = Assert.Single(Read($"x 1 IN {DnsMnemonics.ToText(record.Type)} {text}\n"));
            Assert.True(record.ToWire().AsSpan().SequenceEqual(read.Data.ToWire()), label);
        }
    }
}
