namespace Dnscert.Traffic.Dnstap;

/// <summary>Bad Frame Streams or dnstap input; the message names what was wrong and at which byte offset.</summary>
public sealed class DnstapFormatException : Exception
{
    public DnstapFormatException()
    {
    }

    public DnstapFormatException(string message)
        : base(message)
    {
    }

    public DnstapFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DnstapFormatException(string message, long offset)
        : base($"{message} (at byte {offset})")
    {
        Offset = offset;
    }

    /// <summary>Byte offset in the stream where the problem was found; -1 when not known.</summary>
    public long Offset { get; } = -1;

    /// <summary>
    /// True when the input simply ended (inside a frame, or before a STOP frame): the mark of a writer that was killed,
    /// which a file reader can count and report rather than refuse, keeping what came before.
    /// </summary>
    public bool IsTruncation { get; init; }
}
