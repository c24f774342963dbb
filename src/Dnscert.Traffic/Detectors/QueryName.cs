using System.Text;
using Dnscert.Dns.Wire;

namespace Dnscert.Traffic.Detectors;

/// <summary>
/// Allocation-free helpers over the uncompressed wire form of a question name, which detectors copy into a
/// stack buffer once per message. The "zone" of a name is its last two labels, or three when the second-level
/// label is short under a two-letter TLD (<c>example.co.uk</c>): an approximation of the registrable domain
/// that needs no public suffix list on the hot path.
/// </summary>
internal static class QueryName
{
    /// <summary>Copies the first question's name into <paramref name="buffer"/>; 0 when there is no question.</summary>
    public static int CopyFirstQuestion(DnsMessage message, Span<byte> buffer)
    {
        var questions = message.Questions;
        return questions.Length == 0 ? 0 : message.CopyName(questions[0].NameOffset, buffer);
    }

    /// <summary>Offset of the zone (see the type's remarks) inside <paramref name="wire"/>; 0 for short names.</summary>
    public static int ZoneStart(ReadOnlySpan<byte> wire)
    {
        // Only the last three label starts matter; keeping them in locals avoids a zeroed stack array per message.
        int third = 0, second = 0, last = 0, count = 0;
        var position = 0;
        while (position < wire.Length && wire[position] != 0 && count < 128)
        {
            third = second;
            second = last;
            last = position;
            count++;
            position += wire[position] + 1;
        }

        if (count <= 2)
        {
            return 0;
        }

        var tldLength = wire[last];
        var secondLength = wire[second];
        return tldLength == 2 && secondLength <= 3 ? third : second;
    }

    /// <summary>The first label (without its length byte); empty for the root.</summary>
    public static ReadOnlySpan<byte> FirstLabel(ReadOnlySpan<byte> wire) =>
        wire.IsEmpty || wire[0] == 0 ? ReadOnlySpan<byte>.Empty : wire.Slice(1, wire[0]);

    /// <summary>
    /// The 64-bit hash of the bytes folded to lower case that the reader computes for every question name
    /// (<see cref="QuestionName.FoldedHash"/>), so names hashed here key the same subjects as names from a reader.
    /// </summary>
    public static ulong Hash(ReadOnlySpan<byte> bytes) => QuestionName.FoldedHash(bytes);

    /// <summary>Presentation text in lower case without the final dot (the canonical subject value).</summary>
    public static string ToText(ReadOnlySpan<byte> wire)
    {
        var builder = new StringBuilder(wire.Length);
        var position = 0;
        while (position < wire.Length && wire[position] != 0)
        {
            var length = wire[position];
            if (builder.Length > 0)
            {
                builder.Append('.');
            }

            foreach (var b in wire.Slice(position + 1, Math.Min(length, wire.Length - position - 1)))
            {
                if (b is >= (byte)'A' and <= (byte)'Z')
                {
                    builder.Append((char)(b | 0x20));
                }
                else if (b is > 0x20 and < 0x7F && b != (byte)'.' && b != (byte)'\\')
                {
                    builder.Append((char)b);
                }
                else
                {
                    builder.Append('\\').Append(b.ToString("D3", System.Globalization.CultureInfo.InvariantCulture));
                }
            }

            position += length + 1;
        }

        return builder.Length == 0 ? "." : builder.ToString();
    }

    /// <summary>Shannon entropy in bits per character of the label bytes (length bytes excluded).</summary>
    public static double LabelEntropy(ReadOnlySpan<byte> wire)
    {
        Span<int> counts = stackalloc int[256];
        var total = 0;
        var position = 0;
        while (position < wire.Length && wire[position] != 0)
        {
            var length = wire[position];
            foreach (var b in wire.Slice(position + 1, Math.Min(length, wire.Length - position - 1)))
            {
                counts[b is >= (byte)'A' and <= (byte)'Z' ? b | 0x20 : b]++;
                total++;
            }

            position += length + 1;
        }

        if (total == 0)
        {
            return 0;
        }

        var entropy = 0.0;
        foreach (var count in counts)
        {
            if (count > 0)
            {
                var p = (double)count / total;
                entropy -= p * Math.Log2(p);
            }
        }

        return entropy;
    }

    /// <summary>Number of label characters (wire length minus length bytes and the root byte).</summary>
    public static int TextLength(ReadOnlySpan<byte> wire)
    {
        var total = 0;
        var position = 0;
        while (position < wire.Length && wire[position] != 0)
        {
            total += wire[position];
            position += wire[position] + 1;
        }

        return total;
    }
}
