using Dnscert.Dns;

namespace Dnscert.UnitTests.Dns;

public sealed class DnsMnemonicsTests
{
    [Theory]
    [InlineData("A", RRType.A)]
    [InlineData("nsec3param", RRType.NSEC3PARAM)]
    [InlineData("TYPE65280", (RRType)65280)]
    [InlineData("type1", RRType.A)]
    public void Parses_type_mnemonics_and_the_generic_form(string text, RRType expected)
    {
        Assert.True(DnsMnemonics.TryParseType(text, out var type));
        Assert.Equal(expected, type);
    }

    [Theory]
    [InlineData("TYPE")]
    [InlineData("TYPE65536")]
    [InlineData("TYPE-1")]
    [InlineData("BOGUS")]
    [InlineData("")]
    public void Refuses_unknown_type_text(string text) => Assert.False(DnsMnemonics.TryParseType(text, out _));

    [Fact]
    public void Prints_unknown_types_and_classes_in_the_generic_form()
    {
        Assert.Equal("TYPE65280", DnsMnemonics.ToText((RRType)65280));
        Assert.Equal("CLASS42", DnsMnemonics.ToText((RRClass)42));
        Assert.Equal("CAA", DnsMnemonics.ToText(RRType.CAA));
        Assert.True(DnsMnemonics.TryParseClass("ch", out var ch) && ch == RRClass.CH);
        Assert.True(DnsMnemonics.TryParseClass("CLASS42", out var c42) && (ushort)c42 == 42);
    }
}
