using System.Buffers.Binary;
using System.IO.Compression;
using System.Runtime.CompilerServices;

namespace Dnscert.Traffic.Readers;

/// <summary>
/// Reads link-layer frames from a pcap or pcapng stream, gzip-compressed or not (detected by magic number, not by
/// file name). Streaming with one fixed buffer: memory does not grow with the file. Records that are damaged but
/// skippable are counted in <see cref="Malformed"/>; a stream that cannot be read on throws
/// <see cref="CaptureFormatException"/> naming the file and the byte offset.
/// </summary>
public sealed class CaptureFileReader : IDisposable
{
    private const uint PcapMicro = 0xa1b2c3d4;
    private const uint PcapNano = 0xa1b23c4d;
    private const uint PcapngSectionHeader = 0x0A0D0D0A;
    private const uint PcapngByteOrderMagic = 0x1A2B3C4D;
    private const int MaxInterfaces = 4096;

    private readonly Stream _stream;
    private readonly CaptureInput _input;
    private readonly int _maxPacketLength;
    private readonly List<PcapngInterface> _interfaces = [];
    private bool _bigEndian;
    private int _pcapLinkType;
    private bool _nanoseconds;
    private DateTimeOffset _lastTimestamp = DateTimeOffset.UnixEpoch;
    private bool _ended;

    private CaptureFileReader(Stream stream, string name, MalformedCounts malformed, int maxPacketLength)
    {
        _stream = stream;
        Name = name;
        Malformed = malformed;
        _maxPacketLength = maxPacketLength;
        // Room for the largest packet plus block headers, and at least 1 MiB so reads are large.
        _input = new CaptureInput(stream, Math.Max(1 << 20, maxPacketLength + 4096));
    }

    public string Name { get; }

    public CaptureFormat Format { get; private set; }

    public bool Compressed { get; private set; }

    public MalformedCounts Malformed { get; }

    /// <summary>Byte offset of the next record in the (decompressed) stream.</summary>
    public long Offset => _input.Offset;

    /// <summary>Opens <paramref name="path"/>; throws <see cref="CaptureFormatException"/> when it is not a capture.</summary>
    public static CaptureFileReader Open(string path, MalformedCounts malformed, int maxPacketLength = 262144)
    {
        ArgumentNullException.ThrowIfNull(path);
        Stream file;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CaptureFormatException($"{path}: cannot open: {ex.Message}", ex);
        }

