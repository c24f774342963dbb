using System.Globalization;
using System.Text;

namespace Dnscert.Dns;

/// <summary>Presentation-format (RFC 1035 §5.1) parsing and escaping of names.</summary>
internal static class DomainNameText
{
    public static DomainName Parse(ReadOnlySpan<char> text)
    {
        if (text.Length == 0)
        {
            throw new DnsFormatException(0, DnsFormatError.EmptyLabel, "name (empty text)");
        }

        if (text is ".")
        {
            return DomainName.Root;
        }

        Span<byte> wire = stackalloc byte[DomainName.MaxWireLength + 1];
        var labelStart = 0;
        var position = 1;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '.')
            {
                CloseLabel(wire, labelStart, position, i);
                labelStart = position;
                position++;
                i++;
                if (i == text.Length)
                {
                    // Final dot: the root label is added below.
                    position--;
                    break;
                }

                continue;
            }

            int octet;
            var numeric = false;
            if (c == '\\')
            {
                i++;
                if (i >= text.Length)
                {
                    throw new DnsFormatException(i, DnsFormatError.InvalidEscape, "name");
                }

                if (char.IsAsciiDigit(text[i]))
                {
                    if (i + 3 > text.Length || !char.IsAsciiDigit(text[i + 1]) || !char.IsAsciiDigit(text[i + 2]))
                    {
                        throw new DnsFormatException(i, DnsFormatError.InvalidEscape, "name");
                    }

                    octet = int.Parse(text.Slice(i, 3), NumberStyles.None, CultureInfo.InvariantCulture);
                    numeric = true;
                    if (octet > 255)
                    {
                        throw new DnsFormatException(i, DnsFormatError.InvalidEscape, "name");
                    }

                    i += 3;
                }
                else
                {
                    octet = text[i];
                    i++;
                }
            }
            else
            {
                octet = c;
                i++;
            }

            if (octet > 127 && !numeric)
            {
                // Presentation text is ASCII: other octets are written \DDD, and internationalised names
                // arrive as A-labels. We do not guess an encoding for raw non-ASCII characters.
                throw new DnsFormatException(i - 1, DnsFormatError.InvalidField, "name (non-ASCII character; use \\DDD or an A-label)");
            }

            if (position - labelStart > DomainName.MaxLabelLength)
            {
                throw new DnsFormatException(i - 1, DnsFormatError.LabelTooLong, "name");
            }

            if (position >= DomainName.MaxWireLength)
            {
                throw new DnsFormatException(i - 1, DnsFormatError.NameTooLong, "name");
            }

            wire[position++] = (byte)octet;
        }

        if (position > labelStart + 1 || text[^1] != '.')
        {
            CloseLabel(wire, labelStart, position, text.Length);
        }

        if (position + 1 > DomainName.MaxWireLength)
        {
            throw new DnsFormatException(text.Length, DnsFormatError.NameTooLong, "name");
        }

        wire[position++] = 0;
        return new DomainName(wire[..position].ToArray());
    }

    public static void Append(StringBuilder builder, ReadOnlySpan<byte> wire)
    {
        if (wire.Length == 1)
        {
            builder.Append('.');
            return;
        }

        for (var i = 0; wire[i] != 0; i += wire[i] + 1)
        {
            AppendLabel(builder, wire.Slice(i + 1, wire[i]));
            builder.Append('.');
        }
    }

    public static void AppendLabel(StringBuilder builder, ReadOnlySpan<byte> label)
    {
        foreach (var b in label)
        {
            switch (b)
            {
                case (byte)'.' or (byte)'\\' or (byte)'"' or (byte)'(' or (byte)')' or (byte)';' or (byte)'@' or (byte)'$':
                    builder.Append('\\').Append((char)b);
                    break;
                case < 0x21 or > 0x7E:
                    builder.Append('\\').Append(b.ToString("D3", CultureInfo.InvariantCulture));
                    break;
                default:
                    builder.Append((char)b);
                    break;
            }
        }
    }

    private static void CloseLabel(Span<byte> wire, int labelStart, int position, int textOffset)
    {
        var length = position - labelStart - 1;
        if (length == 0)
        {
            throw new DnsFormatException(textOffset, DnsFormatError.EmptyLabel, "name");
        }

        wire[labelStart] = (byte)length;
    }
}
