using System.Buffers.Binary;
using System.IO.Compression;
using Dnscert.Traffic.Readers;

namespace Dnscert.Traffic.Dnstap;

/// <summary>
/// Reads a dnstap Frame Streams file for <c>traffic analyze</c>, into the same counts and handler as a pcap. Unlike
/// <see cref="DnstapFileReader"/>, a file that simply ends (a name server killed before it wrote STOP, or in the middle
/// of a frame) is not refused: what came before is kept, and the cut is counted as
/// <see cref="MalformedReason.TruncatedRecord"/> with a note naming the file and the byte offset of the cut frame.
/// A frame whose protobuf does not decode is counted as <see cref="MalformedReason.DnstapPayloadInvalid"/> and
/// skipped (its length framing is intact). Anything else (not dnstap, a bad control frame, a frame over the size
/// limit) throws <see cref="CaptureFormatException"/> naming the file and offset. gzip-compressed files are read too.
/// </summary>
public static class DnstapCaptureReader
{
    /// <summary>
    /// True when <paramref name="path"/> starts like a Frame Streams file (the four zero bytes of a control frame's
    /// escape), after gzip decompression if it is compressed. pcap and pcapng never start with zeros.
    /// </summary>
    public static bool IsFrameStream(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096);
        Span<byte> head = stackalloc byte[4];
        if (file.ReadAtLeast(head, 4, throwOnEndOfStream: false) < 4)
        {
            return false;
        }

        if (head[0] == 0x1f && head[1] == 0x8b)
        {
            file.Position = 0;
            try
            {
                using var gzip = new GZipStream(file, CompressionMode.Decompress, leaveOpen: true);
                return gzip.ReadAtLeast(head, 4, throwOnEndOfStream: false) == 4 && BinaryPrimitives.ReadUInt32BigEndian(head) == 0;
            }
            catch (InvalidDataException)
            {
                return false;
            }
        }

        return BinaryPrimitives.ReadUInt32BigEndian(head) == 0;
    }

    /// <summary>Reads the file at <paramref name="path"/>; see <see cref="ReadStream"/>.</summary>
    public static DnstapTransactionDecoder ReadFile(string path, TrafficReadCounts counts, DnsTransactionHandler handler, int maxFrameSize = 1 << 20, CancellationToken cancellationToken = default)
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

        return ReadStream(file, path, counts, handler, maxFrameSize, cancellationToken);
    }

    /// <summary>
    /// Reads a Frame Streams file from <paramref name="stream"/> (disposed at the end) into <paramref name="handler"/>,
    /// adding to <paramref name="counts"/>: one file, a frame and its bytes per data frame, one message per decoded
    /// transaction. <paramref name="name"/> appears in errors and notes.
    /// </summary>
    public static DnstapTransactionDecoder ReadStream(Stream stream, string name, TrafficReadCounts counts, DnsTransactionHandler handler, int maxFrameSize = 1 << 20, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(handler);
        using var input = Decompressed(stream);
        var reader = new FrameStreamReader(input, maxFrameSize);
        var decoder = new DnstapTransactionDecoder();
        counts.Files++;
        long frameStart = 0;
        try
        {
            // Sync over async on a file or memory stream: no synchronisation context here, and the Frame Streams reader
            // is shared with the live listener, which needs the async form.
            reader.ExpectStartAsync(cancellationToken).AsTask().GetAwaiter().GetResult();
            while (true)
            {
                frameStart = reader.Offset;
                var frame = reader.ReadFrameAsync(cancellationToken).AsTask().GetAwaiter().GetResult();
                if (frame.Control == FrameStreamControl.Stop)
                {
                    return decoder;
                }

                if (frame.Control is not null)
                {
                    throw new DnstapFormatException($"Unexpected Frame Streams {frame.Control} frame inside a file", frameStart);
                }

                counts.Frames++;
                counts.Bytes += frame.Data.Length;
                DecodeOne(decoder, frame.Data, counts, handler);
                if ((counts.Frames & 0xFFFF) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }
            }
        }
        catch (DnstapFormatException e) when (e.IsTruncation && frameStart > 0)
        {
            // frameStart > 0: at least the START frame was read, so this is a dnstap file that stops early.
            counts.Malformed.Add(MalformedReason.TruncatedRecord);
            counts.AddNote($"{name}: at byte {frameStart}: the dnstap file ends {(e.Message.Contains("without a STOP", StringComparison.Ordinal) ? "without a STOP frame" : "in the middle of a frame")} (its writer stopped early); the {counts.Frames:N0} frame(s) before were read.");
            return decoder;
        }
        catch (DnstapFormatException e)
        {
            throw new CaptureFormatException(name, e.Offset < 0 ? frameStart : e.Offset, e.Message);
        }
        catch (InvalidDataException e)
        {
            throw new CaptureFormatException(name, frameStart, $"bad gzip data: {e.Message}");
        }
    }

    private static void DecodeOne(DnstapTransactionDecoder decoder, ReadOnlyMemory<byte> payload, TrafficReadCounts counts, DnsTransactionHandler handler)
    {
        var malformedBefore = decoder.MalformedDns;
        bool decoded;
        DnsTransaction transaction;
        try
        {
            decoded = decoder.TryDecode(payload, out transaction);
        }
        catch (DnstapFormatException)
        {
            counts.Malformed.Add(MalformedReason.DnstapPayloadInvalid);
            return;
        }

        if (decoded)
        {
            counts.Messages++;
            handler(transaction);
        }
        else if (decoder.MalformedDns != malformedBefore)
        {
            counts.Malformed.Add(MalformedReason.DnsMessageInvalid);
        }
    }

    private static Stream Decompressed(Stream stream)
    {
        Span<byte> magic = stackalloc byte[2];
        if (stream.CanSeek)
        {
            var got = stream.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
            stream.Position = 0;
            return got == 2 && magic[0] == 0x1f && magic[1] == 0x8b ? new GZipStream(stream, CompressionMode.Decompress) : stream;
        }

        return stream;
    }
}