        return Open(file, path, malformed, maxPacketLength);
    }

    /// <summary>Reads from <paramref name="stream"/> (owned and disposed by the reader); <paramref name="name"/> appears in errors.</summary>
    public static CaptureFileReader Open(Stream stream, string name, MalformedCounts malformed, int maxPacketLength = 262144)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(malformed);
        Span<byte> magic = stackalloc byte[2];
        var compressed = false;
        if (stream.CanSeek)
        {
            var got = stream.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
            stream.Position = 0;
            compressed = got == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
        }
        else
        {
            stream = new BufferedStream(stream, 1 << 16);
            var got = stream.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
            compressed = got == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
            stream = new PrefixedStream(magic[..got].ToArray(), stream);
        }

        var reader = new CaptureFileReader(compressed ? new GZipStream(stream, CompressionMode.Decompress) : stream, name, malformed, maxPacketLength)
        {
            Compressed = compressed,
        };
        reader.ReadFileHeader();
        return reader;
    }

    /// <summary>Reads the next frame; false at the end of the capture.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryRead(out CapturedFrame frame)
    {
        try
        {
            while (!_ended)
            {
                var got = Format == CaptureFormat.Pcap ? TryReadPcapRecord(out frame) : TryReadPcapngBlock(out frame);
                if (got)
                {
                    return true;
                }
            }
        }
        catch (InvalidDataException ex)
        {
            throw new CaptureFormatException(Name, _input.Offset, $"bad gzip data: {ex.Message}");
        }

        frame = default;
        return false;
    }

    public void Dispose() => _stream.Dispose();

    private void ReadFileHeader()
    {
        bool has;
        try
        {
            has = _input.TryEnsure(24);
        }
        catch (InvalidDataException ex)
        {
            throw new CaptureFormatException(Name, 0, $"bad gzip data: {ex.Message}");
        }

        if (!_input.TryEnsure(4))
        {
            throw new CaptureFormatException(Name, 0, "empty or shorter than a capture file header");
        }

        var span = _input.Span(Math.Min(_input.Available, 24));
        var magicLe = BinaryPrimitives.ReadUInt32LittleEndian(span);
        var magicBe = BinaryPrimitives.ReadUInt32BigEndian(span);
        if (magicLe == PcapngSectionHeader)
        {
            Format = CaptureFormat.Pcapng;
            return;
        }

        if (magicLe is PcapMicro or PcapNano)
        {
            _bigEndian = false;
            _nanoseconds = magicLe == PcapNano;
        }
        else if (magicBe is PcapMicro or PcapNano)
        {
            _bigEndian = true;
            _nanoseconds = magicBe == PcapNano;
        }
        else
        {
            throw new CaptureFormatException(Name, 0, $"not a pcap or pcapng file (magic 0x{magicBe:x8})");
        }

        if (!has)
        {
            throw new CaptureFormatException(Name, 0, "the pcap file header is cut short (24 bytes needed)");
        }

        Format = CaptureFormat.Pcap;
        var major = U16(span[4..]);
        if (major != 2)
        {
            throw new CaptureFormatException(Name, 4, $"unsupported pcap version {major}");
        }

        // The upper bits carry the FCS length flag (pcap format, LinkType and additional information field).
        _pcapLinkType = (int)(U32(span[20..]) & 0x0FFFFFFF);
        _input.Advance(24);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool TryReadPcapRecord(out CapturedFrame frame)
    {
        frame = default;
        if (!_input.TryEnsure(16))
        {
            if (_input.Available > 0)
            {
                Malformed.Add(MalformedReason.TruncatedRecord);
            }

            _ended = true;
            return false;
        }

        var header = _input.Span(16);
        var seconds = U32(header);
        var fraction = U32(header[4..]);
        var captured = U32(header[8..]);
        var original = U32(header[12..]);
        if (captured > (uint)_maxPacketLength)
        {
            throw new CaptureFormatException(Name, _input.Offset + 8, $"packet record claims {captured} captured bytes, over the limit of {_maxPacketLength}");
        }

        if (!_input.TryEnsure(16 + (int)captured))
        {
            Malformed.Add(MalformedReason.TruncatedRecord);
            _ended = true;
            return false;
        }

        var ticks = (seconds * TimeSpan.TicksPerSecond) + (_nanoseconds ? fraction / 100 : fraction * 10L);
        var timestamp = DateTimeOffset.UnixEpoch.AddTicks(Math.Min(ticks, DateTimeOffset.MaxValue.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks));
        _lastTimestamp = timestamp;
        frame = new CapturedFrame(_pcapLinkType, timestamp, _input.Memory(16, (int)captured), (int)Math.Min(int.MaxValue, Math.Max(original, captured)));
        _input.Advance(16 + (int)captured);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool TryReadPcapngBlock(out CapturedFrame frame)
    {
        frame = default;
        if (!_input.TryEnsure(12))
        {
            if (_input.Available > 0)
            {
                Malformed.Add(MalformedReason.TruncatedRecord);
            }

            _ended = true;
            return false;
        }

        var start = _input.Offset;
        var head = _input.Span(12);
        var type = BinaryPrimitives.ReadUInt32LittleEndian(head);
        if (type == PcapngSectionHeader)
        {
            var order = BinaryPrimitives.ReadUInt32LittleEndian(head[8..]);
            if (order == PcapngByteOrderMagic)
            {
                _bigEndian = false;
            }
            else if (BinaryPrimitives.ReadUInt32BigEndian(head[8..]) == PcapngByteOrderMagic)
            {
                _bigEndian = true;
            }
            else
            {
                throw new CaptureFormatException(Name, start + 8, $"pcapng section header has an unknown byte-order magic 0x{order:x8}");
            }

            _interfaces.Clear();
        }
        else
        {
            type = U32(head);
        }

        var length = U32(head[4..]);
        if (length < 12 || length % 4 != 0)
        {
            throw new CaptureFormatException(Name, start + 4, $"pcapng block of type 0x{type:x} has an invalid total length {length}");
        }

        if (length > (uint)_input.Capacity)
        {
            if (type is 2 or 3 or 6)
            {
                Malformed.Add(MalformedReason.OversizedPacket);
            }
            else if (type is 1 or PcapngSectionHeader)
            {
                throw new CaptureFormatException(Name, start + 4, $"pcapng block of type 0x{type:x} is {length} bytes long, over the limit of {_input.Capacity}");
            }

            if (!_input.Skip(length))
            {
                Malformed.Add(MalformedReason.TruncatedRecord);
                _ended = true;
            }

            return false;
        }

        if (!_input.TryEnsure((int)length))
        {
            Malformed.Add(MalformedReason.TruncatedRecord);
            _ended = true;
            return false;
        }

        var block = _input.Span((int)length);
        var body = block[8..^4];
        var got = false;
        switch (type)
        {
            case PcapngSectionHeader:
                if (body.Length < 16)
                {
                    throw new CaptureFormatException(Name, start, "pcapng section header block is too short");
                }

                break;
            case 1:
                ReadInterface(body, start);
                break;
            case 6 or 2 when body.Length < 20:
                Malformed.Add(MalformedReason.TruncatedRecord);
                break;
            case 6:
                got = ReadEnhancedPacket(body, start, 20, U32(body), U32(body[4..]), U32(body[8..]), U32(body[12..]), U32(body[16..]), out frame);
                break;
            case 2:
                got = ReadEnhancedPacket(body, start, 20, U16(body), U32(body[4..]), U32(body[8..]), U32(body[12..]), U32(body[16..]), out frame);
                break;
            case 3:
                got = ReadSimplePacket(body, start, out frame);
                break;
            default:
                break;
        }

        _input.Advance((int)length);
        return got;
    }

    private void ReadInterface(ReadOnlySpan<byte> body, long start)
    {
        if (body.Length < 8)
        {
            throw new CaptureFormatException(Name, start, "pcapng interface description block is too short");
        }

        if (_interfaces.Count >= MaxInterfaces)
        {
            throw new CaptureFormatException(Name, start, $"more than {MaxInterfaces} interfaces in one section");
        }

        var iface = new PcapngInterface { LinkType = U16(body), SnapLength = U32(body[4..]) };
        var options = body[8..];
        var count = 0;
        while (options.Length >= 4 && count++ < 256)
        {
            var code = U16(options);
            var length = U16(options[2..]);
            if (code == 0 || 4 + length > options.Length)
            {
                break;
            }

            var value = options.Slice(4, length);
            if (code == 9 && length >= 1)
            {
                iface.TimestampResolution = value[0];
            }
            else if (code == 14 && length >= 8)
            {
                iface.TimestampOffsetSeconds = (long)(_bigEndian ? BinaryPrimitives.ReadUInt64BigEndian(value) : BinaryPrimitives.ReadUInt64LittleEndian(value));
            }

            options = options[Math.Min(options.Length, 4 + ((length + 3) & ~3))..];
        }

        _interfaces.Add(iface);
    }

    private bool ReadEnhancedPacket(ReadOnlySpan<byte> body, long start, int dataStart, uint interfaceId, uint high, uint low, uint captured, uint original, out CapturedFrame frame)
    {
        frame = default;
        if (body.Length < dataStart || interfaceId >= (uint)_interfaces.Count)
        {
            Malformed.Add(body.Length < dataStart ? MalformedReason.TruncatedRecord : MalformedReason.UnknownInterface);
            return false;
        }

        if (captured > (uint)(body.Length - dataStart) || captured > (uint)_maxPacketLength)
        {
            Malformed.Add(MalformedReason.OversizedPacket);
            return false;
        }

        var iface = _interfaces[(int)interfaceId];
        var timestamp = iface.ToTimestamp(((ulong)high << 32) | low);
        _lastTimestamp = timestamp;
        frame = new CapturedFrame(iface.LinkType, timestamp, _input.Memory(8 + dataStart, (int)captured), (int)Math.Min(int.MaxValue, Math.Max(original, captured)));
        _ = start;
        return true;
    }

    private bool ReadSimplePacket(ReadOnlySpan<byte> body, long start, out CapturedFrame frame)
    {
        frame = default;
        if (body.Length < 4 || _interfaces.Count == 0)
        {
            Malformed.Add(body.Length < 4 ? MalformedReason.TruncatedRecord : MalformedReason.UnknownInterface);
            return false;
        }

        var iface = _interfaces[0];
        var original = U32(body);
        var captured = (int)Math.Min(Math.Min(original, (uint)(body.Length - 4)), iface.SnapLength == 0 ? uint.MaxValue : iface.SnapLength);
        if (captured > _maxPacketLength)
        {
            Malformed.Add(MalformedReason.OversizedPacket);
            return false;
        }

        // A simple packet block has no timestamp; the previous packet's time is the best estimate.
        frame = new CapturedFrame(iface.LinkType, _lastTimestamp, _input.Memory(12, captured), (int)Math.Min(int.MaxValue, Math.Max(original, (uint)captured)));
        _ = start;
        return true;
    }

    private uint U32(ReadOnlySpan<byte> span) => _bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(span) : BinaryPrimitives.ReadUInt32LittleEndian(span);

    private ushort U16(ReadOnlySpan<byte> span) => _bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(span) : BinaryPrimitives.ReadUInt16LittleEndian(span);
}
