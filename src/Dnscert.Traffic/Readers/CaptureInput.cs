namespace Dnscert.Traffic.Readers;

/// <summary>
/// A forward-only window over a capture stream: a fixed buffer refilled as records are consumed, so a file of any
/// size is read with constant memory. Spans and memories it hands out are valid until the next
/// <see cref="TryEnsure"/>. <see cref="Offset"/> counts bytes from the start of the (decompressed) stream.
/// </summary>
internal sealed class CaptureInput(Stream stream, int bufferSize)
{
    /// <summary>
    /// Bytes asked of the stream per read (more only when one record needs it). The buffer is larger (the biggest
    /// packet must fit), but filling all of it at once left its first half out of the CPU's second-level cache by the
    /// time the packets there were decoded.
    /// </summary>
    private const int ReadChunk = 128 * 1024;

    private readonly byte[] _buffer = new byte[bufferSize];
    private int _start;
    private int _end;
    private long _bufferOffset;
    private bool _endOfStream;

    public long Offset => _bufferOffset + _start;

    public int Available => _end - _start;

    public int Capacity => _buffer.Length;

    /// <summary>Makes at least <paramref name="count"/> bytes available; false at end of stream before that.</summary>
    public bool TryEnsure(int count)
    {
        if (count > _buffer.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "Larger than the input buffer.");
        }

        if (_end - _start >= count)
        {
            return true;
        }

        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _bufferOffset += _start;
            _end -= _start;
            _start = 0;
        }

        while (_end < count && !_endOfStream)
        {
            var read = stream.Read(_buffer, _end, Math.Min(_buffer.Length - _end, Math.Max(ReadChunk, count - _end)));
            if (read == 0)
            {
                _endOfStream = true;
            }

            _end += read;
        }

        return _end - _start >= count;
    }

    public ReadOnlySpan<byte> Span(int count) => _buffer.AsSpan(_start, count);

    public ReadOnlyMemory<byte> Memory(int offset, int count) => _buffer.AsMemory(_start + offset, count);

    public void Advance(int count) => _start += count;

    /// <summary>Skips <paramref name="count"/> bytes, reading through the stream for blocks larger than the buffer; false when the stream ends first.</summary>
    public bool Skip(long count)
    {
        while (count > 0)
        {
            if (Available == 0 && !TryEnsure(1))
            {
                return false;
            }

            var step = (int)Math.Min(count, Available);
            _start += step;
            count -= step;
        }

        return true;
    }
}
