using System.Text.RegularExpressions;
using CsCheck;
using Dnscert.Checks.Messages;

namespace Dnscert.UnitTests.Checks.Messages;

/// <summary>The hand-written placeholder filler against the regular expression it replaced.</summary>
public sealed partial class MessageTagTests
{
    private static readonly Dictionary<string, string> s_arguments = new(StringComparer.Ordinal)
    {
        ["ns"] = "ns1.example.",
        ["a"] = "{ns}",
        ["ns_ip_list"] = "192.0.2.1;198.51.100.7",
        ["x9"] = "",
    };

    [Fact]
    public void Fills_known_placeholders_and_leaves_unknown_ones_and_stray_braces_alone()
    {
        Assert.Equal("Server ns1.example. at 192.0.2.1;198.51.100.7 {unknown} {NS} { ns} {}.",
            MessageTag.FormatTemplate("Server {ns} at {ns_ip_list} {unknown} {NS} { ns} {}.", s_arguments));
        // A value is not filled again, and a brace before a placeholder stays.
        Assert.Equal("{{ns}} {{ns1.example.", MessageTag.FormatTemplate("{{a}} {{{ns}", s_arguments));
        Assert.Equal("no placeholders", MessageTag.FormatTemplate("no placeholders", s_arguments));
    }

    [Fact]
    public void Gives_what_the_regular_expression_gives_on_random_templates()
    {
        // Templates from an alphabet rich in braces, placeholder characters and characters a name may not hold.
        Gen.Char["{}ansx9_ ÉZ-"].Array[0, 40].Select(c => new string(c)).Sample(template =>
        {
            var expected = Placeholder().Replace(template, m => s_arguments.TryGetValue(m.Groups[1].Value, out var v) ? v : m.Value);
            Assert.Equal(expected, MessageTag.FormatTemplate(template, s_arguments));
        }, iter: 20000);
    }

    [GeneratedRegex(@"\{([a-z][a-z0-9_]*)\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}
