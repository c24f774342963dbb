using System.Runtime.CompilerServices;
using Dnscert.Traffic.Decode;

namespace Dnscert.Traffic.Readers;

/// <summary>
/// Reads capture files one after another into a single stream of <see cref="DnsTransaction"/>s: one decoder, so
/// TCP streams and fragments that span two files of a rotated capture are still joined. <see cref="Counts"/>
/// holds the totals and the malformed counts.
/// </summary>
public sealed class TrafficReader
{
    private readonly TrafficReaderOptions _options;
    private readonly PacketDecoder _decoder;

    public TrafficReader(TrafficReaderOptions options, DnsTransactionHandler handler)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _decoder = new PacketDecoder(options, Counts, handler);
    }

    public TrafficReadCounts Counts { get; } = new();

    /// <summary>Reads one file; <paramref name="progress"/> gets the bytes read so far (compressed input: the decompressed offset).</summary>
    public void ReadFile(string path, Action<long>? progress = null, CancellationToken cancellationToken = default)
    {
        using var reader = CaptureFileReader.Open(path, Counts.Malformed, _options.MaxPacketLength);
        Read(reader, progress, cancellationToken);
    }

    /// <summary>Reads a capture from a stream (disposed at the end); <paramref name="name"/> appears in errors.</summary>
    public void ReadStream(Stream stream, string name, Action<long>? progress = null, CancellationToken cancellationToken = default)
    {
        using var reader = CaptureFileReader.Open(stream, name, Counts.Malformed, _options.MaxPacketLength);
        Read(reader, progress, cancellationToken);
    }

    /// <summary>Ends the input: incomplete TCP streams and fragmented datagrams are counted as malformed.</summary>
    public void Finish() => _decoder.Finish();

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Read(CaptureFileReader reader, Action<long>? progress, CancellationToken cancellationToken)
    {
        Counts.Files++;
        long frames = 0;
        while (reader.TryRead(out var frame))
        {
            _decoder.Decode(frame);
            if ((++frames & 0xFFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress?.Invoke(reader.Offset);
            }
        }

        progress?.Invoke(reader.Offset);
    }
}
