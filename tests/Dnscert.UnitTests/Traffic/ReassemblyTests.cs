using Dnscert.Dns;
using Dnscert.Dns.Wire;
using Dnscert.Traffic;
using Dnscert.Traffic.Decode;
using Dnscert.Traffic.Readers;
using Dnscert.Traffic.Writers;
using static Dnscert.UnitTests.Traffic.TrafficTestData;

namespace Dnscert.UnitTests.Traffic;

public sealed class ReassemblyTests
{
    private const byte Ack = 0x10;
    private const byte Syn = 0x02;
    private const byte Fin = 0x01;

    /// <summary>Splits a large response's UDP datagram into IP fragments of <paramref name="size"/> bytes (multiple of 8).</summary>
    private static List<byte[]> Fragments(PacketAddress source, PacketAddress destination, byte[] udp, int size, uint id)
    {
        var frames = new List<byte[]>();
        for (var offset = 0; offset < udp.Length; offset += size)
        {
            var length = Math.Min(size, udp.Length - offset);
            var ip = PacketBuilder.IP(source, destination, PacketBuilder.ProtocolUdp, udp.AsSpan(offset, length), id, offset, offset + length < udp.Length);
            frames.Add(PacketBuilder.Frame(LinkType.Ethernet, ip));
        }

        return frames;
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void Reassembles_fragmented_datagrams_in_any_order(bool v6, bool reversed)
    {
        var (client, server) = v6 ? (Client6, Server6) : (Client4, Server4);
        var udp = PacketBuilder.Udp(53, 5000, Query("big.example.", RRType.TXT, padTo: 3000));
        var frames = Fragments(server, client, udp, 1232, 77);
        if (reversed)
        {
            frames.Reverse();
        }

        var (seen, counts) = Read(Pcap(LinkType.Ethernet, frames));

        Assert.Equal("big.example.", Assert.Single(seen).Name);
        Assert.Equal(3, counts.Fragments);
        Assert.Equal(1, counts.Reassembled);
        Assert.Equal(0, counts.Malformed.Total);
    }

    [Fact]
    public void Drops_and_counts_a_datagram_with_overlapping_fragments()
    {
        var udp = PacketBuilder.Udp(53, 5000, Query("overlap.example.", RRType.TXT, padTo: 2000));
        var frames = Fragments(Server4, Client4, udp, 1000, 9);
        // A fragment that rewrites bytes 504..1504: the classic overlap evasion.
        frames.Insert(1, PacketBuilder.Frame(LinkType.Ethernet, PacketBuilder.IP(Server4, Client4, PacketBuilder.ProtocolUdp, new byte[1000], 9, 504, moreFragments: true)));

        var (seen, counts) = Read(Pcap(LinkType.Ethernet, frames));

        Assert.Empty(seen);
        Assert.Equal(1, counts.Malformed[MalformedReason.FragmentOverlap]);
    }

    [Fact]
    public void Times_out_a_datagram_whose_last_fragment_never_comes()
    {
        var udp = PacketBuilder.Udp(53, 5000, Query("lost.example.", RRType.TXT, padTo: 2000));
        var frames = Fragments(Server4, Client4, udp, 1000, 10);
        frames.RemoveAt(frames.Count - 1);

        var (seen, counts) = Read(Pcap(LinkType.Ethernet, frames));

        Assert.Empty(seen);
        Assert.Equal(1, counts.Malformed[MalformedReason.FragmentTimeout]);
    }

    [Fact]
    public void Bounds_the_datagrams_in_flight()
    {
        var frames = new List<byte[]>();
        for (uint id = 0; id < 20; id++)
        {
            frames.Add(PacketBuilder.Frame(LinkType.Ethernet, PacketBuilder.IP(Server4, Client4, PacketBuilder.ProtocolUdp, new byte[16], id, 0, moreFragments: true)));
        }

        var (_, counts) = Read(Pcap(LinkType.Ethernet, frames), TrafficReaderOptions.Default with { MaxFragmentDatagrams = 5 });

        Assert.Equal(15, counts.Malformed[MalformedReason.FragmentLimit]);
        Assert.Equal(5, counts.Malformed[MalformedReason.FragmentTimeout]);
    }

    private static byte[] Segment(uint sequence, byte flags, ReadOnlySpan<byte> payload, bool fromServer = false) => fromServer
        ? PacketBuilder.TcpFrame(LinkType.Ethernet, Server4, 53, Client4, 40000, sequence, flags, payload)
        : PacketBuilder.TcpFrame(LinkType.Ethernet, Client4, 40000, Server4, 53, sequence, flags, payload);

    [Fact]
    public void Frames_several_messages_in_one_segment_and_one_message_over_several()
    {
        var one = PacketBuilder.TcpFramed(Query("one.example.", RRType.A));
        var two = PacketBuilder.TcpFramed(Query("two.example.", RRType.AAAA));
        var three = PacketBuilder.TcpFramed(Query("three.example.", RRType.MX, padTo: 500));
        byte[] stream = [.. one, .. two, .. three];
        var split = one.Length + two.Length + 1;
        var frames = new List<byte[]>
        {
            Segment(1000, Syn, []),
            Segment(1001, Ack, stream.AsSpan(0, split)),
            Segment((uint)(1001 + split), Ack, stream.AsSpan(split, 100)),
            Segment((uint)(1001 + split + 100), Ack | Fin, stream.AsSpan(split + 100)),
        };

        var (seen, counts) = Read(Pcap(LinkType.Ethernet, frames));

        Assert.Equal(["one.example.", "two.example.", "three.example."], seen.Select(s => s.Name));
        Assert.All(seen, s => Assert.Equal(TrafficTransport.Tcp, s.Transport));
        Assert.Equal(0, counts.Malformed.Total);
    }

    [Fact]
    public void Reorders_out_of_order_segments_and_ignores_retransmissions()
    {
        byte[] stream = [.. PacketBuilder.TcpFramed(Query("a.example.", RRType.A)), .. PacketBuilder.TcpFramed(Query("b.example.", RRType.A))];
        var frames = new List<byte[]>
        {
            Segment(0, Syn, []),
            Segment(21, Ack, stream.AsSpan(20)),
            Segment(1, Ack, stream.AsSpan(0, 20)),
            Segment(1, Ack, stream.AsSpan(0, 20)),
        };

        var (seen, counts) = Read(Pcap(LinkType.Ethernet, frames));

        Assert.Equal(["a.example.", "b.example."], seen.Select(s => s.Name));
        Assert.Equal(0, counts.Malformed.Total);
    }

    [Fact]
    public void Counts_a_missing_segment_and_resynchronises_at_the_next_message()
    {
        var first = PacketBuilder.TcpFramed(Query("first.example.", RRType.A, padTo: 200));
        var second = PacketBuilder.TcpFramed(Query("second.example.", RRType.A));
        var frames = new List<byte[]>
        {
            Segment(0, Syn, []),
            Segment(1, Ack, first.AsSpan(0, 100)),
            // first[100..] is lost.
            Segment((uint)(1 + first.Length), Ack | Fin, second),
        };

        var (seen, counts) = Read(Pcap(LinkType.Ethernet, frames));

        Assert.Equal("second.example.", Assert.Single(seen).Name);
        Assert.Equal(1, counts.Malformed[MalformedReason.TcpGap]);
        Assert.Equal(1, counts.Malformed[MalformedReason.TcpTruncatedMessage]);
    }

    [Fact]
    public void Gives_up_waiting_when_the_out_of_order_buffer_is_full()
    {
        var frames = new List<byte[]> { Segment(0, Syn, []) };
        var sequence = 1u + 5000;
        for (var i = 0; i < 10; i++)
        {
            var message = PacketBuilder.TcpFramed(Query($"m{i}.example.", RRType.A));
            frames.Add(Segment(sequence, Ack, message));
            sequence += (uint)message.Length;
        }

        var (seen, counts) = Read(Pcap(LinkType.Ethernet, frames), TrafficReaderOptions.Default with { MaxOutOfOrderSegments = 3 });

        Assert.Equal(10, seen.Count);
        Assert.Equal(1, counts.Malformed[MalformedReason.TcpGap]);
    }

    [Fact]
    public void Joins_a_stream_captured_without_its_handshake()
    {
        var response = PacketBuilder.TcpFramed(Response("mid.example.", RRType.A, DnsResponseCode.ServFail));
        var (seen, _) = Read(Pcap(LinkType.Ethernet, [Segment(123456, Ack, response, fromServer: true)]));

        var only = Assert.Single(seen);
        Assert.Equal(DnsResponseCode.ServFail, only.Rcode);
        Assert.Equal(Server4, only.Source);
    }

    [Fact]
    public void Survives_a_segment_half_the_sequence_space_away()
    {
        var message = PacketBuilder.TcpFramed(Query("far.example.", RRType.A));
        var frames = new List<byte[]>
        {
            Segment(0, Syn, []),
            Segment(1u + 0x8000_0000u, Ack, message),
            Segment(1, Ack | Fin, message),
        };

        var (seen, _) = Read(Pcap(LinkType.Ethernet, frames));

        Assert.Contains(seen, s => s.Name == "far.example.");
    }
}
