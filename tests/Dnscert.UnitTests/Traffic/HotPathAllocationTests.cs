using Dnscert.Dns;
using Dnscert.Dns.Wire;
using Dnscert.Traffic.Decode;
using Dnscert.Traffic.Readers;
using Dnscert.Traffic.Stats;
using Dnscert.Traffic.Writers;
using static Dnscert.UnitTests.Traffic.TrafficTestData;

namespace Dnscert.UnitTests.Traffic;

/// <summary>Reading and counting a packet allocates nothing once the reader and statistics have warmed up.</summary>
public sealed class HotPathAllocationTests
{
    private static byte[] Capture(int packets)
    {
        using var stream = new MemoryStream();
        using (var writer = new PcapWriter(stream, LinkType.Ethernet, leaveOpen: true))
        {
            for (var i = 0; i < packets; i++)
            {
                // A small, repeating set of names and clients: the dictionaries and top lists meet every key early.
                var name = $"host{i % 50}.zone{i % 5}.example.";
                var frame = i % 2 == 0
                    ? PacketBuilder.UdpFrame(LinkType.Ethernet, Client4, (ushort)(1000 + (i % 7)), Server4, 53, Query(name, RRType.A))
                    : PacketBuilder.UdpFrame(LinkType.Ethernet, Server4, 53, Client4, (ushort)(1000 + (i % 7)), Response(name, RRType.A, DnsResponseCode.NoError));
                writer.Write(Start.AddMilliseconds(i), frame);
            }
        }

        return stream.ToArray();
    }

    private static long AllocatedWhileReading(byte[] capture, int packets)
    {
        var statistics = new TrafficStatistics(StatisticsOptions.Default);
        var reader = new TrafficReader(TrafficReaderOptions.Default, statistics.Add);
        var stream = new MemoryStream(capture);
        var before = GC.GetAllocatedBytesForCurrentThread();
        reader.ReadStream(stream, "alloc.pcap", cancellationToken: TestContext.Current.CancellationToken);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(packets, reader.Counts.Messages);
        return allocated;
    }

    [Fact]
    public void Ten_times_more_packets_allocate_less_than_a_byte_more_per_packet()
    {
        var small = Capture(2_000);
        var large = Capture(20_000);
        AllocatedWhileReading(small, 2_000);

        var smallBytes = AllocatedWhileReading(small, 2_000);
        var largeBytes = AllocatedWhileReading(large, 20_000);

        Assert.True(largeBytes - smallBytes < 18_000, $"2,000 packets: {smallBytes} bytes, 20,000 packets: {largeBytes} bytes");
    }
}
