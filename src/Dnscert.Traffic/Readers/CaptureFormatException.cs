using Dnscert.Core;

namespace Dnscert.Traffic.Readers;

/// <summary>
/// A capture file that cannot be read on: not pcap/pcapng, a bad header, or a record that claims an impossible
/// size. The message names the file and the byte offset (in the decompressed stream for gzip input).
/// </summary>
public sealed class CaptureFormatException : DnscertException
{
    public CaptureFormatException()
    {
    }

    public CaptureFormatException(string message)
        : base(message)
    {
    }

    public CaptureFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public CaptureFormatException(string fileName, long offset, string problem)
        : base($"{fileName}: at byte {offset}: {problem}")
    {
        FileName = fileName;
        Offset = offset;
    }

    public string? FileName { get; }

    public long Offset { get; }
}
