using Dnscert.Checks.Syntax;
using static Dnscert.UnitTests.Checks.Syntax.SyntaxTestFacts;

namespace Dnscert.UnitTests.Checks.Syntax;

/// <summary>SYNTAX01, SYNTAX02 and SYNTAX03: the zone name itself.</summary>
public sealed class DomainNameChecksTests
{
    [Fact]
    public void Syntax01_letters_digits_and_hyphens_only()
    {
        Assert.Equal(["ONLY_ALLOWED_CHARS"], Tags(new DomainNameCharactersCheck(), Facts("xn--bcher-kva.example.")));
        Assert.Equal(["ONLY_ALLOWED_CHARS"], Tags(new DomainNameCharactersCheck(), Facts(".")));
        var bad = Run(new DomainNameCharactersCheck(), Facts("under_score.example."));
        Assert.Equal(["NON_ALLOWED_CHARS"], bad.Select(m => m.Tag.Name));
        AssertEvidence(bad);
        Assert.Equal(["NON_ALLOWED_CHARS"], Tags(new DomainNameCharactersCheck(), Facts("sp\\032ace.example.")));
    }

    [Fact]
    public void Syntax02_no_label_starts_or_ends_with_a_hyphen()
    {
        Assert.Equal(["NO_ENDING_HYPHENS"], Tags(new DomainNameHyphenCheck(), Facts("a-b.example.")));
        Assert.Empty(Tags(new DomainNameHyphenCheck(), Facts(".")));
        var initial = Run(new DomainNameHyphenCheck(), Facts("-ab.example."));
        Assert.Equal(["INITIAL_HYPHEN"], initial.Select(m => m.Tag.Name));
        Assert.Equal("-ab", initial[0].Arguments["label"]);
        AssertEvidence(initial);
        Assert.Equal(["TERMINAL_HYPHEN"], Tags(new DomainNameHyphenCheck(), Facts("ab-.example.")));
        Assert.Equal(["INITIAL_HYPHEN", "TERMINAL_HYPHEN"], Tags(new DomainNameHyphenCheck(), Facts("-.example.")));
    }

    [Fact]
    public void Syntax03_double_dash_in_positions_3_and_4_only_for_xn()
    {
        Assert.Equal(["NO_DOUBLE_DASH"], Tags(new DomainNameDoubleDashCheck(), Facts("xn--bcher-kva.example.")));
        Assert.Equal(["NO_DOUBLE_DASH"], Tags(new DomainNameDoubleDashCheck(), Facts("XN--bcher-kva.a--b.example.")));
        Assert.Empty(Tags(new DomainNameDoubleDashCheck(), Facts(".")));
        var bad = Run(new DomainNameDoubleDashCheck(), Facts("ab--cd.example."));
        Assert.Equal(["DISCOURAGED_DOUBLE_DASH"], bad.Select(m => m.Tag.Name));
        Assert.Equal("ab--cd", bad[0].Arguments["label"]);
        AssertEvidence(bad);
    }
}
