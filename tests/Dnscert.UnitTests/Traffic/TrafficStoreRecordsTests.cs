using Dnscert.Core.Store;
using Dnscert.Dns;
using Dnscert.Traffic.Decode;
using Dnscert.Traffic.Readers;
using Dnscert.Traffic.Stats;
using Dnscert.Traffic.Writers;
using static Dnscert.UnitTests.Traffic.TrafficTestData;

namespace Dnscert.UnitTests.Traffic;

public sealed class TrafficStoreRecordsTests
{
    [Fact]
    public void A_capture_with_a_hundred_query_types_keeps_the_32_most_frequent_in_the_summary_and_each_bucket()
    {
        // Type N is asked N times, so the most frequent 32 are types 100 down to 69.
        var frames = new List<byte[]>();
        for (var type = 1; type <= 100; type++)
        {
            for (var i = 0; i < type; i++)
            {
                frames.Add(PacketBuilder.UdpFrame(LinkType.Ethernet, Client4, 1, Server4, 53, Query("a.example.com.", (RRType)type)));
            }
        }

        var statistics = new TrafficStatistics(StatisticsOptions.Default);
        var reader = new TrafficReader(TrafficReaderOptions.Default, statistics.Add);
        reader.ReadStream(new MemoryStream(Pcap(LinkType.Ethernet, frames)), "types.pcap", cancellationToken: TestContext.Current.CancellationToken);
        reader.Finish();

        var capture = TrafficStoreRecords.Capture(Guid.CreateVersion7(), "types.pcap", Tlp.Amber, Start, statistics, malformed: 0, detections: 0);
        var buckets = TrafficStoreRecords.Buckets(statistics);

        Assert.Equal(5050, capture.Summary.Queries);
        Assert.Equal(Enumerable.Range(69, 32).Reverse(), capture.Summary.QueryTypes.Select(c => c.Code));
        Assert.Equal(100, capture.Summary.QueryTypes[0].Count);
        Assert.Equal(TrafficStoreRecords.MaxCodes, Assert.Single(buckets).QueryTypes.Count);
        Assert.Equal("a.example.com.", Assert.Single(capture.Summary.TopQnames.Items).Key);
        Assert.Equal(5050, capture.Summary.TopQnames.Items[0].Count);
        Assert.Equal(0, capture.Summary.TopQnames.MaxError);
    }
}
