using Dnscert.Core.Store;

namespace Dnscert.UnitTests.Store;

public sealed class TlpTextTests
{
    [Theory]
    [InlineData("clear", Tlp.Clear)]
    [InlineData(" Green ", Tlp.Green)]
    [InlineData("amber", Tlp.Amber)]
    [InlineData("AMBER+STRICT", Tlp.AmberStrict)]
    [InlineData("amber-strict", Tlp.AmberStrict)]
    [InlineData("red", Tlp.Red)]
    public void Every_marking_a_person_may_type_is_read(string text, Tlp expected) => Assert.Equal(expected, TlpText.TryParse(text));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("white")]
    [InlineData("amber strict")]
    [InlineData("TLP:RED")]
    [InlineData("2")]
    public void Anything_else_is_no_marking(string? text) => Assert.Null(TlpText.TryParse(text));
}
