using System.Runtime;
using Dnscert.Cli;

namespace Dnscert.UnitTests.Cli;

/// <summary>
/// The ingest command's pause of garbage collections: none for a small feed, one for a large one that ends when the
/// command is done, and a second one in the same process (an in-process caller) neither throws nor ends the first.
/// Alone in its collection, as a no-GC region is the whole process's state.
/// </summary>
[Collection(nameof(IngestCollectionPauseTests))]
[CollectionDefinition(nameof(IngestCollectionPauseTests), DisableParallelization = true)]
public sealed class IngestCollectionPauseTests
{
    [Fact]
    public void A_small_feed_collects_as_usual()
    {
        using var pause = IngestCollectionPause.Start(1024 * 1024);
        Assert.False(pause.Started);
        Assert.NotEqual(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
    }

    [Fact]
    public void A_large_feed_holds_collections_off_until_the_run_is_done_and_a_second_run_does_not_interfere()
    {
        using (var pause = IngestCollectionPause.Start(16L << 20))
        {
            Assert.True(pause.Started);
            Assert.Equal(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
            var collections = GC.CollectionCount(0);
            using (var nested = IngestCollectionPause.Start(16L << 20))
            {
                Assert.False(nested.Started);
            }

            // Allocations well under the region's size do not collect, and the nested attempt did not end the region.
            var kept = Enumerable.Range(0, 10_000).Select(i => new byte[100]).ToList();
            Assert.Equal(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
            Assert.Equal(collections, GC.CollectionCount(0));
            GC.KeepAlive(kept);
        }

        Assert.NotEqual(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
    }
}
