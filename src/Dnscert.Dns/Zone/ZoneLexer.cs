using System.Globalization;
using System.Text;

namespace Dnscert.Dns.Zone;

/// <summary>
/// Splits master-file text into entries (RFC 1035 §5.1): one line, or several joined by parentheses, with
/// comments removed and quoted strings kept whole. Tokens are copied as written (escapes stay escaped, because
/// names and RDATA decode them differently) into one reusable buffer, separated by one space, so the RDATA of
/// an entry is a single slice of it. Every buffer is bounded by <see cref="ZoneParseLimits"/>.
/// </summary>
internal sealed class ZoneLexer : IDisposable
{
    private const int EndOfInput = -1;
    private const int MaxParenthesisDepth = 64;

    private readonly TextReader _reader;
    private readonly bool _ownsReader;
    private readonly ZoneParseLimits _limits;
    private readonly char[] _buffer = new char[16384];
    private readonly List<ZoneToken> _tokens = [];
    private char[] _text = new char[256];
    private int _bufferLength;
    private int _bufferPosition;
    private long _charactersRead;
    private int _line = 1;
    private int _column;

    public ZoneLexer(TextReader reader, bool ownsReader, string fileName, ZoneParseLimits limits)
    {
        _reader = reader;
        _ownsReader = ownsReader;
        FileName = fileName;
        _limits = limits;
    }

    public string FileName { get; }

    /// <summary>The current entry's tokens as written, separated by single spaces.</summary>
    public char[] Text => _text;

    public int TextLength { get; private set; }

    public List<ZoneToken> Tokens => _tokens;

    /// <summary>True when the entry's first line starts with a space or tab: the owner is the previous one.</summary>
    public bool StartsWithSpace { get; private set; }

    /// <summary>The line where the current entry starts.</summary>
    public int Line { get; private set; }

    public ReadOnlySpan<char> TokenText(int index)
    {
        var token = _tokens[index];
        return _text.AsSpan(token.Start, token.Length);
    }

    public string TokenString(int index) => new(TokenText(index));

    public ZoneFileException Error(int line, int column, string reason, Exception? inner = null) =>
        new(FileName, line, column, reason, inner);

    public ZoneFileException Error(ZoneToken token, string reason, Exception? inner = null) =>
        new(FileName, token.Line, token.Column, reason, inner);

    /// <summary>Reads the next entry that has at least one token; false at the end of the input.</summary>
    public bool ReadEntry()
    {
        while (true)
        {
            _tokens.Clear();
            TextLength = 0;
            var first = Peek();
            if (first == EndOfInput)
            {
                return false;
            }

            StartsWithSpace = first is ' ' or '\t';
            Line = _line;
            ReadTokens();
            if (_tokens.Count > 0)
            {
                return true;
            }
        }
    }

    public void Dispose()
    {
        if (_ownsReader)
        {
            _reader.Dispose();
        }
    }

    private void ReadTokens()
    {
        var depth = 0;
        var openLine = 0;
        var openColumn = 0;
        while (true)
        {
            var c = Peek();
            switch (c)
            {
                case EndOfInput:
                    if (depth > 0)
                    {
                        throw Error(openLine, openColumn, "the parenthesis opened here is never closed");
                    }

                    return;
                case '\n':
                    Read();
                    if (depth == 0)
                    {
                        return;
                    }

                    break;
                case ' ' or '\t' or '\r':
                    Read();
                    break;
                case ';':
                    while (Peek() is not '\n' and not EndOfInput)
                    {
                        Read();
                    }

                    break;
                case '(':
                    Read();
                    if (depth++ == 0)
                    {
                        openLine = _line;
                        openColumn = _column;
                    }
                    else if (depth > MaxParenthesisDepth)
                    {
                        // BIND accepts nesting; a bound keeps the counter meaningful in an 8 GiB file of '('.
                        throw Error(_line, _column, $"parentheses are nested more than {MaxParenthesisDepth} deep");
                    }

                    break;
                case ')':
                    Read();
                    if (depth-- == 0)
                    {
                        throw Error(_line, _column, "')' has no matching '('");
                    }

                    break;
                case '"':
                    ReadQuoted();
                    break;
                default:
                    ReadPlain();
                    break;
            }
        }
    }

