using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;

namespace Dnscert.Traffic.Stats;

/// <summary>
/// A (filtered) Space-Saving top list of domain names keyed by a 64-bit hash of the lower-cased wire form, with each
/// slot's name bytes kept in one fixed array: counting a name never allocates. Bounds: <see cref="SpaceSaving{TKey}"/>.
/// </summary>
public sealed class NameTopList
{
    private const int MaxName = 255;
    private readonly SpaceSaving<ulong> _top;
    private readonly byte[] _names;
    private readonly byte[] _lengths;

    public NameTopList(int capacity)
    {
        _top = new SpaceSaving<ulong>(capacity);
        _names = new byte[capacity * MaxName];
        _lengths = new byte[capacity];
    }

    public long Total => _top.Total;

    public long MaxError => _top.MaxError;

    /// <summary>
    /// Counts the name in <paramref name="wire"/> (uncompressed wire form, any case) with its precomputed hash of the
    /// lower-cased form; a name that takes a slot is stored lower-cased.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Offer(ulong hash, ReadOnlySpan<byte> wire)
    {
        var slot = _top.Offer(hash, out var isNew);
        if (isNew)
        {
            var length = Math.Min(wire.Length, MaxName);
            var stored = _names.AsSpan(slot * MaxName, length);
            // Vectorised for ASCII names (nearly all); byte by byte when a name carries other bytes.
            if (Ascii.ToLower(wire[..length], stored, out _) != OperationStatus.Done)
            {
                for (var i = 0; i < length; i++)
                {
                    var c = wire[i];
                    stored[i] = c is >= (byte)'A' and <= (byte)'Z' ? (byte)(c | 0x20) : c;
                }
            }

            _lengths[slot] = (byte)length;
        }
    }

    public IReadOnlyList<TopItem<string>> Top(int n) =>
        [.. _top.Top(n).Select(e => new TopItem<string>(ToText(_names.AsSpan(e.Slot * MaxName, _lengths[e.Slot])), e.Item.Count, e.Item.Error))];

    /// <summary>Presentation form of a wire name: dots between labels, a trailing dot, and \DDD for bytes that are not printable or special.</summary>
    public static string ToText(ReadOnlySpan<byte> wire)
    {
        var text = new StringBuilder();
        var at = 0;
        while (at < wire.Length && wire[at] != 0)
        {
            var length = wire[at];
            for (var i = at + 1; i <= at + length && i < wire.Length; i++)
            {
                var c = wire[i];
                if (c is (byte)'.' or (byte)'\\' or (byte)'"' or (byte)';' or (byte)'(' or (byte)')' or (byte)'@' or (byte)'$')
                {
                    text.Append('\\').Append((char)c);
                }
                else if (c is > 0x20 and < 0x7F)
                {
                    text.Append((char)c);
                }
                else
                {
                    text.Append('\\').Append(((int)c).ToString("D3", System.Globalization.CultureInfo.InvariantCulture));
                }
            }

            text.Append('.');
            at += length + 1;
        }

        return text.Length == 0 ? "." : text.ToString();
    }
}
