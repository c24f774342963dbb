using System.Globalization;
using System.Text;

namespace Dnscert.Dns.Records;

/// <summary>
/// Reads the fields of one RDATA in presentation format (one line, no parentheses: grouping lines is the
/// zone-file reader's job). Errors carry the character offset and the field being read.
/// </summary>
internal sealed class PresentationReader(string text, string field, DomainName? origin)
{
    private readonly string _text = text;
    private readonly string _field = field;
    private readonly DomainName? _origin = origin;
    private int _position;

    public bool AtEnd
    {
        get
        {
            SkipSpace();
            return _position >= _text.Length;
        }
    }

    public int Position => _position;

    public DnsFormatException Error(string what, int? at = null) =>
        new(at ?? _position, DnsFormatError.InvalidField, $"{_field} {what}");

    /// <summary>The next whitespace-delimited token as written (escapes not decoded).</summary>
    public string Token(string what)
    {
        SkipSpace();
        if (_position >= _text.Length)
        {
            throw new DnsFormatException(_position, DnsFormatError.Truncated, $"{_field} {what} (missing)");
        }

        var start = _position;
        while (_position < _text.Length && !char.IsWhiteSpace(_text[_position]))
        {
            _position += _text[_position] == '\\' && _position + 1 < _text.Length ? 2 : 1;
        }

        return _text[start.._position];
    }

    public byte Byte(string what) => (byte)Number(what, byte.MaxValue);

    public ushort UInt16(string what) => (ushort)Number(what, ushort.MaxValue);

    public uint UInt32(string what) => (uint)Number(what, uint.MaxValue);

    public DomainName Name(string what)
    {
        var at = _position;
        var token = Token(what);
        if (token == "@")
        {
            return _origin ?? throw Error($"{what} (@ without an origin)", at);
        }

        try
        {
            var name = DomainName.Parse(token);
            return IsAbsolute(token) || _origin is null ? name : Append(name, _origin.Value, at);
        }
        catch (DnsFormatException ex)
        {
            throw new DnsFormatException(at + ex.Offset, ex.Error, $"{_field} {what}");
        }
    }

    /// <summary>A character-string, quoted or not, with \X and \DDD decoded; non-ASCII text becomes UTF-8.</summary>
    public byte[] CharacterString(string what)
    {
        var bytes = QuotedOrToken(what);
        if (bytes.Length > 255)
        {
            throw Error($"{what} (longer than 255 octets)");
        }

        return bytes;
    }

    /// <summary>Like <see cref="CharacterString"/> without the 255-octet limit (CAA values, SVCB values).</summary>
    public byte[] QuotedOrToken(string what)
    {
        SkipSpace();
        if (_position < _text.Length && _text[_position] == '"')
        {
            var start = ++_position;
            while (_position < _text.Length && _text[_position] != '"')
            {
                _position += _text[_position] == '\\' ? 2 : 1;
            }

            if (_position >= _text.Length)
            {
                throw Error($"{what} (unterminated quote)", start - 1);
            }

            return Unescape(_text[start.._position++], start);
        }

        var at = _position;
        return Unescape(Token(what), at);
    }

    /// <summary>A <c>key</c> or <c>key=value</c> item (SVCB); the value may be quoted and has escapes decoded.</summary>
    public (string Key, byte[]? Value, int At) KeyValue(string what)
    {
        SkipSpace();
        var at = _position;
        while (_position < _text.Length && _text[_position] != '=' && !char.IsWhiteSpace(_text[_position]))
        {
            _position++;
        }

        var key = _text[at.._position];
        if (key.Length == 0)
        {
            throw Error($"{what} (empty key)", at);
        }

        if (_position >= _text.Length || _text[_position] != '=')
        {
            return (key, null, at);
        }

        _position++;
        var empty = _position >= _text.Length || char.IsWhiteSpace(_text[_position]);
        return (key, empty ? [] : QuotedOrToken(what), at);
    }

    /// <summary>Every remaining token concatenated, for hex and base64 fields that dig may split.</summary>
    public string Rest(string what)
    {
        var builder = new StringBuilder();
        while (!AtEnd)
        {
            builder.Append(Token(what));
        }

        return builder.ToString();
    }

