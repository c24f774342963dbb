using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Dnscert.Traffic.Detectors;

/// <summary>
/// 64-bit mixing for the detectors' open-addressing tables. The seed is drawn per process, so crafted names, IDs
/// or addresses cannot aim many keys at one run of slots (the FNV name hashes alone are easy to collide in their
/// low bits); the finaliser is MurmurHash3's, which spreads every input bit over the whole word.
/// </summary>
internal static class KeyMix
{
    private static readonly ulong s_seed = (ulong)Random.Shared.NextInt64() | 1;

    /// <summary>Mixes <paramref name="value"/> with the process seed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Mix(ulong value) => Finalise(value ^ s_seed);

    /// <summary>Folds <paramref name="value"/> into <paramref name="hash"/> (order matters).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Add(ulong hash, ulong value) => Finalise((hash * 0x9E3779B97F4A7C15UL) ^ value ^ s_seed);

    /// <summary>An address as one mixed word: both halves of the 128 bits and the family.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Of(PacketAddress address) =>
        address.IsIPv6 ? Add(Mix(address.High), address.Low) : Mix(address.Low | (1UL << 40));

    /// <summary>
    /// A seeded hash of <paramref name="bytes"/> with ASCII A–Z folded to a–z, eight bytes per step (the detectors'
    /// zone key, computed once per message: byte-at-a-time FNV-1a was a multiply per byte). Each step is one-to-one in
    /// both the state and the word, so two different inputs of the same length never share a hash; the length and the
    /// process seed start the state.
    /// </summary>
    public static ulong FoldedBytes(ReadOnlySpan<byte> bytes)
    {
        const ulong K1 = 0x9E3779B97F4A7C15UL;
        const ulong K2 = 0xC2B2AE3D27D4EB4FUL;
        var hash = s_seed ^ ((ulong)bytes.Length * K2);
        ref var start = ref MemoryMarshal.GetReference(bytes);
        var length = bytes.Length;
        var i = 0;
        for (; i + 8 <= length; i += 8)
        {
            hash = BitOperations.RotateLeft((hash ^ FoldWord(Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, i)))) * K1, 31) * K2;
        }

        if (i < length)
        {
            ulong tail;
            if (length >= 8)
            {
                // The last eight bytes, overlapping the previous word: the same bytes for the same input, so still one-to-one.
                tail = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, length - 8));
            }
            else
            {
                tail = 0;
                for (var j = length - 1; j >= 0; j--)
                {
                    tail = (tail << 8) | Unsafe.Add(ref start, j);
                }
            }

            hash = BitOperations.RotateLeft((hash ^ FoldWord(tail)) * K1, 31) * K2;
        }

        return hash ^ (hash >> 32);
    }

    /// <summary>Sets bit 5 of every byte of <paramref name="word"/> that is an ASCII capital (A–Z to a–z), without branches.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong FoldWord(ulong word)
    {
        const ulong Ones = 0x0101010101010101UL;
        var heptets = word & (0x7F * Ones);
        var atLeastA = heptets + ((0x80 - 'A') * Ones);
        var pastZ = heptets + ((0x80 - 'Z' - 1) * Ones);
        var capitals = atLeastA & ~pastZ & ~word & (0x80 * Ones);
        return word | (capitals >> 2);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Finalise(ulong x)
    {
        x ^= x >> 33;
        x *= 0xFF51AFD7ED558CCDUL;
        x ^= x >> 33;
        x *= 0xC4CEB9FE1A85EC53UL;
        x ^= x >> 33;
        return x;
    }
}
