using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Dnscert.Lab.Proxy;

/// <summary>What the proxy needs to know about a client's query.</summary>
internal readonly record struct ProxyQuery(ushort Id, string QName, ushort QType, ushort QClass, int QuestionEnd, ushort EdnsUdpSize);

// Deliberately minimal, lab-only DNS wire code: the proxy only needs header fields, the question,
// section boundaries and a few record types with uncompressed names, and the real codec in
// Dnscert.Dns is written in parallel. Nothing outside Proxy/ may use this.
internal static class ProxyWire
{
    public const int HeaderLength = 12;
    public const int MaxMessage = 65535;
    public const ushort TypeOpt = 41;
    private const int MaxNameLength = 255;
    private const int MaxLabelLength = 63;
    private const int MaxPointerHops = 32;

    private static readonly (string Name, ushort Type)[] s_types =
    [
        ("A", 1), ("NS", 2), ("CNAME", 5), ("SOA", 6), ("PTR", 12), ("HINFO", 13), ("MX", 15), ("TXT", 16),
        ("RP", 17), ("AFSDB", 18), ("SIG", 24), ("KEY", 25), ("AAAA", 28), ("LOC", 29), ("SRV", 33),
        ("NAPTR", 35), ("KX", 36), ("CERT", 37), ("DNAME", 39), ("OPT", 41), ("APL", 42), ("DS", 43),
        ("SSHFP", 44), ("IPSECKEY", 45), ("RRSIG", 46), ("NSEC", 47), ("DNSKEY", 48), ("DHCID", 49),
        ("NSEC3", 50), ("NSEC3PARAM", 51), ("TLSA", 52), ("SMIMEA", 53), ("HIP", 55), ("CDS", 59),
        ("CDNSKEY", 60), ("OPENPGPKEY", 61), ("CSYNC", 62), ("ZONEMD", 63), ("SVCB", 64), ("HTTPS", 65),
        ("SPF", 99), ("TKEY", 249), ("TSIG", 250), ("IXFR", 251), ("AXFR", 252), ("ANY", 255),
        ("URI", 256), ("CAA", 257),
    ];

    public static ushort ReadUInt16(ReadOnlySpan<byte> message, int offset) =>
        BinaryPrimitives.ReadUInt16BigEndian(message[offset..]);

    public static void WriteUInt16(Span<byte> message, int offset, ushort value) =>
        BinaryPrimitives.WriteUInt16BigEndian(message[offset..], value);

    /// <summary>Section count: 0 question, 1 answer, 2 authority, 3 additional.</summary>
    public static ushort Count(ReadOnlySpan<byte> message, int section) => ReadUInt16(message, 4 + (2 * section));

    public static bool TryParseType(string mnemonic, out ushort type)
    {
        foreach (var (name, value) in s_types)
        {
            if (string.Equals(name, mnemonic, StringComparison.OrdinalIgnoreCase))
            {
                type = value;
                return true;
            }
        }

        // RFC 3597 generic form, so rules can name types this table does not know.
        if (mnemonic.Length > 4 && mnemonic.StartsWith("TYPE", StringComparison.OrdinalIgnoreCase)
            && ushort.TryParse(mnemonic.AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out type))
        {
            return true;
        }

        type = 0;
        return false;
    }

    /// <summary>Offset just past the name at <paramref name="offset"/>, or -1 when it is malformed.</summary>
    public static int SkipName(ReadOnlySpan<byte> message, int offset)
    {
        var length = 0;
        while (true)
        {
            if (offset >= message.Length)
            {
                return -1;
            }

            var label = message[offset];
            if ((label & 0xC0) == 0xC0)
            {
                return offset + 2 <= message.Length ? offset + 2 : -1;
            }

            if ((label & 0xC0) != 0)
            {
                return -1;
            }

            offset += 1 + label;
            length += 1 + label;
            if (length > MaxNameLength)
            {
                return -1;
            }

            if (label == 0)
            {
                return offset;
            }
        }
    }

