using Dnscert.Dns;
using Dnscert.Dns.Wire;
using Dnscert.Traffic;
using Dnscert.Traffic.Decode;
using Dnscert.Traffic.Readers;
using Dnscert.Traffic.Stats;
using Dnscert.Traffic.Writers;
using static Dnscert.UnitTests.Traffic.TrafficTestData;

namespace Dnscert.UnitTests.Traffic;

public sealed class TrafficStatisticsTests
{
    private static TrafficStatistics Analyze(byte[] capture, StatisticsOptions? options = null)
    {
        var statistics = new TrafficStatistics(options ?? StatisticsOptions.Default);
        var reader = new TrafficReader(TrafficReaderOptions.Default, statistics.Add);
        reader.ReadStream(new MemoryStream(capture), "stats.pcap");
        reader.Finish();
        return statistics;
    }

    [Fact]
    public void Counts_by_qtype_rcode_transport_and_edns_per_bucket()
    {
        using var stream = new MemoryStream();
        using (var writer = new PcapWriter(stream, LinkType.Ethernet, leaveOpen: true))
        {
            writer.Write(Start, PacketBuilder.UdpFrame(LinkType.Ethernet, Client4, 1, Server4, 53, Query("a.example.com.", RRType.A)));
            writer.Write(Start.AddSeconds(1), PacketBuilder.UdpFrame(LinkType.Ethernet, Server4, 53, Client4, 1, Response("a.example.com.", RRType.A, DnsResponseCode.NoError)));
            writer.Write(Start.AddSeconds(70), PacketBuilder.UdpFrame(LinkType.Ethernet, Client6, 1, Server6, 53, Query("b.example.net.", RRType.AAAA)));
            writer.Write(Start.AddSeconds(71), PacketBuilder.UdpFrame(LinkType.Ethernet, Server6, 53, Client6, 1, Response("b.example.net.", RRType.AAAA, DnsResponseCode.NXDomain)));
        }

        var stats = Analyze(stream.ToArray());

        Assert.Equal(4, stats.Totals.Messages);
        Assert.Equal(2, stats.Totals.Queries);
        Assert.Equal(2, stats.Totals.Edns);
        Assert.Equal(2, stats.Totals.DnssecOk);
        Assert.Equal(1, stats.Totals.ResponseCodes[(int)DnsResponseCode.NXDomain]);
        Assert.Equal(1, stats.Totals.QueryTypes[(int)RRType.AAAA]);
        Assert.Equal(1, stats.Totals.QueryTypes[(int)RRType.A]);
        Assert.Equal(2, stats.Totals.EdnsBufferSizes[1232]);
        Assert.Equal(4, stats.Totals.Transports[(int)TrafficTransport.Udp]);
        Assert.Equal(2, stats.Buckets.Count);
        Assert.Equal(Start, stats.Buckets[0].Start);
        Assert.Equal(2, stats.Buckets[1].Messages);
        Assert.Equal(2, stats.Totals.UniqueClients.Estimate());
        Assert.Equal(["com.", "net."], stats.TopLevelDomains.Top(5).Select(t => t.Key).Order());
        Assert.Equal(["example.com.", "example.net."], stats.TopSecondLevelDomains.Top(5).Select(t => t.Key).Order());
        Assert.Equal(1, stats.TopClientNetworks.Top(5).Single(t => t.Item.Key.IsIPv6).Item.Count);
    }

    [Fact]
    public void Lower_cases_names_so_case_variants_count_together()
    {
        var capture = Pcap(LinkType.Ethernet, [
            PacketBuilder.UdpFrame(LinkType.Ethernet, Client4, 1, Server4, 53, Query("WwW.Example.ORG.", RRType.A)),
            PacketBuilder.UdpFrame(LinkType.Ethernet, Client4, 1, Server4, 53, Query("www.example.org.", RRType.A)),
        ]);

        var top = Assert.Single(Analyze(capture).TopQnames.Top(10));
        Assert.Equal("www.example.org.", top.Key);
        Assert.Equal(2, top.Count);
    }

    [Fact]
    public void Keeps_no_more_buckets_than_configured()
    {
        var frames = Enumerable.Range(0, 10).Select(i => PacketBuilder.UdpFrame(LinkType.Ethernet, Client4, 1, Server4, 53, Query($"n{i}.example.", RRType.A)));
        using var stream = new MemoryStream();
        using (var writer = new PcapWriter(stream, LinkType.Ethernet, leaveOpen: true))
        {
            var i = 0;
            foreach (var frame in frames)
            {
                writer.Write(Start.AddMinutes(i++), frame);
            }
        }

        var stats = Analyze(stream.ToArray(), StatisticsOptions.Default with { MaxBuckets = 4 });

        Assert.Equal(4, stats.Buckets.Count);
        Assert.Equal(6, stats.MessagesOutsideBuckets);
        Assert.Equal(10, stats.Totals.Messages);
    }

