using System.IO.Compression;
using Dnscert.Dns;
using Dnscert.Dns.Wire;
using Dnscert.Traffic;
using Dnscert.Traffic.Decode;
using Dnscert.Traffic.Readers;
using Dnscert.Traffic.Writers;
using static Dnscert.UnitTests.Traffic.TrafficTestData;

namespace Dnscert.UnitTests.Traffic;

public sealed class CaptureReaderTests
{
    public static TheoryData<int, bool, bool> LinkTypes()
    {
        var data = new TheoryData<int, bool, bool>();
        foreach (var link in new[] { LinkType.Ethernet, LinkType.LinuxSll, LinkType.LinuxSll2, LinkType.Raw, LinkType.RawBsd12, LinkType.RawBsd14, LinkType.IPv4, LinkType.IPv6, LinkType.Null, LinkType.Loop })
        {
            foreach (var bigEndian in new[] { false, true })
            {
                foreach (var v6 in new[] { false, true })
                {
                    // LINKTYPE_IPV4 carries only IPv4 and LINKTYPE_IPV6 only IPv6.
                    if ((link == LinkType.IPv4 && v6) || (link == LinkType.IPv6 && !v6))
                    {
                        continue;
                    }

                    data.Add(link, bigEndian, v6);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(LinkTypes))]
    public void Reads_a_query_and_its_response_on_every_link_type_and_byte_order(int linkType, bool bigEndian, bool v6)
    {
        var (client, server) = v6 ? (Client6, Server6) : (Client4, Server4);
        var capture = Pcap(linkType, [
            PacketBuilder.UdpFrame(linkType, client, 40000, server, 53, Query("www.example.org.", RRType.AAAA)),
            PacketBuilder.UdpFrame(linkType, server, 53, client, 40000, Response("www.example.org.", RRType.AAAA, DnsResponseCode.NXDomain)),
        ], bigEndian: bigEndian);

        var (seen, counts) = Read(capture);

        Assert.Equal(2, seen.Count);
        Assert.Equal(0, counts.Malformed.Total);
        Assert.False(seen[0].IsResponse);
        Assert.Equal("www.example.org.", seen[0].Name);
        Assert.Equal(RRType.AAAA, seen[0].Type);
        Assert.Equal(client, seen[0].Source);
        Assert.Equal(server, seen[0].Destination);
        Assert.True(seen[1].IsResponse);
        Assert.Equal(DnsResponseCode.NXDomain, seen[1].Rcode);
        Assert.Equal(Start.AddMilliseconds(1), seen[1].Timestamp);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Keeps_nanosecond_timestamps_to_the_tick(bool bigEndian)
    {
        using var stream = new MemoryStream();
        var time = Start.AddTicks(1_234_567);
        using (var writer = new PcapWriter(stream, LinkType.Raw, nanoseconds: true, bigEndian: bigEndian, leaveOpen: true))
        {
            writer.Write(time, PacketBuilder.UdpFrame(LinkType.Raw, Client4, 1000, Server4, 53, Query("a.example.", RRType.A)));
        }

        var (seen, _) = Read(stream.ToArray());
        Assert.Equal(time, Assert.Single(seen).Timestamp);
    }

    [Fact]
    public void Skips_802_1Q_and_802_1ad_tags()
    {
        var ip = PacketBuilder.IP(Client4, Server4, PacketBuilder.ProtocolUdp, PacketBuilder.Udp(999, 53, Query("vlan.example.", RRType.MX)));
        var capture = Pcap(LinkType.Ethernet, [PacketBuilder.Frame(LinkType.Ethernet, ip, 100), PacketBuilder.Frame(LinkType.Ethernet, ip, 200, 300)]);

        var (seen, counts) = Read(capture);

        Assert.Equal(2, seen.Count);
        Assert.All(seen, s => Assert.Equal("vlan.example.", s.Name));
        Assert.Equal(0, counts.Malformed.Total);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Reads_pcapng_with_per_interface_link_types_and_timestamp_resolutions(bool bigEndian)
    {
        var q1 = PacketBuilder.UdpFrame(LinkType.Ethernet, Client4, 1, Server4, 53, Query("one.example.", RRType.A));
        var q2 = PacketBuilder.UdpFrame(LinkType.Raw, Client6, 2, Server6, 53, Query("two.example.", RRType.TXT));
        var q3 = PacketBuilder.UdpFrame(LinkType.Ethernet, Client4, 3, Server4, 53, Query("three.example.", RRType.NS));
        var q4 = PacketBuilder.UdpFrame(LinkType.Ethernet, Client4, 4, Server4, 53, Query("four.example.", RRType.SOA));
        var unixSeconds = (ulong)(Start.ToUnixTimeMilliseconds() / 1000);
        var capture = new PcapngBuilder(bigEndian)
            .SectionHeader()
            .Interface(LinkType.Ethernet)
            .Interface(LinkType.Raw, tsresol: 9)
            .Unknown(0x0BAD, 10)
            .Enhanced(0, (unixSeconds * 1_000_000) + 250, q1)
            .Enhanced(1, (unixSeconds * 1_000_000_000) + 123_456_700, q2)
            .Obsolete(0, unixSeconds * 1_000_000, q3)
            .Simple(q4)
            .ToArray();

        var (seen, counts) = Read(capture);

        Assert.Equal(["one.example.", "two.example.", "three.example.", "four.example."], seen.Select(s => s.Name));
        Assert.Equal(Start.AddTicks(2500), seen[0].Timestamp);
        Assert.Equal(Start.AddTicks(1_234_567), seen[1].Timestamp);
        Assert.Equal(Client6, seen[1].Source);
        Assert.Equal(0, counts.Malformed.Total);
    }

    [Fact]
    public void Reads_a_second_section_with_the_other_byte_order()
    {
        var q = PacketBuilder.UdpFrame(LinkType.Raw, Client4, 1, Server4, 53, Query("x.example.", RRType.A));
        var little = new PcapngBuilder(false).SectionHeader().Interface(LinkType.Raw).Enhanced(0, 1, q).ToArray();
        var big = new PcapngBuilder(true).SectionHeader().Interface(LinkType.Raw).Enhanced(0, 2, q).ToArray();

        var (seen, counts) = Read([.. little, .. big]);

        Assert.Equal(2, seen.Count);
        Assert.Equal(0, counts.Malformed.Total);
    }

    [Fact]
    public void Reads_gzip_compressed_captures_by_magic()
    {
        var capture = Pcap(LinkType.Ethernet, [PacketBuilder.UdpFrame(LinkType.Ethernet, Client4, 1, Server4, 53, Query("gz.example.", RRType.A))]);
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(capture);
        }

        var (seen, _) = Read(compressed.ToArray());
        Assert.Equal("gz.example.", Assert.Single(seen).Name);
    }

    [Fact]
    public void Counts_a_truncated_last_record_and_keeps_what_came_before()
    {
        var capture = Pcap(LinkType.Ethernet, [
            PacketBuilder.UdpFrame(LinkType.Ethernet, Client4, 1, Server4, 53, Query("a.example.", RRType.A)),
            PacketBuilder.UdpFrame(LinkType.Ethernet, Client4, 1, Server4, 53, Query("b.example.", RRType.A)),
        ]);

        var (seen, counts) = Read(capture[..^10]);

        Assert.Equal("a.example.", Assert.Single(seen).Name);
        Assert.Equal(1, counts.Malformed[MalformedReason.TruncatedRecord]);
    }

    [Fact]
    public void Counts_packets_cut_by_the_snap_length()
    {
        var capture = Pcap(LinkType.Ethernet, [PacketBuilder.UdpFrame(LinkType.Ethernet, Client4, 1, Server4, 53, Query("long.example.", RRType.A, padTo: 400))], snapLength: 96);

        var (seen, counts) = Read(capture);

        Assert.Empty(seen);
        Assert.Equal(1, counts.Malformed[MalformedReason.SnapLengthCut]);
    }

    [Fact]
    public void Rejects_a_file_that_is_not_a_capture_naming_the_file_and_offset()
    {
        var reader = new TrafficReader(TrafficReaderOptions.Default, (in DnsTransaction _) => { });
        var error = Assert.Throws<CaptureFormatException>(() => reader.ReadStream(new MemoryStream("hello, this is text"u8.ToArray()), "notes.txt", cancellationToken: TestContext.Current.CancellationToken));
        Assert.Contains("notes.txt", error.Message, StringComparison.Ordinal);
        Assert.Contains("at byte 0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_a_record_claiming_an_impossible_length_with_its_offset()
    {
        var capture = Pcap(LinkType.Ethernet, [PacketBuilder.UdpFrame(LinkType.Ethernet, Client4, 1, Server4, 53, Query("a.example.", RRType.A))]);
        capture[24 + 8] = 0xFF;
        capture[24 + 9] = 0xFF;
        capture[24 + 10] = 0xFF;

        var reader = new TrafficReader(TrafficReaderOptions.Default, (in DnsTransaction _) => { });
        var error = Assert.Throws<CaptureFormatException>(() => reader.ReadStream(new MemoryStream(capture), "big.pcap", cancellationToken: TestContext.Current.CancellationToken));
        Assert.Equal(32, error.Offset);
        Assert.Contains("big.pcap", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Uses_the_configured_ports_and_counts_other_ports_as_skipped()
    {
        var capture = Pcap(LinkType.Ethernet, [
            PacketBuilder.UdpFrame(LinkType.Ethernet, Client4, 1, Server4, 53, Query("a.example.", RRType.A)),
            PacketBuilder.UdpFrame(LinkType.Ethernet, Client4, 1, Server4, 5353, Query("b.example.", RRType.A)),
        ]);

        var (defaultSeen, defaultCounts) = Read(capture);
        var (customSeen, _) = Read(capture, TrafficReaderOptions.Default with { Ports = [5353] });

        Assert.Equal("a.example.", Assert.Single(defaultSeen).Name);
        Assert.Equal(1, defaultCounts.OtherPorts);
        Assert.Equal("b.example.", Assert.Single(customSeen).Name);
    }

    [Fact]
    public void Counts_a_payload_that_is_not_DNS()
    {
        var capture = Pcap(LinkType.Ethernet, [PacketBuilder.UdpFrame(LinkType.Ethernet, Client4, 1, Server4, 53, "not dns"u8)]);

        var (seen, counts) = Read(capture);

        Assert.Empty(seen);
        Assert.Equal(1, counts.Malformed[MalformedReason.DnsMessageInvalid]);
    }
}
