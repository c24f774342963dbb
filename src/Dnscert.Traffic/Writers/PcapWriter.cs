using System.Buffers.Binary;

namespace Dnscert.Traffic.Writers;

/// <summary>
/// Writes a classic pcap file (the format tcpdump writes): a 24-byte file header, then one 16-byte record header
/// and the captured bytes per packet. Tests, the attack-traffic generator and benchmarks use it to produce
/// captures; <see cref="BigEndian"/> and <see cref="Nanoseconds"/> exist so tests can cover every variant a
/// reader meets. Hand-written: the format is a few fixed headers, no library needed.
/// </summary>
public sealed class PcapWriter : IDisposable
{
    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly byte[] _header = new byte[16];

    public PcapWriter(Stream stream, int linkType, int snapLength = 262144, bool nanoseconds = false, bool bigEndian = false, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
        _leaveOpen = leaveOpen;
        LinkType = linkType;
        SnapLength = snapLength;
        Nanoseconds = nanoseconds;
        BigEndian = bigEndian;
        Span<byte> file = stackalloc byte[24];
        WriteUInt32(file, nanoseconds ? 0xa1b23c4du : 0xa1b2c3d4u);
        WriteUInt16(file[4..], 2);
        WriteUInt16(file[6..], 4);
        WriteUInt32(file[8..], 0);
        WriteUInt32(file[12..], 0);
        WriteUInt32(file[16..], (uint)snapLength);
        WriteUInt32(file[20..], (uint)linkType);
        _stream.Write(file);
    }

    public int LinkType { get; }

    public int SnapLength { get; }

    public bool Nanoseconds { get; }

    public bool BigEndian { get; }

    public long PacketsWritten { get; private set; }

    /// <summary>
    /// Writes one packet captured at <paramref name="timestamp"/>. Bytes beyond <see cref="SnapLength"/> are cut,
    /// as a capturing tool would, and the record keeps the original length.
    /// </summary>
    public void Write(DateTimeOffset timestamp, ReadOnlySpan<byte> packet, int originalLength = -1)
    {
        var captured = Math.Min(packet.Length, SnapLength);
        var ticks = timestamp.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        var seconds = ticks / TimeSpan.TicksPerSecond;
        var fraction = ticks % TimeSpan.TicksPerSecond;
        WriteUInt32(_header, (uint)seconds);
        WriteUInt32(_header.AsSpan(4), (uint)(Nanoseconds ? fraction * 100 : fraction / 10));
        WriteUInt32(_header.AsSpan(8), (uint)captured);
        WriteUInt32(_header.AsSpan(12), (uint)(originalLength < 0 ? packet.Length : originalLength));
        _stream.Write(_header);
        _stream.Write(packet[..captured]);
        PacketsWritten++;
    }

    public void Dispose()
    {
        _stream.Flush();
        if (!_leaveOpen)
        {
            _stream.Dispose();
        }
    }

    private void WriteUInt32(Span<byte> destination, uint value)
    {
        if (BigEndian)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(destination, value);
        }
    }

    private void WriteUInt16(Span<byte> destination, ushort value)
    {
        if (BigEndian)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(destination, value);
        }
    }
}
