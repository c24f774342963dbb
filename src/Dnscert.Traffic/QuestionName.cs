using System.Runtime.CompilerServices;
using Dnscert.Dns.Wire;

namespace Dnscert.Traffic;

/// <summary>
/// The first question's name of one message, read once per message for statistics and every detector: the
/// uncompressed wire form as sent (case kept, final root octet included; empty when the message has no question),
/// its 64-bit FNV-1a hash folded to lower case, and where its last three labels start. Statistics and detectors used
/// to copy and hash the same name each on their own; with this the copy and the hash are done once by the reader.
/// A reader fills one instance per message and reuses it, like <see cref="DnsTransaction.Message"/>.
/// </summary>
public sealed class QuestionName
{
    private const ulong FnvOffset = 14695981039346656037UL;
    private const ulong FnvPrime = 1099511628211UL;
    private const int MaxLabelsTracked = 128;

    private readonly byte[] _wire = new byte[255];

    /// <summary>The uncompressed wire form (empty when there is no question); valid until the next message.</summary>
    public ReadOnlySpan<byte> Wire => _wire.AsSpan(0, Length);

    /// <summary>Bytes in <see cref="Wire"/>: 0 without a question, 1 for the root.</summary>
    public int Length { get; private set; }

    /// <summary>FNV-1a over <see cref="Wire"/> with A–Z folded to a–z (the detectors' name key; statistics mix it further).</summary>
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

    /// <summary>FNV-1a with A–Z folded to a–z, the same function as <see cref="Hash"/>, for a suffix of the name.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ulong FoldedHash(ReadOnlySpan<byte> bytes)
    {
        var hash = FnvOffset;
        foreach (var b in bytes)
        {
            hash = (hash ^ (b - (uint)'A' <= 'Z' - 'A' ? (uint)(b | 0x20) : b)) * FnvPrime;
        }

        return hash;
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

        var length = message.CopyName(questions[0].NameOffset, _wire);
        Length = length;
        // One pass over the copy: the hash and the starts of the last three labels (as the detectors' zone rule reads
        // them: at most 128 labels counted).
        var wire = _wire.AsSpan(0, length);
        var hash = FnvOffset;
        int third = -1, second = -1, last = -1, count = 0;
        var position = 0;
        while (position < wire.Length)
        {
            int label = wire[position];
            hash = (hash ^ (uint)label) * FnvPrime;
            if (label == 0)
            {
                break;
            }

            if (count < MaxLabelsTracked)
            {
                third = second;
                second = last;
                last = position;
                count++;
            }

            var end = Math.Min(position + 1 + label, wire.Length);
            for (var i = position + 1; i < end; i++)
            {
                uint b = wire[i];
                hash = (hash ^ (b - 'A' <= 'Z' - 'A' ? b | 0x20 : b)) * FnvPrime;
            }

            position = end;
        }

        Hash = hash;
        LabelCount = count;
        LastLabel = last;
        SecondLastLabel = second;
        ThirdLastLabel = third;
    }

    private void Clear()
    {
        Length = 0;
        Hash = FnvOffset;
        LabelCount = 0;
        LastLabel = SecondLastLabel = ThirdLastLabel = -1;
    }
}