    private void ReadQuoted()
    {
        Read();
        var line = _line;
        var column = _column;
        var start = BeginToken() + 1;
        Append('"');
        while (true)
        {
            var c = Read();
            switch (c)
            {
                case EndOfInput or '\n':
                    throw Error(line, column, "the quoted string that starts here is not closed on the same line");
                case '"':
                    Append('"');
                    AddToken(start, TextLength - start - 1, quoted: true, line, column);
                    return;
                case '\\':
                    Append('\\');
                    var escaped = Read();
                    if (escaped is EndOfInput or '\n')
                    {
                        throw Error(_line, _column, "a backslash ends the line inside a quoted string");
                    }

                    Append((char)escaped);
                    break;
                default:
                    Append((char)c);
                    break;
            }
        }
    }

    private void ReadPlain()
    {
        var start = BeginToken();
        var line = _line;
        var column = _column + 1;
        while (true)
        {
            var c = Peek();
            if (c is EndOfInput or ' ' or '\t' or '\r' or '\n' or ';' or '(' or ')')
            {
                AddToken(start, TextLength - start, quoted: false, line, column);
                return;
            }

            Read();
            Append((char)c);
            if (c == '"')
            {
                // A quote inside a token (SVCB's alpn="h2,h3 x") opens a quoted part of that token.
                ReadQuotedPart(_line, _column);
            }
            else if (c == '\\')
            {
                var escaped = Read();
                if (escaped is EndOfInput or '\n')
                {
                    throw Error(_line, _column, "a backslash at the end of a line escapes nothing");
                }

                Append((char)escaped);
            }
        }
    }

    private void ReadQuotedPart(int line, int column)
    {
        while (true)
        {
            var c = Read();
            if (c is EndOfInput or '\n')
            {
                throw Error(line, column, "the quoted string that starts here is not closed on the same line");
            }

            Append((char)c);
            if (c == '"')
            {
                return;
            }

            if (c == '\\')
            {
                var escaped = Read();
                if (escaped is EndOfInput or '\n')
                {
                    throw Error(_line, _column, "a backslash ends the line inside a quoted string");
                }

                Append((char)escaped);
            }
        }
    }

    private int BeginToken()
    {
        if (_tokens.Count > 0)
        {
            Append(' ');
        }

        return TextLength;
    }

    private void AddToken(int start, int length, bool quoted, int line, int column)
    {
        if (_tokens.Count >= _limits.MaxTokensPerRecord)
        {
            throw Error(line, column, string.Create(CultureInfo.InvariantCulture, $"the record has more than {_limits.MaxTokensPerRecord} tokens (ZoneParseLimits.MaxTokensPerRecord)"));
        }

        _tokens.Add(new ZoneToken(start, length, quoted, line, column));
    }

    private void Append(char c)
    {
        if (TextLength == _text.Length)
        {
            if (TextLength >= _limits.MaxRecordLength)
            {
                throw Error(Line, 0, string.Create(CultureInfo.InvariantCulture, $"the record is longer than {_limits.MaxRecordLength} characters (ZoneParseLimits.MaxRecordLength)"));
            }

            Array.Resize(ref _text, (int)Math.Min(_text.Length * 2L, _limits.MaxRecordLength));
        }

        _text[TextLength++] = c;
    }

    private int Peek()
    {
        if (_bufferPosition == _bufferLength && !Fill())
        {
            return EndOfInput;
        }

        return _buffer[_bufferPosition];
    }

    private int Read()
    {
        var c = Peek();
        if (c == EndOfInput)
        {
            return c;
        }

        _bufferPosition++;
        if (c == '\n')
        {
            _line++;
            _column = 0;
        }
        else if (++_column > _limits.MaxLineLength)
        {
            throw Error(_line, 0, string.Create(CultureInfo.InvariantCulture, $"the line is longer than {_limits.MaxLineLength} characters (ZoneParseLimits.MaxLineLength)"));
        }

        return c;
    }

    private bool Fill()
    {
        try
        {
            _bufferLength = _reader.Read(_buffer, 0, _buffer.Length);
        }
        catch (DecoderFallbackException ex)
        {
            throw Error(_line, 0, "the file is not valid UTF-8 text", ex);
        }

        _bufferPosition = 0;
        _charactersRead += _bufferLength;
        if (_charactersRead > _limits.MaxFileSize)
        {
            throw Error(_line, 0, string.Create(CultureInfo.InvariantCulture, $"the file is larger than {_limits.MaxFileSize} characters (ZoneParseLimits.MaxFileSize)"));
        }

        return _bufferLength > 0;
    }
}
