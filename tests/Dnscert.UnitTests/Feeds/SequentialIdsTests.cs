using Dnscert.Feeds.Ingestion;

namespace Dnscert.UnitTests.Feeds;

/// <summary>
/// New observations of a feed batch get version 7 ids counted up from one random seed: they must stay valid version 7
/// GUIDs of the batch's time (the web and API sort and page by them), distinct, and ascending in the order given.
/// </summary>
public sealed class SequentialIdsTests
{
    [Fact]
    public void Ids_of_a_batch_are_distinct_ascending_version_7_guids_of_the_seed_time()
    {
        var time = new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);
        for (var seedNumber = 0; seedNumber < 50; seedNumber++)
        {
            var seed = Guid.CreateVersion7(time);
            var ids = new SequentialIds(seed);
            var made = Enumerable.Range(0, 20_000).Select(_ => ids.Next()).ToList();

            Assert.Equal(made.Count, made.Distinct().Count());
            Assert.Equal(made.Order(), made);
            Assert.All(made, id => Assert.Equal(7, id.Version));
            Assert.All(made, id => Assert.Equal(0b10, id.Variant >> 2));
            // The first 48 bits, the Unix time in milliseconds, are the seed's.
            Assert.All(made, id => Assert.Equal(seed.ToString("N")[..12], id.ToString("N")[..12]));
        }
    }
}
