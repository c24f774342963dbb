using System.Buffers.Binary;
using System.Text;

namespace Dnscert.Traffic.Dnstap;

/// <summary>
/// Reads a Frame Streams stream: control frames (an escape of four zero bytes, a length, a type and fields)
/// and data frames (a length and the payload). The uni-directional file form is START [data...] STOP; the
/// live form adds READY/ACCEPT/FINISH, which <see cref="DnstapListener"/> answers. Every length is checked
/// against <see cref="MaxFrameSize"/> before anything is allocated, and a content type other than the one
/// expected is refused with its name in the error.
/// </summary>
public sealed class FrameStreamReader
{
    /// <summary>The content type of dnstap payloads.</summary>
    public const string DnstapContentType = "protobuf:dnstap.Dnstap";

    /// <summary>Largest control frame accepted (the protocol's own limit is 512 bytes).</summary>
    public const int MaxControlFrameSize = 512;

    private const uint ContentTypeField = 1;
    private readonly Stream _stream;
    private readonly byte[] _header = new byte[4];
    private byte[] _buffer = new byte[4096];
    private long _offset;

    public FrameStreamReader(Stream stream, int maxFrameSize = 1 << 20)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFrameSize, 16);
        _stream = stream;
        MaxFrameSize = maxFrameSize;
    }

    /// <summary>Largest data frame accepted (default 1 MiB; a dnstap message holds at most two 64 KiB DNS messages).</summary>
    public int MaxFrameSize { get; }

    /// <summary>Byte offset of the next frame (after the last complete one).</summary>
    public long Offset => _offset;

    /// <summary>Content types named by the last control frame read.</summary>
    public IReadOnlyList<string> ContentTypes { get; private set; } = [];

    /// <summary>Reads the next frame; a data frame's bytes are valid until the next call.</summary>
    public async ValueTask<FrameStreamFrame> ReadFrameAsync(CancellationToken cancellationToken)
    {
        {
            var start = _offset;
            if (!await FillAsync(_header, allowEnd: true, cancellationToken).ConfigureAwait(false))
            {
                throw new DnstapFormatException("Frame Streams input ended without a STOP frame", start) { IsTruncation = true };
            }

            var length = BinaryPrimitives.ReadUInt32BigEndian(_header);
            if (length != 0)
            {
                if (length > MaxFrameSize)
                {
                    throw new DnstapFormatException($"Data frame of {length} bytes exceeds the limit of {MaxFrameSize}", start);
                }

                var data = Rent((int)length);
                await FillAsync(data, false, cancellationToken).ConfigureAwait(false);
                return new FrameStreamFrame(null, data);
            }

            await FillAsync(_header, false, cancellationToken).ConfigureAwait(false);
            var controlLength = BinaryPrimitives.ReadUInt32BigEndian(_header);
            if (controlLength < 4 || controlLength > MaxControlFrameSize)
            {
                throw new DnstapFormatException($"Control frame length {controlLength} is outside 4..{MaxControlFrameSize}", start);
            }

            var control = Rent((int)controlLength);
            await FillAsync(control, false, cancellationToken).ConfigureAwait(false);
            return new FrameStreamFrame(ParseControl(control.Span, start), ReadOnlyMemory<byte>.Empty);
        }
    }

    /// <summary>Reads the START frame of a file and checks it announces dnstap.</summary>
    public async ValueTask ExpectStartAsync(CancellationToken cancellationToken)
    {
        var control = (await ReadFrameAsync(cancellationToken).ConfigureAwait(false)).Control;
        if (control != FrameStreamControl.Start)
        {
            throw new DnstapFormatException($"Expected a Frame Streams START frame, found {(control is null ? "a data frame" : control.ToString())}", 0);
        }

        RequireDnstap(ContentTypes);
    }

    /// <summary>Throws unless <paramref name="contentTypes"/> is empty or includes dnstap's.</summary>
    public static void RequireDnstap(IReadOnlyList<string> contentTypes)
    {
        ArgumentNullException.ThrowIfNull(contentTypes);
        if (contentTypes.Count > 0 && !contentTypes.Contains(DnstapContentType, StringComparer.Ordinal))
        {
            throw new DnstapFormatException(
                $"Frame Streams content type is \"{string.Join("\", \"", contentTypes)}\", not \"{DnstapContentType}\": this is not a dnstap stream");
        }
    }

    private FrameStreamControl ParseControl(ReadOnlySpan<byte> frame, long start)
    {
        var type = BinaryPrimitives.ReadUInt32BigEndian(frame);
        if (type is < 1 or > 5)
        {
            throw new DnstapFormatException($"Unknown Frame Streams control type {type}", start);
        }

        var types = new List<string>();
        var position = 4;
        while (position < frame.Length)
        {
            if (frame.Length - position < 8)
            {
                throw new DnstapFormatException("Control frame field header truncated", start + 8 + position);
            }

            var field = BinaryPrimitives.ReadUInt32BigEndian(frame[position..]);
            var length = BinaryPrimitives.ReadUInt32BigEndian(frame[(position + 4)..]);
            position += 8;
            if (length > frame.Length - position)
            {
                throw new DnstapFormatException($"Control frame field of {length} bytes overruns its frame", start + 8 + position);
            }

            if (field != ContentTypeField)
            {
                throw new DnstapFormatException($"Unknown control frame field type {field}", start + 8 + position);
            }

            types.Add(Encoding.ASCII.GetString(frame.Slice(position, (int)length)));
            position += (int)length;
        }

        ContentTypes = types;
        return (FrameStreamControl)type;
    }

    private Memory<byte> Rent(int length)
    {
        if (_buffer.Length < length)
        {
            _buffer = new byte[Math.Max(length, _buffer.Length * 2)];
        }

        return _buffer.AsMemory(0, length);
    }

    private async ValueTask<bool> FillAsync(Memory<byte> target, bool allowEnd, CancellationToken cancellationToken)
    {
        var read = 0;
        while (read < target.Length)
        {
            var n = await _stream.ReadAsync(target[read..], cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                if (allowEnd && read == 0)
                {
                    return false;
                }

                throw new DnstapFormatException($"Frame Streams input truncated: {target.Length - read} bytes missing", _offset + read) { IsTruncation = true };
            }

            read += n;
        }

        _offset += read;
        return true;
    }
}
