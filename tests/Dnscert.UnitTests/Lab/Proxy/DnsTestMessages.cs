using System.Buffers.Binary;
using System.Text;

namespace Dnscert.UnitTests.Lab.Proxy;

// Builds and inspects DNS messages for the proxy tests independently of the proxy's own wire code,
// so the tests do not grade the proxy with its own ruler.
internal static class DnsTestMessages
{
    public const ushort TypeA = 1;
    public const ushort TypeNs = 2;
    public const ushort TypeTxt = 16;
    public const ushort TypeDnskey = 48;

    public static byte[] Name(string name)
    {
        var bytes = new List<byte>();
        foreach (var label in name.TrimEnd('.').Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            bytes.Add((byte)label.Length);
            bytes.AddRange(Encoding.ASCII.GetBytes(label));
        }

        bytes.Add(0);
        return [.. bytes];
    }

    public static byte[] Query(ushort id, string name, ushort qtype, ushort? ednsSize = null)
    {
        var bytes = new List<byte>();
        bytes.AddRange([(byte)(id >> 8), (byte)id, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, ednsSize is null ? (byte)0 : (byte)1]);
        bytes.AddRange(Name(name));
        bytes.AddRange([(byte)(qtype >> 8), (byte)qtype, 0, 1]);
        if (ednsSize is { } size)
        {
            bytes.AddRange([0, 0, 41, (byte)(size >> 8), (byte)size, 0, 0, 0, 0, 0, 0]);
        }

        return [.. bytes];
    }

    public static ushort Id(byte[] message) => BinaryPrimitives.ReadUInt16BigEndian(message);

    public static bool Qr(byte[] message) => (message[2] & 0x80) != 0;

    public static bool Tc(byte[] message) => (message[2] & 0x02) != 0;

    public static int Rcode(byte[] message) => message[3] & 0x0F;

    public static ushort Count(byte[] message, int section) => BinaryPrimitives.ReadUInt16BigEndian(message.AsSpan(4 + (2 * section)));

    /// <summary>Offset after the single question (names in questions are uncompressed here).</summary>
    public static int QuestionEnd(byte[] message)
    {
        var offset = 12;
        while (message[offset] != 0)
        {
            offset += message[offset] + 1;
        }

        return offset + 1 + 4;
    }

    /// <summary>
    /// The in-test backend's answer: one A record (192.0.2.1), one NS record in authority and the
    /// same id, so tests can see section boundaries kept.
    /// </summary>
    public static byte[] BackendAnswer(byte[] query)
    {
        var questionEnd = QuestionEnd(query);
        var bytes = new List<byte>();
        bytes.AddRange(query.AsSpan(0, questionEnd).ToArray());
        bytes[2] = (byte)(0x84 | (query[2] & 0x01));
        bytes[3] = 0;
        bytes[6] = 0;
        bytes[7] = 1;
        bytes[8] = 0;
        bytes[9] = 1;
        bytes[10] = 0;
        bytes[11] = 0;
        bytes.AddRange([0xC0, 0x0C, 0, 1, 0, 1, 0, 0, 1, 44, 0, 4, 192, 0, 2, 1]);
        var ns = Name("ns.test.");
        bytes.AddRange([0xC0, 0x0C, 0, 2, 0, 1, 0, 0, 1, 44, 0, (byte)ns.Length]);
        bytes.AddRange(ns);
        return [.. bytes];
    }

    public static int IndexOf(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle);
}
