using System.Buffers.Binary;
using Dnscert.Traffic.Decode;

namespace Dnscert.Traffic.Writers;

/// <summary>
/// Builds link, IP, UDP and TCP headers around a payload, for tests, the traffic generator and benchmarks.
/// Checksums are left zero (readers and tshark do not verify them by default); the IPv4 header checksum is set.
/// </summary>
public static class PacketBuilder
{
    public const byte ProtocolTcp = 6;
    public const byte ProtocolUdp = 17;

    /// <summary>A UDP header plus payload.</summary>
    public static byte[] Udp(ushort sourcePort, ushort destinationPort, ReadOnlySpan<byte> payload)
    {
        var packet = new byte[8 + payload.Length];
        BinaryPrimitives.WriteUInt16BigEndian(packet, sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), destinationPort);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(4), (ushort)packet.Length);
        payload.CopyTo(packet.AsSpan(8));
        return packet;
    }

    /// <summary>A 20-byte TCP header plus payload; <paramref name="flags"/> are the TCP flag bits (0x02 SYN, 0x10 ACK, 0x01 FIN, 0x04 RST, 0x08 PSH).</summary>
    public static byte[] Tcp(ushort sourcePort, ushort destinationPort, uint sequence, byte flags, ReadOnlySpan<byte> payload)
    {
        var packet = new byte[20 + payload.Length];
        BinaryPrimitives.WriteUInt16BigEndian(packet, sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), destinationPort);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), sequence);
        packet[12] = 5 << 4;
        packet[13] = flags;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(14), 65535);
        payload.CopyTo(packet.AsSpan(20));
        return packet;
    }

    /// <summary>Prefixes a DNS message with the 2-byte length TCP uses (RFC 1035 section 4.2.2).</summary>
    public static byte[] TcpFramed(ReadOnlySpan<byte> message)
    {
        var framed = new byte[2 + message.Length];
        BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)message.Length);
        message.CopyTo(framed.AsSpan(2));
        return framed;
    }

    /// <summary>
    /// An IPv4 or IPv6 packet (by the family of <paramref name="source"/>) carrying <paramref name="transport"/>.
    /// A non-zero <paramref name="fragmentOffset"/> (bytes, a multiple of 8) or <paramref name="moreFragments"/>
    /// makes a fragment: IPv4 flags and offset, or an IPv6 fragment extension header.
    /// </summary>
    public static byte[] IP(PacketAddress source, PacketAddress destination, byte protocol, ReadOnlySpan<byte> transport, uint identification = 0, int fragmentOffset = 0, bool moreFragments = false)
    {
        var fragment = fragmentOffset != 0 || moreFragments;
        if (!source.IsIPv6)
        {
            var packet = new byte[20 + transport.Length];
            packet[0] = 0x45;
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)packet.Length);
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(4), (ushort)identification);
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(6), (ushort)((moreFragments ? 0x2000 : 0) | (fragmentOffset / 8)));
            packet[8] = 64;
            packet[9] = protocol;
            BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(12), (uint)source.Bits);
            BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(16), (uint)destination.Bits);
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(10), HeaderChecksum(packet.AsSpan(0, 20)));
            transport.CopyTo(packet.AsSpan(20));
            return packet;
        }

        var extra = fragment ? 8 : 0;
        var v6 = new byte[40 + extra + transport.Length];
        v6[0] = 0x60;
        BinaryPrimitives.WriteUInt16BigEndian(v6.AsSpan(4), (ushort)(extra + transport.Length));
        v6[6] = fragment ? (byte)44 : protocol;
        v6[7] = 64;
        BinaryPrimitives.WriteUInt128BigEndian(v6.AsSpan(8), source.Bits);
        BinaryPrimitives.WriteUInt128BigEndian(v6.AsSpan(24), destination.Bits);
        if (fragment)
        {
            v6[40] = protocol;
            BinaryPrimitives.WriteUInt16BigEndian(v6.AsSpan(42), (ushort)((fragmentOffset & ~7) | (moreFragments ? 1 : 0)));
            BinaryPrimitives.WriteUInt32BigEndian(v6.AsSpan(44), identification);
        }

        transport.CopyTo(v6.AsSpan(40 + extra));
        return v6;
    }

    /// <summary>Wraps an IP packet in the link-layer header of <paramref name="linkType"/>; VLAN tags only for Ethernet.</summary>
    public static byte[] Frame(int linkType, ReadOnlySpan<byte> ipPacket, params ReadOnlySpan<ushort> vlanTags)
    {
        var isIPv6 = ipPacket.Length > 0 && ipPacket[0] >> 4 == 6;
        var etherType = isIPv6 ? (ushort)0x86DD : (ushort)0x0800;
        byte[] frame;
        int header;
        switch (linkType)
        {
            case LinkType.Ethernet:
                header = 14 + (4 * vlanTags.Length);
                frame = new byte[header + ipPacket.Length];
                frame[0] = 0x02;
                frame[6] = 0x02;
                frame[11] = 1;
                var at = 12;
                for (var i = 0; i < vlanTags.Length; i++)
                {
                    BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(at), i == 0 && vlanTags.Length > 1 ? (ushort)0x88A8 : (ushort)0x8100);
                    BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(at + 2), vlanTags[i]);
                    at += 4;
                }

                BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(at), etherType);
                break;
            case LinkType.LinuxSll:
                header = 16;
                frame = new byte[header + ipPacket.Length];
                BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(2), 772);
                BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(4), 6);
                BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(14), etherType);
                break;
            case LinkType.LinuxSll2:
                header = 20;
                frame = new byte[header + ipPacket.Length];
                BinaryPrimitives.WriteUInt16BigEndian(frame, etherType);
                BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(4), 1);
                BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(8), 772);
                frame[11] = 6;
                break;
            case LinkType.Null:
                header = 4;
                frame = new byte[header + ipPacket.Length];
                BinaryPrimitives.WriteUInt32LittleEndian(frame, isIPv6 ? 30u : 2u);
                break;
            case LinkType.Loop:
                header = 4;
                frame = new byte[header + ipPacket.Length];
                BinaryPrimitives.WriteUInt32BigEndian(frame, isIPv6 ? 24u : 2u);
                break;
            case LinkType.Raw or LinkType.RawBsd12 or LinkType.RawBsd14 or LinkType.IPv4 or LinkType.IPv6:
                header = 0;
                frame = new byte[ipPacket.Length];
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(linkType), linkType, "No frame builder for this link type.");
        }

        ipPacket.CopyTo(frame.AsSpan(header));
        return frame;
    }

    /// <summary>Ethernet, IP and UDP around a DNS message in one call.</summary>
    public static byte[] UdpFrame(int linkType, PacketAddress source, ushort sourcePort, PacketAddress destination, ushort destinationPort, ReadOnlySpan<byte> message) =>
        Frame(linkType, IP(source, destination, ProtocolUdp, Udp(sourcePort, destinationPort, message)));

    /// <summary>Ethernet, IP and TCP around raw TCP payload bytes in one call.</summary>
    public static byte[] TcpFrame(int linkType, PacketAddress source, ushort sourcePort, PacketAddress destination, ushort destinationPort, uint sequence, byte flags, ReadOnlySpan<byte> payload) =>
        Frame(linkType, IP(source, destination, ProtocolTcp, Tcp(sourcePort, destinationPort, sequence, flags, payload)));

    private static ushort HeaderChecksum(ReadOnlySpan<byte> header)
    {
        uint sum = 0;
        for (var i = 0; i < header.Length; i += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(header[i..]);
        }

        while (sum > 0xFFFF)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }

        return (ushort)~sum;
    }
}
