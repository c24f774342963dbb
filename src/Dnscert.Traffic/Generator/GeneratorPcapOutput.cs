using System.Buffers.Binary;

namespace Dnscert.Traffic.Generator;

/// <summary>
/// Writes generated messages as a classic pcap file (microsecond timestamps, Ethernet, IPv4/IPv6, UDP). Kept
/// private to the generator so it does not wait for the shared pcap writer; only what the generator needs:
/// no fragmentation (large answers are written as one oversized datagram) and a zero UDP checksum over IPv4.
/// </summary>
internal sealed class GeneratorPcapOutput(Stream stream)
{
    private readonly byte[] _frame = new byte[14 + 40 + 8 + 65535];

    public void WriteHeader()
    {
        Span<byte> header = stackalloc byte[24];
        BinaryPrimitives.WriteUInt32LittleEndian(header, 0xA1B2C3D4);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], 2);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], 4);
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], 262_144);
        BinaryPrimitives.WriteUInt32LittleEndian(header[20..], 1);
        stream.Write(header);
    }

    public void Write(ScriptedMessage message)
    {
        var frame = _frame.AsSpan();
        var v6 = message.Source.IsIPv6;
        frame[..12].Clear();
        frame[5] = 1;
        frame[11] = 2;
        BinaryPrimitives.WriteUInt16BigEndian(frame[12..], v6 ? (ushort)0x86DD : (ushort)0x0800);
        var ip = frame[14..];
        var udpLength = 8 + message.Wire.Length;
        int ipHeader;
        if (v6)
        {
            ipHeader = 40;
            ip[..40].Clear();
            ip[0] = 0x60;
            BinaryPrimitives.WriteUInt16BigEndian(ip[4..], (ushort)udpLength);
            ip[6] = 17;
            ip[7] = 64;
            BinaryPrimitives.WriteUInt128BigEndian(ip[8..], message.Source.Bits);
            BinaryPrimitives.WriteUInt128BigEndian(ip[24..], message.Destination.Bits);
        }
        else
        {
            ipHeader = 20;
            ip[..20].Clear();
            ip[0] = 0x45;
            BinaryPrimitives.WriteUInt16BigEndian(ip[2..], (ushort)Math.Min(20 + udpLength, ushort.MaxValue));
            ip[8] = 64;
            ip[9] = 17;
            BinaryPrimitives.WriteUInt32BigEndian(ip[12..], (uint)message.Source.Bits);
            BinaryPrimitives.WriteUInt32BigEndian(ip[16..], (uint)message.Destination.Bits);
            BinaryPrimitives.WriteUInt16BigEndian(ip[10..], Checksum(ip[..20]));
        }

        var udp = ip[ipHeader..];
        BinaryPrimitives.WriteUInt16BigEndian(udp, message.SourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(udp[2..], message.DestinationPort);
        BinaryPrimitives.WriteUInt16BigEndian(udp[4..], (ushort)udpLength);
        BinaryPrimitives.WriteUInt16BigEndian(udp[6..], 0);
        message.Wire.Span.CopyTo(udp[8..]);
        var length = 14 + ipHeader + udpLength;

        Span<byte> record = stackalloc byte[16];
        var sinceEpoch = message.Timestamp - DateTimeOffset.UnixEpoch;
        var seconds = sinceEpoch.Ticks / TimeSpan.TicksPerSecond;
        BinaryPrimitives.WriteUInt32LittleEndian(record, (uint)seconds);
        BinaryPrimitives.WriteUInt32LittleEndian(record[4..], (uint)((sinceEpoch.Ticks % TimeSpan.TicksPerSecond) / 10));
        BinaryPrimitives.WriteUInt32LittleEndian(record[8..], (uint)length);
        BinaryPrimitives.WriteUInt32LittleEndian(record[12..], (uint)length);
        stream.Write(record);
        stream.Write(frame[..length]);
    }

    private static ushort Checksum(ReadOnlySpan<byte> header)
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
