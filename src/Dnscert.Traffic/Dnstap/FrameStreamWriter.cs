using System.Buffers.Binary;
using System.Text;

namespace Dnscert.Traffic.Dnstap;

/// <summary>Writes Frame Streams frames: control frames with an optional content type, and data frames.</summary>
public sealed class FrameStreamWriter(Stream stream)
{
    private readonly byte[] _header = new byte[4];

    public async ValueTask WriteControlAsync(FrameStreamControl control, string? contentType, CancellationToken cancellationToken)
    {
        var type = contentType is null ? [] : Encoding.ASCII.GetBytes(contentType);
        var frame = new byte[8 + 4 + (type.Length == 0 ? 0 : 8 + type.Length)];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(4), (uint)(frame.Length - 8));
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(8), (uint)control);
        if (type.Length > 0)
        {
            BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(12), 1);
            BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(16), (uint)type.Length);
            type.CopyTo(frame.AsSpan(20));
        }

        await stream.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask WriteDataAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        BinaryPrimitives.WriteUInt32BigEndian(_header, (uint)payload.Length);
        await stream.WriteAsync(_header, cancellationToken).ConfigureAwait(false);
        await stream.WriteAsync(payload, cancellationToken).ConfigureAwait(false);
    }
}