    /// <summary>Reads a possibly compressed name as absolute presentation text; pointers must go strictly backwards.</summary>
    public static bool TryReadName(ReadOnlySpan<byte> message, int offset, out string name, out int end)
    {
        var builder = new StringBuilder();
        end = -1;
        var hops = 0;
        var length = 0;
        var position = offset;
        while (true)
        {
            if (position >= message.Length)
            {
                name = string.Empty;
                return false;
            }

            var label = message[position];
            if ((label & 0xC0) == 0xC0)
            {
                if (position + 1 >= message.Length || ++hops > MaxPointerHops)
                {
                    name = string.Empty;
                    return false;
                }

                var target = ((label & 0x3F) << 8) | message[position + 1];
                if (end < 0)
                {
                    end = position + 2;
                }

                if (target >= position)
                {
                    name = string.Empty;
                    return false;
                }

                position = target;
                continue;
            }

            if ((label & 0xC0) != 0 || position + 1 + label > message.Length)
            {
                name = string.Empty;
                return false;
            }

            length += 1 + label;
            if (length > MaxNameLength)
            {
                name = string.Empty;
                return false;
            }

            if (label == 0)
            {
                if (end < 0)
                {
                    end = position + 1;
                }

                name = builder.Length == 0 ? "." : builder.ToString();
                return true;
            }

            foreach (var b in message.Slice(position + 1, label))
            {
                if (b is (byte)'.' or (byte)'\\')
                {
                    builder.Append('\\').Append((char)b);
                }
                else if (b is > 0x20 and < 0x7F)
                {
                    builder.Append((char)b);
                }
                else
                {
                    builder.Append('\\').Append(b.ToString("D3", CultureInfo.InvariantCulture));
                }
            }

            builder.Append('.');
            position += 1 + label;
        }
    }

