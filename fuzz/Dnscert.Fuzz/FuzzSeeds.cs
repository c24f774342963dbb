using System.Buffers.Binary;
using System.IO.Compression;
using Dnscert.Traffic.Decode;
using Dnscert.Traffic.Generator;
using Dnscert.Traffic.Writers;

namespace Dnscert.Fuzz;

/// <summary>
/// Writes the small, valid seed inputs of the traffic targets (<c>dotnet Dnscert.Fuzz.dll seeds fuzz/corpus</c>), so the
/// seeds are reproducible from the generator rather than copied from anywhere. Each seed stays under 4 KiB, as afl
/// works best on small inputs.
/// </summary>
public static class FuzzSeeds
{
    public static void Write(string root)
    {
        var messages = new TrafficScript(82, new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)).Benign(TimeSpan.Zero, TimeSpan.FromSeconds(3), 2).Build().Take(6).ToList();
        var query = messages.First(m => (m.Wire.Span[2] & 0x80) == 0).Wire.ToArray();
        var response = messages.First(m => (m.Wire.Span[2] & 0x80) != 0).Wire.ToArray();

        Save(root, "pcap", "udp-exchange.pcap", Pcap(LinkType.Ethernet, false, false, messages.Select(m => PacketBuilder.UdpFrame(LinkType.Ethernet, m.Source, m.SourcePort, m.Destination, m.DestinationPort, m.Wire.Span))));
        Save(root, "pcap", "linux-sll-nanoseconds-big-endian.pcap", Pcap(LinkType.LinuxSll, true, true, messages.Take(2).Select(m => PacketBuilder.Frame(LinkType.LinuxSll, PacketBuilder.IP(m.Source, m.Destination, PacketBuilder.ProtocolUdp, PacketBuilder.Udp(m.SourcePort, m.DestinationPort, m.Wire.Span))))));
        Save(root, "pcap", "vlan-tcp.pcap", Pcap(LinkType.Ethernet, false, false, [PacketBuilder.Frame(LinkType.Ethernet, PacketBuilder.IP(messages[0].Source, messages[0].Destination, PacketBuilder.ProtocolTcp, PacketBuilder.Tcp(40000, 53, 1, 0x18, PacketBuilder.TcpFramed(query))), 100)]));
        Save(root, "pcapng", "two-interfaces.pcapng", Pcapng(messages.Select(m => PacketBuilder.UdpFrame(LinkType.Ethernet, m.Source, m.SourcePort, m.Destination, m.DestinationPort, m.Wire.Span)).ToList()));
        Save(root, "capture-gzip", "udp-exchange.pcap.gz", Gzip(File.ReadAllBytes(Path.Combine(root, "pcap", "udp-exchange.pcap"))));
        Save(root, "capture-gzip", "plain-pcap-compressed-by-the-target.pcap", Pcap(LinkType.Raw, false, false, [PacketBuilder.IP(messages[0].Source, messages[0].Destination, PacketBuilder.ProtocolUdp, PacketBuilder.Udp(40000, 53, query))]));

        // A 2-fragment IPv4 datagram and a 3-fragment IPv6 one, in order and out of order, plus an overlap.
        var udp = PacketBuilder.Udp(53, 40000, response);
        Save(root, "ip-fragments", "ipv4-two-fragments.bin", [.. Fragment(0b001, 7, 0, udp.AsSpan(0, 16)), .. Fragment(0b000, 7, 2, udp.AsSpan(16))]);
        Save(root, "ip-fragments", "ipv6-out-of-order.bin", [.. Fragment(0b011, 9, 2, udp.AsSpan(16, 8)), .. Fragment(0b011, 9, 0, udp.AsSpan(0, 16)), .. Fragment(0b010, 9, 3, udp.AsSpan(24))]);
        Save(root, "ip-fragments", "ipv4-overlap.bin", [.. Fragment(0b001, 5, 0, udp.AsSpan(0, 16)), .. Fragment(0b001, 5, 1, udp.AsSpan(8, 16)), .. Fragment(0b000, 5, 2, udp.AsSpan(16))]);

