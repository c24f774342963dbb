using System.Runtime.CompilerServices;

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