    /// <summary>Walks <paramref name="count"/> resource records from <paramref name="offset"/>; false when they overrun the message.</summary>
    public static bool TrySkipRecords(ReadOnlySpan<byte> message, int offset, int count, out int end)
    {
        end = offset;
        for (var i = 0; i < count; i++)
        {
            end = SkipName(message, end);
            if (end < 0 || end + 10 > message.Length)
            {
                return false;
            }

            var rdLength = ReadUInt16(message, end + 8);
            end += 10 + rdLength;
            if (end > message.Length)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Offset just past the question section, or -1.</summary>
    public static int SkipQuestions(ReadOnlySpan<byte> message)
    {
        var offset = HeaderLength;
        var count = Count(message, 0);
        for (var i = 0; i < count; i++)
        {
            offset = SkipName(message, offset);
            if (offset < 0 || offset + 4 > message.Length)
            {
                return -1;
            }

            offset += 4;
        }

        return offset;
    }

    /// <summary>Accepts a query only: QR=0, exactly one question, every section inside the message.</summary>
    public static bool TryParseQuery(ReadOnlySpan<byte> message, out ProxyQuery query)
    {
        query = default;
        if (message.Length < HeaderLength || message.Length > MaxMessage || (message[2] & 0x80) != 0 || Count(message, 0) != 1)
        {
            return false;
        }

        if (!TryReadName(message, HeaderLength, out var qname, out var nameEnd) || nameEnd + 4 > message.Length)
        {
            return false;
        }

        var qtype = ReadUInt16(message, nameEnd);
        var qclass = ReadUInt16(message, nameEnd + 2);
        var questionEnd = nameEnd + 4;

        var offset = questionEnd;
        if (!TrySkipRecords(message, offset, Count(message, 1) + Count(message, 2), out offset))
        {
            return false;
        }

        ushort ednsSize = 0;
        var additional = Count(message, 3);
        for (var i = 0; i < additional; i++)
        {
            var nameEndOfRecord = SkipName(message, offset);
            if (nameEndOfRecord < 0 || nameEndOfRecord + 10 > message.Length)
            {
                return false;
            }

            if (ReadUInt16(message, nameEndOfRecord) == TypeOpt)
            {
                ednsSize = ReadUInt16(message, nameEndOfRecord + 2);
            }

            if (!TrySkipRecords(message, offset, 1, out offset))
            {
                return false;
            }
        }

        query = new ProxyQuery(ReadUInt16(message, 0), qname, qtype, qclass, questionEnd, ednsSize);
        return true;
    }

    /// <summary>Header copied from the query with QR=1, the given rcode and flags, the question echoed, no records.</summary>
    public static byte[] BuildHeaderAnswer(ReadOnlySpan<byte> query, ProxyQuery parsed, int rcode, bool truncated, bool authoritative)
    {
        var answer = new byte[parsed.QuestionEnd];
        query[..parsed.QuestionEnd].CopyTo(answer);
        var opcodeAndRd = query[2] & 0x79;
        answer[2] = (byte)(0x80 | opcodeAndRd | (authoritative ? 0x04 : 0) | (truncated ? 0x02 : 0));
        answer[3] = (byte)(rcode & 0x0F);
        WriteUInt16(answer, 4, 1);
        WriteUInt16(answer, 6, 0);
        WriteUInt16(answer, 8, 0);
        WriteUInt16(answer, 10, 0);
        return answer;
    }

    /// <summary>
    /// An answer whose single answer record has an owner name that is a compression pointer to
    /// its own offset, so a reader that follows pointers without a hop limit never stops.
    /// </summary>
    public static byte[] BuildCompressionLoop(ReadOnlySpan<byte> query, ProxyQuery parsed)
    {
        var header = BuildHeaderAnswer(query, parsed, rcode: 0, truncated: false, authoritative: true);
        var loopOffset = header.Length;
        var answer = new byte[header.Length + 12];
        header.CopyTo(answer, 0);
        WriteUInt16(answer, 6, 1);
        answer[loopOffset] = (byte)(0xC0 | (loopOffset >> 8));
        answer[loopOffset + 1] = (byte)(loopOffset & 0xFF);
        WriteUInt16(answer, loopOffset + 2, parsed.QType);
        WriteUInt16(answer, loopOffset + 4, 1);
        BinaryPrimitives.WriteUInt32BigEndian(answer.AsSpan(loopOffset + 6), 300);
        WriteUInt16(answer, loopOffset + 10, 0);
        return answer;
    }

    /// <summary>Inserts records at the end of the answer section and bumps ANCOUNT; false when the message cannot be walked.</summary>
    public static bool TryAppendAnswers(ReadOnlySpan<byte> message, IReadOnlyList<byte[]> records, out byte[] result)
    {
        result = [];
        if (message.Length < HeaderLength)
        {
            return false;
        }

        var questionEnd = SkipQuestions(message);
        if (questionEnd < 0 || !TrySkipRecords(message, questionEnd, Count(message, 1), out var answerEnd))
        {
            return false;
        }

        var added = records.Sum(r => r.Length);
        var count = Count(message, 1) + records.Count;
        if (count > ushort.MaxValue || message.Length + added > MaxMessage)
        {
            return false;
        }

        result = new byte[message.Length + added];
        message[..answerEnd].CopyTo(result);
        var offset = answerEnd;
        foreach (var record in records)
        {
            record.CopyTo(result, offset);
            offset += record.Length;
        }

        message[answerEnd..].CopyTo(result.AsSpan(offset));
        WriteUInt16(result, 6, (ushort)count);
        return true;
    }

    /// <summary>
    /// Appends 255-byte TXT records (owner = pointer to the question name) to the additional
    /// section until the message is longer than <paramref name="limit"/>; TC is left alone.
    /// </summary>
    public static byte[] PadAdditional(ReadOnlySpan<byte> message, int limit)
    {
        const int RecordLength = 2 + 10 + 1 + 255;
        var needed = Math.Max(1, ((limit - message.Length) / RecordLength) + 1);
        var result = new byte[message.Length + (needed * RecordLength)];
        message.CopyTo(result);
        var offset = message.Length;
        for (var i = 0; i < needed; i++)
        {
            result[offset] = 0xC0;
            result[offset + 1] = HeaderLength;
            WriteUInt16(result, offset + 2, 16);
            WriteUInt16(result, offset + 4, 1);
            BinaryPrimitives.WriteUInt32BigEndian(result.AsSpan(offset + 6), 60);
            WriteUInt16(result, offset + 10, 256);
            result[offset + 12] = 255;
            result.AsSpan(offset + 13, 255).Fill((byte)'x');
            offset += RecordLength;
        }

        WriteUInt16(result, 10, (ushort)(Count(message, 3) + needed));
        return result;
    }

    /// <summary>Uncompressed wire form of an absolute presentation name; supports \X and \DDD escapes.</summary>
    public static byte[] EncodeName(string name)
    {
        if (name.Length == 0 || name[^1] != '.' || (name.Length > 1 && name.EndsWith("\\.", StringComparison.Ordinal) && !name.EndsWith("\\\\.", StringComparison.Ordinal)))
        {
            throw new FormatException($"Name '{name}' must be absolute (end with a dot).");
        }

        var output = new List<byte>(name.Length + 1);
        if (name == ".")
        {
            return [0];
        }

        var label = new List<byte>(MaxLabelLength);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (c == '.')
            {
                if (label.Count == 0)
                {
                    throw new FormatException($"Name '{name}' has an empty label.");
                }

                output.Add((byte)label.Count);
                output.AddRange(label);
                label.Clear();
                continue;
            }

            var b = ReadEscapedByte(name, ref i);
            label.Add(b);
            if (label.Count > MaxLabelLength)
            {
                throw new FormatException($"Name '{name}' has a label longer than 63 bytes.");
            }
        }

        output.Add(0);
        if (output.Count > MaxNameLength)
        {
            throw new FormatException($"Name '{name}' is longer than 255 bytes.");
        }

        return [.. output];
    }

    /// <summary>
    /// Wire form (uncompressed owner) of one presentation-format record:
    /// <c>owner [ttl] [IN] type rdata</c>, TTL and class in either order; A, AAAA, NS, CNAME, TXT and MX.
    /// </summary>
    public static byte[] ParseRecord(string text)
    {
        var tokens = Tokenize(text);
        if (tokens.Count < 3)
        {
            throw new FormatException($"Record '{text}' needs at least owner, type and data.");
        }

        var owner = EncodeName(tokens[0].Text);
        uint ttl = 3600;
        var index = 1;
        for (var fields = 0; fields < 2 && index < tokens.Count; fields++)
        {
            if (uint.TryParse(tokens[index].Text, NumberStyles.None, CultureInfo.InvariantCulture, out var parsedTtl))
            {
                ttl = parsedTtl <= int.MaxValue ? parsedTtl : throw new FormatException($"Record '{text}' has a TTL above 2147483647.");
                index++;
            }
            else if (string.Equals(tokens[index].Text, "IN", StringComparison.OrdinalIgnoreCase))
            {
                index++;
            }
        }

        if (index >= tokens.Count)
        {
            throw new FormatException($"Record '{text}' has no type.");
        }

        var typeName = tokens[index].Text.ToUpperInvariant();
        var data = tokens.Skip(index + 1).ToList();
        ushort type;
        byte[] rdata;
        switch (typeName)
        {
            case "A":
                type = 1;
                rdata = ParseAddress(text, data, AddressFamily.InterNetwork);
                break;
            case "AAAA":
                type = 28;
                rdata = ParseAddress(text, data, AddressFamily.InterNetworkV6);
                break;
            case "NS":
            case "CNAME":
                type = typeName == "NS" ? (ushort)2 : (ushort)5;
                rdata = data.Count == 1 ? EncodeName(data[0].Text) : throw new FormatException($"Record '{text}' needs exactly one target name.");
                break;
            case "MX":
                type = 15;
                if (data.Count != 2 || !ushort.TryParse(data[0].Text, NumberStyles.None, CultureInfo.InvariantCulture, out var preference))
                {
                    throw new FormatException($"Record '{text}' needs a preference (0-65535) and an exchange name.");
                }

                var exchange = EncodeName(data[1].Text);
                rdata = new byte[2 + exchange.Length];
                WriteUInt16(rdata, 0, preference);
                exchange.CopyTo(rdata, 2);
                break;
            case "TXT":
                type = 16;
                rdata = ParseTxt(text, data);
                break;
            default:
                throw new FormatException($"Record '{text}' has type '{tokens[index].Text}'; only A, AAAA, NS, CNAME, TXT and MX are supported.");
        }

        var record = new byte[owner.Length + 10 + rdata.Length];
        owner.CopyTo(record, 0);
        WriteUInt16(record, owner.Length, type);
        WriteUInt16(record, owner.Length + 2, 1);
        BinaryPrimitives.WriteUInt32BigEndian(record.AsSpan(owner.Length + 4), ttl);
        WriteUInt16(record, owner.Length + 8, (ushort)rdata.Length);
        rdata.CopyTo(record, owner.Length + 10);
        return record;
    }

    private static byte[] ParseAddress(string text, List<Token> data, AddressFamily family)
    {
        if (data.Count != 1 || !IPAddress.TryParse(data[0].Text, out var address) || address.AddressFamily != family)
        {
            throw new FormatException($"Record '{text}' needs exactly one {(family == AddressFamily.InterNetwork ? "IPv4" : "IPv6")} address.");
        }

        return address.GetAddressBytes();
    }

    private static byte[] ParseTxt(string text, List<Token> data)
    {
        if (data.Count == 0)
        {
            throw new FormatException($"Record '{text}' needs at least one character string.");
        }

        var output = new List<byte>();
        foreach (var token in data)
        {
            var bytes = new List<byte>();
            for (var i = 0; i < token.Text.Length; i++)
            {
                if (token.Text[i] == '\\' || token.Text[i] < 0x80)
                {
                    bytes.Add(ReadEscapedByte(token.Text, ref i));
                }
                else
                {
                    bytes.AddRange(Encoding.UTF8.GetBytes(token.Text[i].ToString()));
                }
            }

            if (bytes.Count > 255)
            {
                throw new FormatException($"Record '{text}' has a character string longer than 255 bytes.");
            }

            output.Add((byte)bytes.Count);
            output.AddRange(bytes);
        }

        return output.Count <= ushort.MaxValue ? [.. output] : throw new FormatException($"Record '{text}' has data longer than 65535 bytes.");
    }

    private static byte ReadEscapedByte(string text, ref int i)
    {
        var c = text[i];
        if (c != '\\')
        {
            return c < 0x80 ? (byte)c : throw new FormatException($"'{text}' has a non-ASCII character; write it as \\DDD.");
        }

        if (i + 1 >= text.Length)
        {
            throw new FormatException($"'{text}' ends with a lone backslash.");
        }

        if (char.IsAsciiDigit(text[i + 1]))
        {
            if (i + 3 >= text.Length || !char.IsAsciiDigit(text[i + 2]) || !char.IsAsciiDigit(text[i + 3])
                || !byte.TryParse(text.AsSpan(i + 1, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                throw new FormatException($"'{text}' has a bad \\DDD escape.");
            }

            i += 3;
            return value;
        }

        i++;
        return text[i] < 0x80 ? (byte)text[i] : throw new FormatException($"'{text}' has a non-ASCII character; write it as \\DDD.");
    }

    private readonly record struct Token(string Text);

    private static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                i++;
                continue;
            }

            var quoted = text[i] == '"';
            var start = quoted ? i + 1 : i;
            var j = start;
            while (j < text.Length && (quoted ? text[j] != '"' : !char.IsWhiteSpace(text[j])))
            {
                j += text[j] == '\\' ? 2 : 1;
            }

            if (quoted && j >= text.Length)
            {
                throw new FormatException($"Record '{text}' has an unterminated quoted string.");
            }

            j = Math.Min(j, text.Length);
            tokens.Add(new Token(text[start..j]));
            i = quoted ? j + 1 : j;
        }

        return tokens;
    }
}
