using CsCheck;
using Dnscert.Core.Store;
using Dnscert.Feeds.Ingestion;

namespace Dnscert.UnitTests.Feeds;

/// <summary>
/// The feed writer's sort must give exactly the ordinal order of the fingerprint strings (the bulk load rejects a run
/// whose batches are not ascending, and the batched path relies on it for index locality), whatever the threats,
/// kinds and values: shared starts longer than the packed key, values that are prefixes of others, NULs (equal to the
/// key's padding), characters above U+7FFF, threat ids that are prefixes of each other.
/// </summary>
public sealed class FingerprintOrderTests
{
    private static readonly string[] s_threats = ["abuse.phishing", "abuse.phish", "abuse.phishing2", "abuse.malware", "a", "abuse.phishing|x"];
    private static readonly SubjectKind[] s_kinds = [SubjectKind.Domain, SubjectKind.Url, SubjectKind.IpAddress, SubjectKind.Zone, SubjectKind.Prefix];

    private static readonly Gen<string> s_value = Gen.OneOf(
        Gen.Char["ab.\0\uFFFF\u8000z/:"].Array[0, 12].Select(c => new string(c)),
        Gen.Int[0, 50].Select(i => $"http://host{i % 7}.example/login/{i}"),
        Gen.Int[0, 50].Select(i => $"sharedprefix-sharedprefix-{i % 13}"),
        Gen.String);

    private static Gen<Indicator[]> Indicators(int threats) =>
        Gen.Select(Gen.Int[0, threats - 1], Gen.Int[0, s_kinds.Length - 1], s_value).Array[0, 300].Select(items =>
            items.DistinctBy(t => (t.Item1, t.Item2, t.Item3))
                .Select(t => Make(s_kinds[t.Item2], t.Item3, s_threats[t.Item1]))
                .ToArray());

    private static Indicator Make(SubjectKind kind, string value, string threat) =>
        new(new Subject(kind, value), threat, registrableDomain: null, tld: null, registrar: null, origin: null);

    private static void AssertSortedLikeFingerprints(Indicator[] indicators)
    {
        var expected = indicators.Select(i => i.Fingerprint).Order(StringComparer.Ordinal).ToList();
        FingerprintOrder.Sort(indicators);
        Assert.Equal(expected, indicators.Select(i => i.Fingerprint).ToList());
    }

    [Fact]
    public void Indicators_come_out_in_the_ordinal_order_of_their_fingerprints()
    {
        Indicators(threats: 5).Sample(AssertSortedLikeFingerprints, iter: 2000);
    }

    [Fact]
    public void A_threat_id_with_a_bar_falls_back_to_the_fingerprints_and_still_sorts_them()
    {
        Indicators(threats: 6).Sample(AssertSortedLikeFingerprints, iter: 500);
    }

    [Fact]
    public void An_indicator_given_a_fingerprint_of_another_form_is_sorted_by_that_fingerprint()
    {
        var indicators = new[]
        {
            new Indicator(new Subject(SubjectKind.Domain, "b.example"), "abuse.phishing", "z-custom", registrableDomain: null, tld: null, registrar: (string?)null),
            Make(SubjectKind.Domain, "a.example", "abuse.phishing"),
            new Indicator(new Subject(SubjectKind.Domain, "c.example"), "abuse.phishing", "0-custom", registrableDomain: null, tld: null, registrar: (string?)null),
        };

        FingerprintOrder.Sort(indicators);

        Assert.Equal(["0-custom", "feed|abuse.phishing|Domain|a.example", "z-custom"], indicators.Select(i => i.Fingerprint));
    }

    [Fact]
    public void Half_a_million_random_domains_sort_as_their_fingerprints()
    {
        var random = new Random(7);
        var indicators = Enumerable.Range(0, 500_000)
            .Select(i => string.Create(8 + random.Next(8), random, static (span, r) =>
            {
                for (var c = 0; c < span.Length; c++)
                {
                    span[c] = "abcdefghijklmnopqrstuvwxyz0123456789"[r.Next(36)];
                }
            }) + (i % 3 == 0 ? ".co.uk" : ".com"))
            .Distinct()
            .Select(v => Make(SubjectKind.Domain, v, "abuse.phishing"))
            .Concat(Enumerable.Range(0, 50_000).Select(i => Make(SubjectKind.Url, $"http://n{i % 977}.example/login/{i}.php", "abuse.phishing")))
            .ToArray();
        random.Shuffle(indicators);

        AssertSortedLikeFingerprints(indicators);
    }
}
