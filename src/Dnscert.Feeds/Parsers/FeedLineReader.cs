namespace Dnscert.Feeds.Parsers;

/// <summary>
/// Reads lines with a hard length limit: a longer line is reported (with its first characters) and skipped without
/// being buffered, which <see cref="TextReader.ReadLine"/> cannot do. Lines with NUL characters are flagged as binary.
/// </summary>
internal sealed class FeedLineReader
{
    private readonly TextReader _reader;
    private readonly int _maxLineLength;
    private readonly char[] _buffer = new char[64 * 1024];
    private readonly System.Text.StringBuilder _line = new();
    private int _position;
    private int _length;

    public FeedLineReader(TextReader reader, int maxLineLength)
    {
        _reader = reader;
        _maxLineLength = maxLineLength;
    }

    /// <summary>1-based number of the line last returned.</summary>
    public long LineNumber { get; private set; }

    /// <summary>Next line (without its terminator) or null at the end; <paramref name="tooLong"/> when it was cut at the limit.</summary>
    public string? Next(out bool tooLong)
    {
        tooLong = false;
        _line.Clear();
        var any = false;
        while (true)
        {
            if (_position == _length)
            {
                _length = _reader.Read(_buffer, 0, _buffer.Length);
                _position = 0;
                if (_length == 0)
                {
                    if (!any)
                    {
                        return null;
                    }

                    LineNumber++;
                    return Finish();
                }
            }

            any = true;
            var span = _buffer.AsSpan(_position, _length - _position);
            var newline = span.IndexOf('\n');
            var take = newline < 0 ? span.Length : newline;
            if (!tooLong)
            {
                var room = _maxLineLength - _line.Length;
                if (take > room)
                {
                    _line.Append(span[..Math.Max(room, 0)]);
                    tooLong = true;
                }
                else
                {
                    _line.Append(span[..take]);
                }
            }

            if (newline >= 0)
            {
                _position += newline + 1;
                LineNumber++;
                return Finish();
            }

            _position = _length;
        }
    }

    private string Finish()
    {
        if (_line.Length > 0 && _line[^1] == '\r')
        {
            _line.Length--;
        }

        return _line.ToString();
    }
}
