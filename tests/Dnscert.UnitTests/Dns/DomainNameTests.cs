using CsCheck;
using Dnscert.Dns;

namespace Dnscert.UnitTests.Dns;

public sealed class DomainNameTests
{
    [Theory]
    [InlineData("www.example.com", "www.example.com.")]
    [InlineData("www.example.com.", "www.example.com.")]
    [InlineData(".", ".")]
    [InlineData("a\\.b.example", "a\\.b.example.")]
    [InlineData("\\065bc.example", "Abc.example.")]
    [InlineData("tab\\009.example", "tab\\009.example.")]
    [InlineData("semi\\;colon.example", "semi\\;colon.example.")]
    public void Parses_presentation_text_and_formats_it_back_with_escapes(string text, string expected) =>
        Assert.Equal(expected, DomainName.Parse(text).ToString());

    [Fact]
    public void Keeps_an_escaped_dot_inside_one_label()
    {
        var name = DomainName.Parse("a\\.b.example.");
        Assert.Equal(2, name.LabelCount);
        Assert.Equal("a.b"u8.ToArray(), name.GetLabel(0).ToArray());
    }

    [Fact]
    public void Keeps_binary_label_bytes_exactly()
    {
        var name = DomainName.FromWire([4, 0xC3, 0xA9, 0x00, 0x2E, 0]);
        Assert.Equal("\\195\\169\\000\\..", name.ToString());
        Assert.Equal(name, DomainName.Parse(name.ToString()));
    }

    [Theory]
    [InlineData("a..b", DnsFormatError.EmptyLabel)]
    [InlineData(".a", DnsFormatError.EmptyLabel)]
    [InlineData("", DnsFormatError.EmptyLabel)]
    [InlineData("a\\25", DnsFormatError.InvalidEscape)]
    [InlineData("a\\256", DnsFormatError.InvalidEscape)]
    [InlineData("a\\", DnsFormatError.InvalidEscape)]
    public void Rejects_malformed_presentation_text(string text, DnsFormatError error) =>
        Assert.Equal(error, Assert.Throws<DnsFormatException>(() => DomainName.Parse(text)).Error);

    [Fact]
    public void Rejects_raw_non_ASCII_text_but_accepts_its_escaped_octets()
    {
        Assert.Equal(DnsFormatError.InvalidField, Assert.Throws<DnsFormatException>(() => DomainName.Parse("\u00e9.example")).Error);
        Assert.Equal(0xE9, DomainName.Parse("\\233.example").GetLabel(0)[0]);
    }

    [Fact]
    public void Rejects_a_label_of_64_octets_and_accepts_63()
    {
        Assert.Equal(64, DomainName.Parse(new string('a', 63)).WireLength - 1);
        Assert.Equal(DnsFormatError.LabelTooLong, Assert.Throws<DnsFormatException>(() => DomainName.Parse(new string('a', 64))).Error);
    }

    [Fact]
    public void Accepts_255_octets_in_wire_form_and_rejects_256()
    {
        var l63 = new string('a', 63);
        var ok = $"{l63}.{l63}.{l63}.{new string('b', 61)}";
        Assert.Equal(255, DomainName.Parse(ok).WireLength);
        var tooLong = $"{l63}.{l63}.{l63}.{new string('b', 62)}";
        Assert.Equal(DnsFormatError.NameTooLong, Assert.Throws<DnsFormatException>(() => DomainName.Parse(tooLong)).Error);
    }

    [Fact]
    public void Compares_and_hashes_with_ASCII_case_folding_only()
    {
        Assert.Equal(DomainName.Parse("WWW.Example.COM"), DomainName.Parse("www.example.com"));
        Assert.Equal(DomainName.Parse("WWW.Example.COM").GetHashCode(), DomainName.Parse("www.example.com").GetHashCode());
        // 0xC9 and 0xE9 (É and é in Latin-1) are different octets: no folding outside ASCII.
        Assert.NotEqual(DomainName.Parse("\\201.example"), DomainName.Parse("\\233.example"));
    }

