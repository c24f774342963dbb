using System.Buffers.Binary;
using CsCheck;
using Dnscert.Dns.Wire;
using Dnscert.Traffic;
using Dnscert.Traffic.Detectors;
using Dnscert.Traffic.Stats;

namespace Dnscert.UnitTests.Traffic;

/// <summary>
/// The question name is read once per message for statistics and detectors; what they read from it must be what each
/// computed on its own before: the detectors' case-folded hash and zone, the statistics' hash of the lower-cased name,
/// and the TLD and second-level label starts. The word-at-a-time hash is held to a plain byte-by-byte model of it.
/// </summary>
public sealed class QuestionNamePropertyTests
{
    // Labels of any bytes (upper case, dots, zero bytes and high bytes included), up to 255 bytes in wire form.
    private static readonly Gen<byte[][]> s_labels = Gen.OneOf(
            Gen.Byte.Array[1, 63],
            Gen.Char["AZaz09-"].Array[1, 12].Select(c => c.Select(x => (byte)x).ToArray()))
        .Array[0, 12]
        .Where(labels => labels.Sum(l => l.Length + 1) + 1 <= 255);

    [Fact]
    public void Hash_and_label_starts_match_what_statistics_and_detectors_computed_on_their_own() =>
        s_labels.Sample(labels =>
        {
            var wire = Wire(labels);
            var message = DnsMessage.Parse(Message(wire));
            var name = QuestionName.Of(message);

            Assert.Equal(wire, name.Wire.ToArray());
            Assert.Equal(QueryName.Hash(wire), name.Hash);
            Assert.Equal(QuestionName.FoldedHash(LowerCase(wire)), name.Hash);
            Assert.Equal(ReferenceHash(wire), name.Hash);

            var starts = new List<int>();
            for (var at = 0; wire[at] != 0; at += wire[at] + 1)
            {
                starts.Add(at);
            }

            Assert.Equal(starts.Count, name.LabelCount);
            Assert.Equal(starts.Count >= 1 ? starts[^1] : -1, name.LastLabel);
            Assert.Equal(starts.Count >= 2 ? starts[^2] : -1, name.SecondLastLabel);
            Assert.Equal(starts.Count >= 3 ? starts[^3] : -1, name.ThirdLastLabel);

            var fromReader = new QueryView(name);
            var copied = new QueryView(wire);
            Assert.Equal(copied.Hash, fromReader.Hash);
            Assert.Equal(copied.ZoneStart, fromReader.ZoneStart);
            Assert.Equal(copied.ZoneHash, fromReader.ZoneHash);
        }, iter: 3000);

    [Fact]
    public void The_word_at_a_time_hash_equals_its_byte_by_byte_model_and_ignores_only_ascii_case() =>
        Gen.Byte.Array[0, 300].Sample(bytes =>
        {
            Assert.Equal(ReferenceHash(bytes), QuestionName.FoldedHash(bytes));
            Assert.Equal(QuestionName.FoldedHash(LowerCase(bytes)), QuestionName.FoldedHash(bytes));
            // Changing any byte other than by ASCII case changes the hash (a 64-bit collision here would be a bug).
            for (var i = 0; i < bytes.Length; i++)
            {
                var changed = (byte[])bytes.Clone();
                changed[i] = (byte)(changed[i] ^ (changed[i] is >= (byte)'A' and <= (byte)'Z' or >= (byte)'a' and <= (byte)'z' ? 0x40 : 0x20));
                Assert.NotEqual(QuestionName.FoldedHash(bytes), QuestionName.FoldedHash(changed));
            }

            Assert.NotEqual(QuestionName.FoldedHash(bytes), QuestionName.FoldedHash([.. bytes, 0]));
        }, iter: 2000);

    [Fact]
    public void A_message_without_a_question_has_an_empty_name_with_the_hash_of_nothing()
    {
        var header = new byte[12];
        var name = QuestionName.Of(DnsMessage.Parse(header));
        Assert.Equal(0, name.Length);
        Assert.Equal(QueryName.Hash([]), name.Hash);
        Assert.Equal(-1, name.LastLabel);
        Assert.Equal(0, new QueryView(name).ZoneStart);
    }

    [Fact]
    public void A_compressed_question_name_is_read_through_its_pointer()
    {
        // "wWw" then a pointer to offset 0, where the zero ID reads as the root: the name is wWw. (legal, if odd).
        byte[] name = [3, (byte)'w', (byte)'W', (byte)'w', 0xC0, 0x00];
        var read = QuestionName.Of(DnsMessage.Parse(Message(name)));
        byte[] expected = [3, (byte)'w', (byte)'W', (byte)'w', 0];
        Assert.Equal(expected, read.Wire.ToArray());
        Assert.Equal(QueryName.Hash(expected), read.Hash);
        Assert.Equal(1, read.LabelCount);
        Assert.Equal(0, read.LastLabel);
    }

    [Fact]
    public void A_reused_instance_forgets_the_previous_name()
    {
        var name = QuestionName.Of(DnsMessage.Parse(Message(Wire([[.. "www"u8], [.. "example"u8], [.. "com"u8]]))));
        Assert.Equal(3, name.LabelCount);
        name.Load(DnsMessage.Parse(new byte[12]));
        Assert.Equal(0, name.LabelCount);
        Assert.True(name.Wire.IsEmpty);
        Assert.Equal(-1, name.SecondLastLabel);
    }

    /// <summary>The hash as specified: length-seeded, then each (zero-padded) eight-byte little-endian word, lower-cased byte by byte, mixed by a 128-bit product.</summary>
    private static ulong ReferenceHash(byte[] bytes)
    {
        var hash = 0x243F6A8885A308D3UL ^ unchecked((ulong)bytes.Length * 0x9E3779B97F4A7C15UL);
        for (var at = 0; at < bytes.Length; at += 8)
        {
            ulong word = 0;
            for (var i = 0; i < 8 && at + i < bytes.Length; i++)
            {
                var b = bytes[at + i];
                word |= (ulong)(b is >= (byte)'A' and <= (byte)'Z' ? b + 32 : b) << (8 * i);
            }

            var product = (UInt128)(hash ^ word) * 0x9E3779B97F4A7C15UL;
            hash = (ulong)(product >> 64) ^ (ulong)product;
        }

        return hash;
    }

    private static byte[] Wire(byte[][] labels) =>
        [.. labels.SelectMany(l => (byte[])[(byte)l.Length, .. l]), 0];

    private static byte[] LowerCase(byte[] wire) =>
        [.. wire.Select(b => b is >= (byte)'A' and <= (byte)'Z' ? (byte)(b | 0x20) : b)];

    private static byte[] Message(byte[] name)
    {
        var message = new byte[12 + name.Length + 4];
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(4), 1);
        name.CopyTo(message, 12);
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(12 + name.Length), 1);
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(14 + name.Length), 1);
        return message;
    }
}
