using Dnscert.Feeds.Parsers;
using Dnscert.Feeds.PublicSuffix;

namespace Dnscert.UnitTests.Feeds;

/// <summary>Our own vectors in the spirit of the PSL's test_psl.txt, against a small list that has every rule kind.</summary>
public sealed class PublicSuffixListTests
{
    internal const string SmallList = """
        // A test list written for dnscert.
        // ===BEGIN ICANN DOMAINS===
        com
        uk
        co.uk
        jp
        *.kawasaki.jp
        !city.kawasaki.jp
        *.ck
        !www.ck
        рф
        // ===END ICANN DOMAINS===
        // ===BEGIN PRIVATE DOMAINS===
        blogspot.com
        // ===END PRIVATE DOMAINS===
        """;

    private static readonly PublicSuffixList s_list = PublicSuffixList.Parse(new StringReader(SmallList));

    [Theory]
    [InlineData("com", null)]
    [InlineData("example.com", "example.com")]
    [InlineData("a.b.example.com", "example.com")]
    [InlineData("co.uk", null)]
    [InlineData("example.co.uk", "example.co.uk")]
    [InlineData("www.example.co.uk", "example.co.uk")]
    [InlineData("example.uk", "example.uk")]
    [InlineData("kawasaki.jp", "kawasaki.jp")]
    [InlineData("foo.kawasaki.jp", null)]
    [InlineData("x.foo.kawasaki.jp", "x.foo.kawasaki.jp")]
    [InlineData("a.x.foo.kawasaki.jp", "x.foo.kawasaki.jp")]
    [InlineData("city.kawasaki.jp", "city.kawasaki.jp")]
    [InlineData("www.city.kawasaki.jp", "city.kawasaki.jp")]
    [InlineData("ck", null)]
    [InlineData("anything.ck", null)]
    [InlineData("www.ck", "www.ck")]
    [InlineData("a.www.ck", "www.ck")]
    [InlineData("shop.anything.ck", "shop.anything.ck")]
    [InlineData("example.unlisted", "example.unlisted")]
    [InlineData("a.b.example.unlisted", "example.unlisted")]
    [InlineData("unlisted", null)]
    [InlineData("blogspot.com", null)]
    [InlineData("me.blogspot.com", "me.blogspot.com")]
    [InlineData("xn--e1afmkfd.xn--p1ai", "xn--e1afmkfd.xn--p1ai")]
    [InlineData("xn--p1ai", null)]
    public void Registrable_domain_follows_the_PSL_algorithm(string domain, string? expected) =>
        Assert.Equal(expected, s_list.GetRegistrableDomain(domain));

    [Fact]
    public void Without_the_private_section_private_suffixes_are_ordinary_names()
    {
        var icann = PublicSuffixList.Parse(new StringReader(SmallList), includePrivate: false);
        Assert.Equal("blogspot.com", icann.GetRegistrableDomain("me.blogspot.com"));
        Assert.Equal(9, icann.RuleCount);
    }

    [Fact]
    public void Unicode_names_are_reduced_after_conversion_to_punycode()
    {
        Assert.Null(IndicatorText.TryNormaliseDomain("www.пример.рф", out var name));
        Assert.Equal("www.xn--e1afmkfd.xn--p1ai", name);
        Assert.Equal("xn--e1afmkfd.xn--p1ai", s_list.GetRegistrableDomain(name!));
    }

    [Fact]
    public void Debian_list_when_installed_knows_multi_label_suffixes()
    {
        Assert.SkipUnless(File.Exists(PublicSuffixList.DebianPath), "Debian's publicsuffix package is not installed (scripts/prerequisites.sh).");
        var list = PublicSuffixList.Load(PublicSuffixList.DebianPath);
        Assert.True(list.RuleCount > 5000);
        Assert.Equal("bbc.co.uk", list.GetRegistrableDomain("www.bbc.co.uk"));
        Assert.Null(list.GetRegistrableDomain("co.uk"));
    }

    [Fact]
    public void A_missing_list_is_a_clear_error()
    {
        var ex = Assert.Throws<Dnscert.Core.DnscertException>(() => PublicSuffixList.Load("/nonexistent/psl.dat"));
        Assert.Contains("/nonexistent/psl.dat", ex.Message, StringComparison.Ordinal);
    }
}
