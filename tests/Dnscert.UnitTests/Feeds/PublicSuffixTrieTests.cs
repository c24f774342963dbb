using CsCheck;
using Dnscert.Feeds.PublicSuffix;

namespace Dnscert.UnitTests.Feeds;

/// <summary>
/// The label trie against a model of the algorithm as publicsuffix.org states it (and as the list was looked up before
/// the trie): try every suffix of the name from the longest; an exception rule gives the rule minus its leftmost label,
/// a rule or the child of a wildcard gives the candidate, and an unlisted TLD is a suffix by the implicit rule.
/// </summary>
public sealed class PublicSuffixTrieTests
{
    private const string Rules = """
        com
        uk
        co.uk
        jp
        *.kawasaki.jp
        !city.kawasaki.jp
        *.ck
        !www.ck
        a.b.c
        *.b.c
        !x.b.c
        *.deep.a.b.c
        blogspot.com
        *.platform.blogspot.com
        """;

    private static readonly string[] s_labels = ["com", "uk", "co", "jp", "kawasaki", "city", "ck", "www", "a", "b", "c", "x", "deep", "blogspot", "platform", "evil", "q"];

    private static string? Model(string domain)
    {
        var lines = Rules.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var rules = lines.Where(l => l[0] is not ('!' or '*')).ToHashSet(StringComparer.Ordinal);
        var wildcards = lines.Where(l => l.StartsWith("*.", StringComparison.Ordinal)).Select(l => l[2..]).ToHashSet(StringComparer.Ordinal);
        var exceptions = lines.Where(l => l[0] == '!').Select(l => l[1..]).ToHashSet(StringComparer.Ordinal);
        var suffix = domain;
        for (var candidate = domain; ; candidate = candidate[(candidate.IndexOf('.') + 1)..])
        {
            var dot = candidate.IndexOf('.');
            if (exceptions.Contains(candidate))
            {
                suffix = dot < 0 ? candidate : candidate[(dot + 1)..];
                break;
            }

            if (rules.Contains(candidate) || (dot >= 0 && wildcards.Contains(candidate[(dot + 1)..])) || dot < 0)
            {
                suffix = candidate;
                break;
            }
        }

        if (suffix.Length >= domain.Length)
        {
            return null;
        }

        var head = domain[..(domain.Length - suffix.Length - 1)];
        return domain[(head.LastIndexOf('.') + 1)..];
    }

    [Fact]
    public void The_trie_finds_the_registrable_domain_the_algorithm_defines()
    {
        var list = PublicSuffixList.Parse(new StringReader(Rules));
        Gen.Int[0, s_labels.Length - 1].Array[1, 7].Sample(labels =>
        {
            var domain = string.Join('.', labels.Select(l => s_labels[l]));
            Assert.Equal(Model(domain), list.GetRegistrableDomain(domain));
        }, iter: 20_000);
    }
}
