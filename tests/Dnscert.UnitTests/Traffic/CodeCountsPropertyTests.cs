using CsCheck;
using Dnscert.Traffic.Stats;

namespace Dnscert.UnitTests.Traffic;

/// <summary>Code counters (flat array, small table, dictionary) give exactly the counts of a plain dictionary.</summary>
public sealed class CodeCountsPropertyTests
{
    [Fact]
    public void Counts_equal_a_dictionary_whatever_the_mix_of_common_and_rare_codes() =>
        Gen.Select(Gen.Int[0, 300], Gen.OneOf(Gen.Int[0, 300], Gen.Int[0, 65535], Gen.Int[4000, 4040]).Array[0, 2000], Gen.Int[1, 64])
            .Sample((direct, codes, scale) =>
            {
                var counts = new CodeCounts(direct);
                foreach (var code in codes)
                {
                    counts.Increment(code);
                }

                var expected = codes.GroupBy(c => c).ToDictionary(g => g.Key * scale, g => (long)g.Count());
                Assert.Equal(expected.OrderBy(p => p.Key), counts.ToDictionary(scale).OrderBy(p => p.Key));
            }, iter: 500);

    [Fact]
    public void Adding_counts_gives_the_counts_of_both_streams() =>
        Gen.Select(Gen.Int[0, 300], Gen.OneOf(Gen.Int[0, 300], Gen.Int[0, 65535], Gen.Int[4000, 4040]).Array[0, 1000].Array[1, 5])
            .Sample((direct, streams) =>
            {
                // The statistics' totals are their buckets' counts added up, rare codes (table and dictionary) included.
                var sum = new CodeCounts(direct);
                foreach (var stream in streams)
                {
                    var counts = new CodeCounts(direct);
                    foreach (var code in stream)
                    {
                        counts.Increment(code);
                    }

                    sum.Add(counts);
                }

                var expected = streams.SelectMany(c => c).GroupBy(c => c).ToDictionary(g => g.Key, g => (long)g.Count());
                Assert.Equal(expected.OrderBy(p => p.Key), sum.ToDictionary().OrderBy(p => p.Key));
            }, iter: 300);
}
