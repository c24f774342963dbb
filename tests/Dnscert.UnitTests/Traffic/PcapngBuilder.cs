using System.Buffers;
using System.Buffers.Binary;

namespace Dnscert.UnitTests.Traffic;

/// <summary>Writes pcapng blocks by hand, in either byte order, so tests cover what no writer in src produces.</summary>
internal sealed class PcapngBuilder(bool bigEndian)
{
    private readonly ArrayBufferWriter<byte> _buffer = new();

    public PcapngBuilder SectionHeader()
    {
        var body = new byte[16];
        U32(body, 0x1A2B3C4D);
        U16(body.AsSpan(4), 1);
        BinaryPrimitives.WriteInt64LittleEndian(body.AsSpan(8), -1);
        return Block(0x0A0D0D0A, body);
    }

    public PcapngBuilder Interface(int linkType, byte? tsresol = null)
    {
        var options = tsresol is { } r ? new byte[12] : new byte[4];
        if (tsresol is { } resolution)
        {
            U16(options, 9);
            U16(options.AsSpan(2), 1);
            options[4] = resolution;
        }

        var body = new byte[8 + options.Length];
        U16(body, (ushort)linkType);
        U32(body.AsSpan(4), 65535);
        options.CopyTo(body, 8);
        return Block(1, body);
    }

    public PcapngBuilder Enhanced(int interfaceId, ulong timestamp, ReadOnlySpan<byte> packet)
    {
        var body = new byte[20 + Pad(packet.Length)];
        U32(body, (uint)interfaceId);
        U32(body.AsSpan(4), (uint)(timestamp >> 32));
        U32(body.AsSpan(8), (uint)timestamp);
        U32(body.AsSpan(12), (uint)packet.Length);
        U32(body.AsSpan(16), (uint)packet.Length);
        packet.CopyTo(body.AsSpan(20));
        return Block(6, body);
    }

    public PcapngBuilder Obsolete(int interfaceId, ulong timestamp, ReadOnlySpan<byte> packet)
    {
        var body = new byte[20 + Pad(packet.Length)];
        U16(body, (ushort)interfaceId);
        U32(body.AsSpan(4), (uint)(timestamp >> 32));
        U32(body.AsSpan(8), (uint)timestamp);
        U32(body.AsSpan(12), (uint)packet.Length);
        U32(body.AsSpan(16), (uint)packet.Length);
        packet.CopyTo(body.AsSpan(20));
        return Block(2, body);
    }

    public PcapngBuilder Simple(ReadOnlySpan<byte> packet)
    {
        var body = new byte[4 + Pad(packet.Length)];
        U32(body, (uint)packet.Length);
        packet.CopyTo(body.AsSpan(4));
        return Block(3, body);
    }

    public PcapngBuilder Unknown(uint type, int length) => Block(type, new byte[Pad(length)]);

    public byte[] ToArray() => _buffer.WrittenSpan.ToArray();

    private static int Pad(int length) => (length + 3) & ~3;

    private PcapngBuilder Block(uint type, byte[] body)
    {
        var header = new byte[8];
        U32(header, type);
        U32(header.AsSpan(4), (uint)(12 + body.Length));
        _buffer.Write<byte>(header);
        _buffer.Write<byte>(body);
        _buffer.Write<byte>(header.AsSpan(4, 4));
        return this;
    }

    private void U32(Span<byte> span, uint value)
    {
        if (bigEndian)
        {
            BinaryPrimitives.WriteUInt32BigEndian(span, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(span, value);
        }
    }

    private void U16(Span<byte> span, ushort value)
    {
        if (bigEndian)
        {
            BinaryPrimitives.WriteUInt16BigEndian(span, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(span, value);
        }
    }
}
