using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using Dnscert.Dns.Wire;

namespace Dnscert.Traffic;

/// <summary>
/// The first question's name of one message, read once per message for statistics and every detector: the
/// uncompressed wire form as sent (case kept, final root octet included; empty when the message has no question),
/// its 64-bit hash folded to lower case (<see cref="FoldedHash"/>), and where its last three labels start. Statistics
/// and detectors used to copy and hash the same name each on their own; with this the copy and the hash are done once
/// by the reader. A reader fills one instance per message and reuses it, like <see cref="DnsTransaction.Message"/>.
/// </summary>
public sealed class QuestionName
{
    private const ulong Seed = 0x243F6A8885A308D3UL;
    private const ulong Multiplier = 0x9E3779B97F4A7C15UL;
    private const ulong LowBits = 0x0101010101010101UL;
    private const ulong HighBits = 0x8080808080808080UL;
    private const int MaxLabelsTracked = 128;

    private readonly byte[] _wire = new byte[255];

    /// <summary>The uncompressed wire form (empty when there is no question); valid until the next message.</summary>
    public ReadOnlySpan<byte> Wire => _wire.AsSpan(0, Length);

    /// <summary>Bytes in <see cref="Wire"/>: 0 without a question, 1 for the root.</summary>
    public int Length { get; private set; }

    /// <summary><see cref="FoldedHash"/> of <see cref="Wire"/>: A–Z folded to a–z (the detectors' name key; statistics mix it further).</summary>
    public ulong Hash { get; private set; }

    /// <summary>Labels counted, at most 128 (what the detectors' zone rule reads).</summary>
    public int LabelCount { get; private set; }

    /// <summary>Offset in <see cref="Wire"/> of the last label (the TLD), or -1 for the root or no question.</summary>
    public int LastLabel { get; private set; } = -1;

    /// <summary>Offset of the second-to-last label (the second-level domain starts there), or -1.</summary>
    public int SecondLastLabel { get; private set; } = -1;

    /// <summary>Offset of the third-to-last label, or -1.</summary>
    public int ThirdLastLabel { get; private set; } = -1;

    /// <summary>A new instance holding the first question of <paramref name="message"/> (allocates; readers reuse one with <see cref="Load"/>).</summary>
    public static QuestionName Of(DnsMessage message)
    {
        var name = new QuestionName();
        name.Load(message);
        return name;
    }

    /// <summary>
    /// The 64-bit hash of <paramref name="bytes"/> with A–Z folded to a–z, the same function as <see cref="Hash"/> (used
    /// for suffixes of the name too). Eight bytes at a time: each little-endian word is folded to lower case in one go
    /// (length bytes of labels are below 64, so only letters change) and mixed in with one 64×64→128-bit multiplication
    /// (the "mum" step of wyhash). The byte-at-a-time FNV-1a it replaces was one dependent multiplication per byte, about
    /// 5 % of <c>traffic analyze</c>. Deterministic (no per-process seed): the statistics' HyperLogLog estimates must be
    /// the same on every run; tables keyed by it that face crafted input mix it with their own seed (KeyMix).
    /// Hand-written: ten lines on the per-message path, and no package hashes with ASCII case folding.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ulong FoldedHash(ReadOnlySpan<byte> bytes)
    {
        var length = bytes.Length;
        var hash = Seed ^ ((ulong)length * Multiplier);
        var at = 0;
        for (; at + 8 <= length; at += 8)
        {
            hash = Step(hash, BinaryPrimitives.ReadUInt64LittleEndian(bytes[at..]));
        }

        var rest = length - at;
        if (rest == 0)
        {
            return hash;
        }

        ulong tail;
        if (length >= 8)
        {
            // The last eight bytes, with those already hashed shifted out.
            tail = BinaryPrimitives.ReadUInt64LittleEndian(bytes[(length - 8)..]) >> ((8 - rest) * 8);
        }
        else if (rest >= 4)
        {
            // Two overlapping four-byte reads; the shared bytes land on the same bits.
            tail = BinaryPrimitives.ReadUInt32LittleEndian(bytes) | ((ulong)BinaryPrimitives.ReadUInt32LittleEndian(bytes[(rest - 4)..]) << ((rest - 4) * 8));
        }
        else if (rest >= 2)
        {
            tail = BinaryPrimitives.ReadUInt16LittleEndian(bytes) | ((ulong)BinaryPrimitives.ReadUInt16LittleEndian(bytes[(rest - 2)..]) << ((rest - 2) * 8));
        }
        else
        {
            tail = bytes[0];
        }

        return Step(hash, tail);
    }

    /// <summary>Folds the letters of eight bytes to lower case and mixes them into <paramref name="hash"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Step(ulong hash, ulong word)
    {
        // A byte is an upper-case letter when its low seven bits are at least 'A' and at most 'Z' and its top bit is clear;
        // the sums stay below 256 per byte, so no carry crosses into the next byte.
        var seven = word & ~HighBits;
        var upper = ((seven + ((0x80 - 'A') * LowBits)) ^ (seven + ((0x80 - 'Z' - 1) * LowBits))) & ~word & HighBits;
        var high = Math.BigMul(hash ^ word ^ (upper >> 2), Multiplier, out var low);
        return high ^ low;
    }

    /// <summary>Reads the first question of <paramref name="message"/> (an already checked message) into this instance.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Load(DnsMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var questions = message.Questions;
        if (questions.Length == 0)
        {
            Clear();
            return;
        }

        // The name was checked by the parser, so the walk only hops from length byte to length byte, noting the starts of
        // the last three labels (as the detectors' zone rule reads them: at most 128 labels counted). A question name
        // without a compression pointer (nearly all) is one contiguous run of the message and is copied in one go; one
        // with a pointer is copied label by label through the parser's walk.
        var bytes = message.Bytes.Span;
        var offset = questions[0].NameOffset;
        int third = -1, second = -1, last = -1, count = 0;
        var position = offset;
        int length;
        while (true)
        {
            int label = bytes[position];
            if (label == 0)
            {
                length = position + 1 - offset;
                bytes.Slice(offset, length).CopyTo(_wire);
                break;
            }

            if (label >= 0xC0)
            {
                length = message.CopyName(offset, _wire);
                count = CountLabels(_wire.AsSpan(0, length), out last, out second, out third);
                break;
            }

            if (count < MaxLabelsTracked)
            {
                third = second;
                second = last;
                last = position - offset;
                count++;
            }

            position += 1 + label;
        }

        Length = length;
        var wire = _wire.AsSpan(0, length);
        Hash = FoldedHash(wire);
        LabelCount = count;
        LastLabel = last;
        SecondLastLabel = second;
        ThirdLastLabel = third;
    }

    /// <summary>Labels (at most 128 counted) of an uncompressed wire name, and where the last three start (-1 when absent).</summary>
    private static int CountLabels(ReadOnlySpan<byte> wire, out int last, out int second, out int third)
    {
        third = second = last = -1;
        var count = 0;
        var position = 0;
        while (position < wire.Length && wire[position] != 0)
        {
            if (count < MaxLabelsTracked)
            {
                third = second;
                second = last;
                last = position;
                count++;
            }

            position += 1 + wire[position];
        }

        return count;
    }

    private void Clear()
    {
        Length = 0;
        Hash = FoldedHash([]);
        LabelCount = 0;
        LastLabel = SecondLastLabel = ThirdLastLabel = -1;
    }
}