    public byte[] Hex(string what, bool allowEmpty)
    {
        var at = _position;
        var text = Rest(what);
        if (text.Length == 0 && !allowEmpty)
        {
            throw new DnsFormatException(at, DnsFormatError.Truncated, $"{_field} {what} (missing)");
        }

        return DecodeHex(text, what, at);
    }

    public byte[] DecodeHex(string text, string what, int at)
    {
        try
        {
            return Convert.FromHexString(text);
        }
        catch (FormatException)
        {
            throw Error($"{what} (not hexadecimal)", at);
        }
    }

    public byte[] Base64(string what)
    {
        var at = _position;
        var text = Rest(what);
        var buffer = new byte[text.Length];
        return text.Length > 0 && Convert.TryFromBase64String(text, buffer, out var written)
            ? buffer[..written]
            : throw Error($"{what} (not base64)", at);
    }

    public List<RRType> Types()
    {
        var types = new List<RRType>();
        while (!AtEnd)
        {
            var at = _position;
            var token = Token("type");
            types.Add(DnsMnemonics.TryParseType(token, out var type) ? type : throw Error($"type list ({token} is not a type)", at));
        }

        return types;
    }

    public void End()
    {
        if (!AtEnd)
        {
            throw Error("(unexpected text after the last field)");
        }
    }

    /// <summary>Decodes \X and \DDD; other characters as UTF-8.</summary>
    public byte[] Unescape(string token, int at)
    {
        var output = new List<byte>(token.Length);
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < token.Length; i++)
        {
            var c = token[i];
            if (c != '\\')
            {
                if (c < 0x80)
                {
                    output.Add((byte)c);
                    continue;
                }

                var length = char.IsSurrogate(c) && i + 1 < token.Length
                    ? Encoding.UTF8.GetBytes(token.AsSpan(i++, 2), utf8)
                    : Encoding.UTF8.GetBytes(token.AsSpan(i, 1), utf8);
                output.AddRange(utf8[..length].ToArray());
                continue;
            }

            if (i + 1 >= token.Length)
            {
                throw new DnsFormatException(at + i, DnsFormatError.InvalidEscape, _field);
            }

            if (char.IsAsciiDigit(token[i + 1]))
            {
                if (i + 3 >= token.Length || !char.IsAsciiDigit(token[i + 2]) || !char.IsAsciiDigit(token[i + 3]))
                {
                    throw new DnsFormatException(at + i, DnsFormatError.InvalidEscape, _field);
                }

                var value = int.Parse(token.AsSpan(i + 1, 3), NumberStyles.None, CultureInfo.InvariantCulture);
                output.Add(value <= 255 ? (byte)value : throw new DnsFormatException(at + i, DnsFormatError.InvalidEscape, _field));
                i += 3;
            }
            else
            {
                output.Add((byte)token[++i]);
            }
        }

        return [.. output];
    }

    private static bool IsAbsolute(string token)
    {
        if (!token.EndsWith('.'))
        {
            return false;
        }

        // "a\." ends with an escaped dot, which is part of the label, not the root.
        var backslashes = 0;
        for (var i = token.Length - 2; i >= 0 && token[i] == '\\'; i--)
        {
            backslashes++;
        }

        return backslashes % 2 == 0;
    }

    private DomainName Append(DomainName relative, DomainName origin, int at)
    {
        var wire = relative.Wire;
        var total = wire.Length - 1 + origin.WireLength;
        if (total > DomainName.MaxWireLength)
        {
            throw new DnsFormatException(at, DnsFormatError.NameTooLong, _field);
        }

        var bytes = new byte[total];
        wire[..^1].CopyTo(bytes);
        origin.Wire.CopyTo(bytes.AsSpan(wire.Length - 1));
        return DomainName.FromWire(bytes);
    }

    private ulong Number(string what, ulong max)
    {
        var at = _position;
        var token = Token(what);
        return ulong.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value <= max
            ? value
            : throw Error($"{what} ({token} is not a number from 0 to {max})", at);
    }

    private void SkipSpace()
    {
        while (_position < _text.Length && char.IsWhiteSpace(_text[_position]))
        {
            _position++;
        }
    }
}