    [Fact]
    public void Totals_count_every_message_once_in_buckets_or_outside_them_and_follow_later_messages()
    {
        // Queries of two types and their responses over six minutes, with room for three buckets: the totals (added up
        // from the buckets and the messages outside them) must count each message exactly once.
        using var stream = new MemoryStream();
        using (var writer = new PcapWriter(stream, LinkType.Ethernet, leaveOpen: true))
        {
            for (var i = 0; i < 12; i++)
            {
                var type = i % 3 == 0 ? RRType.AAAA : RRType.A;
                var code = i % 4 == 0 ? DnsResponseCode.NXDomain : DnsResponseCode.NoError;
                writer.Write(Start.AddSeconds(30 * i), PacketBuilder.UdpFrame(LinkType.Ethernet, Client4, 1, Server4, 53, Query($"n{i}.example.", type)));
                writer.Write(Start.AddSeconds((30 * i) + 1), PacketBuilder.UdpFrame(LinkType.Ethernet, Server4, 53, Client4, 1, Response($"n{i}.example.", type, code)));
            }
        }

        var capture = stream.ToArray();
        var stats = new TrafficStatistics(StatisticsOptions.Default with { MaxBuckets = 3 });
        var seen = 0;
        long? totalsAfterTen = null;
        var reader = new TrafficReader(TrafficReaderOptions.Default, (in DnsTransaction t) =>
        {
            stats.Add(t);
            if (++seen == 10)
            {
                totalsAfterTen = stats.Totals.Messages;
            }
        });
        reader.ReadStream(new MemoryStream(capture), "totals.pcap", cancellationToken: TestContext.Current.CancellationToken);
        reader.Finish();

        Assert.Equal(10, totalsAfterTen);
        Assert.Equal(3, stats.Buckets.Count);
        Assert.Equal(12, stats.MessagesOutsideBuckets);
        Assert.Equal(stats.Buckets.Sum(b => b.Messages) + stats.MessagesOutsideBuckets, stats.Totals.Messages);
        Assert.Equal(24, stats.Totals.Messages);
        Assert.Equal(12, stats.Totals.Queries);
        Assert.Equal(12, stats.Totals.Responses);
        Assert.Equal(12, stats.Totals.Edns);
        Assert.Equal(4, stats.Totals.QueryTypes[(int)RRType.AAAA]);
        Assert.Equal(8, stats.Totals.QueryTypes[(int)RRType.A]);
        Assert.Equal(3, stats.Totals.ResponseCodes[(int)DnsResponseCode.NXDomain]);
        Assert.Equal(9, stats.Totals.ResponseCodes[(int)DnsResponseCode.NoError]);
        Assert.Equal(12, stats.Totals.EdnsBufferSizes[1232]);
        Assert.Equal(24, stats.Totals.Opcodes[0]);
        Assert.Equal(24, stats.Totals.Transports[(int)TrafficTransport.Udp]);
        Assert.Equal(12, stats.Totals.ResponseSizes.Values.Sum());
        Assert.Equal(12, stats.Totals.UniqueQnames.Estimate());
        Assert.Equal(1, stats.Totals.UniqueClients.Estimate());
    }

    [Theory]
    [InlineData(1_000)]
    [InlineData(100_000)]
    public void HyperLogLog_stays_within_three_standard_errors(int distinct)
    {
        var sketch = new HyperLogLog(14);
        for (var i = 0; i < distinct; i++)
        {
            sketch.Add(StatsHash.Address(PacketAddress.FromIPv4([10, (byte)(i >> 16), (byte)(i >> 8), (byte)i])));
            sketch.Add(StatsHash.Address(PacketAddress.FromIPv4([10, (byte)(i >> 16), (byte)(i >> 8), (byte)i])));
        }

        var error = Math.Abs(sketch.Estimate() - distinct) / (double)distinct;
        Assert.True(error < 3 * sketch.StandardError, $"estimate {sketch.Estimate()} for {distinct}");
    }

    [Fact]
    public void SpaceSaving_finds_the_heavy_hitter_among_many_rare_items_and_bounds_its_error()
    {
        var top = new SpaceSaving<int>(50);
        for (var i = 0; i < 10_000; i++)
        {
            top.Offer(i % 7 == 0 ? -1 : i, out _);
        }

        var (first, _) = top.Top(1)[0];
        Assert.Equal(-1, first.Key);
        Assert.InRange(1429, first.Count - first.Error, first.Count);
        Assert.True(first.Error <= top.Total / top.Capacity);
    }

    [Fact]
    public void SpaceSaving_is_exact_below_its_capacity()
    {
        var top = new SpaceSaving<int>(10);
        foreach (var item in new[] { 1, 2, 2, 3, 3, 3 })
        {
            top.Offer(item, out _);
        }

        Assert.Equal([(3, 3L, 0L), (2, 2L, 0L), (1, 1L, 0L)], top.Top(5).Select(t => (t.Item.Key, t.Item.Count, t.Item.Error)));
    }
}
