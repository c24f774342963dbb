using System.Globalization;
using System.Text;

namespace Dnscert.Dns.Records;

/// <summary>Shared presentation-format pieces: quoting, hex, base64, base32hex, times, type lists.</summary>
internal static class PresentationText
{
    private const string Base32HexAlphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUV";

    /// <summary>A quoted character-string: quote and backslash escaped, non-printables as \DDD.</summary>
    public static void AppendQuoted(StringBuilder builder, ReadOnlySpan<byte> value)
    {
        builder.Append('"');
        AppendEscaped(builder, value, false);
        builder.Append('"');
    }

    public static void AppendEscaped(StringBuilder builder, ReadOnlySpan<byte> value, bool escapeComma)
    {
        foreach (var b in value)
        {
            if (escapeComma && b is (byte)',' or (byte)'\\')
            {
                // RFC 9460 Appendix A.1: inside a value list, a literal comma is \\, and a backslash \\\\.
                builder.Append(b == (byte)',' ? "\\\\," : "\\\\\\\\");
            }
            else if (b is (byte)'"' or (byte)'\\')
            {
                builder.Append('\\').Append((char)b);
            }
            else if (b is < 0x20 or > 0x7E)
            {
                builder.Append('\\').Append(b.ToString("D3", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append((char)b);
            }
        }
    }

    public static string Quoted(ReadOnlySpan<byte> value)
    {
        var builder = new StringBuilder(value.Length + 2);
        AppendQuoted(builder, value);
        return builder.ToString();
    }

    public static string Hex(ReadOnlySpan<byte> value) => value.IsEmpty ? "-" : Convert.ToHexString(value);

    public static string Base64(ReadOnlySpan<byte> value) => Convert.ToBase64String(value);

    /// <summary>RFC 4648 base32 with the extended hex alphabet and no padding, as NSEC3 uses it.</summary>
    public static string Base32Hex(ReadOnlySpan<byte> value)
    {
        var builder = new StringBuilder((value.Length * 8 / 5) + 1);
        var buffer = 0;
        var bits = 0;
        foreach (var b in value)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                builder.Append(Base32HexAlphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }

        if (bits > 0)
        {
            builder.Append(Base32HexAlphabet[(buffer << (5 - bits)) & 31]);
        }

        return builder.ToString();
    }

    /// <summary>Decodes unpadded base32hex (either case); false on any other character or stray bits.</summary>
    public static bool TryDecodeBase32Hex(string text, out byte[] bytes)
    {
        var output = new List<byte>(text.Length * 5 / 8);
        var buffer = 0;
        var bits = 0;
        foreach (var c in text)
        {
            var value = Base32HexAlphabet.IndexOf(char.ToUpperInvariant(c), StringComparison.Ordinal);
            if (value < 0)
            {
                bytes = [];
                return false;
            }

            buffer = ((buffer << 5) | value) & 0xFFFF;
            bits += 5;
            if (bits >= 8)
            {
                output.Add((byte)(buffer >> (bits - 8)));
                bits -= 8;
            }
        }

        bytes = [.. output];
        // Leftover bits must be padding zeros and fewer than one character's worth.
        return bits < 5 && (buffer & ((1 << bits) - 1)) == 0;
    }

    /// <summary>RRSIG time as YYYYMMDDHHmmSS (RFC 4034 §3.2), read as seconds since the epoch.</summary>
    public static string SignatureTime(uint seconds) =>
        DateTimeOffset.FromUnixTimeSeconds(seconds).ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);

    public static string TypeList(IReadOnlyList<RRType> types)
    {
        var builder = new StringBuilder();
        foreach (var type in types)
        {
            builder.Append(' ').Append(DnsMnemonics.ToText(type));
        }

        return builder.ToString();
    }
}