    [Fact]
    public void Orders_names_canonically_as_in_RFC_4034_section_6_1()
    {
        // The example list of RFC 4034 §6.1, in order.
        string[] expected =
        [
            "example.", "a.example.", "yljkjljk.a.example.", "Z.a.example.", "zABC.a.EXAMPLE.",
            "z.example.", "\\001.z.example.", "*.z.example.", "\\200.z.example.",
        ];
        var shuffled = expected.Reverse().Select(DomainName.Parse).ToList();
        shuffled.Sort();
        Assert.Equal(expected.Select(DomainName.Parse), shuffled);
    }

    [Fact]
    public void Knows_its_parent_label_count_and_subdomains()
    {
        var name = DomainName.Parse("www.Example.com");
        Assert.Equal(3, name.LabelCount);
        Assert.Equal(DomainName.Parse("example.com"), name.Parent);
        Assert.True(name.IsSubdomainOf(DomainName.Parse("EXAMPLE.com")));
        Assert.True(name.IsSubdomainOf(name));
        Assert.True(name.IsSubdomainOf(DomainName.Root));
        Assert.False(name.IsSubdomainOf(DomainName.Parse("ample.com")));
        Assert.False(DomainName.Parse("example.com").IsSubdomainOf(name));
        Assert.True(DomainName.Parse("com").Parent.IsRoot);
        Assert.Throws<InvalidOperationException>(() => DomainName.Root.Parent);
    }

    [Fact]
    public void Builds_child_names_canonical_forms_and_knows_wildcards()
    {
        var zone = DomainName.Parse("Example.COM.");
        Assert.Equal("_dmarc.Example.COM.", zone.Prepend("_dmarc"u8).ToString());
        Assert.Equal("example.com.", zone.ToCanonical().ToString());
        Assert.Equal(zone, zone.ToCanonical());
        Assert.True(zone.Prepend("*"u8).IsWildcard);
        Assert.False(DomainName.Parse("\\*.example.").Prepend("a"u8).IsWildcard);
        Assert.False(DomainName.Root.IsWildcard);
        Assert.Throws<ArgumentException>(() => zone.Prepend(new byte[64]));
        Assert.Throws<ArgumentException>(() => DomainName.Parse($"{new string('a', 63)}.{new string('b', 63)}.{new string('c', 63)}.{new string('d', 60)}").Prepend("xy"u8));
    }

    [Fact]
    public void Writes_the_uncompressed_wire_form()
    {
        var buffer = new byte[32];
        var length = DomainName.Parse("ab.c").WriteTo(buffer);
        Assert.Equal(new byte[] { 2, (byte)'a', (byte)'b', 1, (byte)'c', 0 }, buffer[..length]);
    }

    [Fact]
    public void Arbitrary_text_raises_only_DnsFormatException()
    {
        Gen.Char["ab.\\0259-*\u00e9\u20ac \""].Array[0, 300].Sample(chars =>
        {
            if (DomainName.TryParse(new string(chars), out var name))
            {
                Assert.True(name.WireLength <= DomainName.MaxWireLength);
                Assert.Equal(name, DomainName.Parse(name.ToString()));
            }
        }, iter: 5000);
    }

    [Fact]
    public void Round_trips_any_wire_name_through_presentation_text()
    {
        var label = Gen.Byte.Array[1, 63];
        var names = label.Array[0, 4].Where(labels => labels.Sum(l => l.Length + 1) + 1 <= 255);
        names.Sample(labels =>
        {
            var wire = labels.SelectMany(l => new[] { (byte)l.Length }.Concat(l)).Append((byte)0).ToArray();
            var name = DomainName.FromWire(wire);
            var parsed = DomainName.Parse(name.ToString());
            Assert.Equal(wire, parsed.Wire.ToArray());
            Assert.Equal(labels.Length, parsed.LabelCount);
        }, iter: 2000);
    }
}