        // A TCP exchange: SYN, the query in two segments (second first), the response, FIN.
        var framedQuery = PacketBuilder.TcpFramed(query);
        var framedResponse = PacketBuilder.TcpFramed(response);
        Save(root, "tcp-stream", "query-split-out-of-order.bin", [.. Segment(0x02, 0, 100, []), .. Segment(0x02 | 0x10, 1, 500, []), .. Segment(0x18, 0, 101 + 5, framedQuery.AsSpan(5)), .. Segment(0x18, 0, 101, framedQuery.AsSpan(0, 5)), .. Segment(0x18, 1, 501, framedResponse), .. Segment(0x11, 0, (uint)(101 + framedQuery.Length), [])]);
        Save(root, "tcp-stream", "two-messages-one-segment-ipv6.bin", [.. Segment(0x18, 0b110, 1, [.. framedQuery, .. framedQuery]), .. Segment(0x18, 0b111, 1, framedResponse)]);

        using var dnstap = new MemoryStream();
        var script = new TrafficScript(82, new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)).Benign(TimeSpan.Zero, TimeSpan.FromSeconds(3), 2);
        TrafficGenerator.WriteAsync(script, TrafficGeneratorFormat.Dnstap, dnstap, CancellationToken.None).GetAwaiter().GetResult();
        var file = dnstap.ToArray();
        Save(root, "dnstap", "generated.dnstap", file);
        Save(root, "dnstap", "cut-mid-frame.dnstap", file.AsSpan(0, file.Length * 2 / 3).ToArray());
    }

    private static void Save(string root, string target, string name, byte[] bytes)
    {
        var directory = Path.Combine(root, target);
        Directory.CreateDirectory(directory);
        File.WriteAllBytes(Path.Combine(directory, name), bytes);
    }

    private static byte[] Pcap(int linkType, bool nanoseconds, bool bigEndian, IEnumerable<byte[]> frames)
    {
        using var output = new MemoryStream();
        using (var pcap = new PcapWriter(output, linkType, nanoseconds: nanoseconds, bigEndian: bigEndian, leaveOpen: true))
        {
            var time = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
            foreach (var frame in frames)
            {
                pcap.Write(time, frame);
                time = time.AddMilliseconds(3);
            }
        }

        return output.ToArray();
    }

    /// <summary>Section header, two Ethernet interfaces (one with nanosecond resolution) and enhanced packet blocks alternating between them.</summary>
    private static byte[] Pcapng(List<byte[]> frames)
    {
        using var output = new MemoryStream();
        Block(output, 0x0A0D0D0A, [0x4D, 0x3C, 0x2B, 0x1A, 1, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]);
        Block(output, 1, [1, 0, 0, 0, 0, 0, 4, 0, 0, 0, 0, 0]);
        Block(output, 1, [1, 0, 0, 0, 0, 0, 4, 0, 9, 0, 1, 0, 9, 0, 0, 0, 0, 0, 0, 0]);
        for (var i = 0; i < frames.Count; i++)
        {
            var body = new byte[20 + ((frames[i].Length + 3) & ~3)];
            BinaryPrimitives.WriteUInt32LittleEndian(body, (uint)(i % 2));
            BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(4), 0x00062A5E);
            BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(8), (uint)(i * 1000));
            BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(12), (uint)frames[i].Length);
            BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(16), (uint)frames[i].Length);
            frames[i].CopyTo(body, 20);
            Block(output, 6, body);
        }

        return output.ToArray();
    }

    private static void Block(Stream output, uint type, byte[] body)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(word, type);
        output.Write(word);
        BinaryPrimitives.WriteUInt32LittleEndian(word, (uint)(12 + body.Length));
        output.Write(word);
        output.Write(body);
        output.Write(word);
    }

    private static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(bytes);
        }

        return output.ToArray();
    }

    private static byte[] Fragment(byte flags, ushort identification, ushort offsetUnits, ReadOnlySpan<byte> payload) =>
        [flags, (byte)(identification >> 8), (byte)identification, (byte)(offsetUnits >> 8), (byte)offsetUnits, (byte)payload.Length, .. payload];

    private static byte[] Segment(byte flags, byte route, uint sequence, ReadOnlySpan<byte> payload) =>
        [flags, route, (byte)(sequence >> 24), (byte)(sequence >> 16), (byte)(sequence >> 8), (byte)sequence, (byte)payload.Length, .. payload];
}
