using System.Runtime.CompilerServices;

namespace Dnscert.Traffic.Stats;

/// <summary>
/// 64-bit hashes for the sketches: the SplitMix64 finaliser over a name's <see cref="QuestionName.FoldedHash"/> or an
/// address, so every bit is mixed (HyperLogLog reads the top bits). Hand-written: ten lines, no package for one call on
/// the hot path.
/// </summary>
internal static class StatsHash
{
    public static ulong Address(PacketAddress address) =>
        Mix(address.Low ^ Mix(address.High ^ (address.IsIPv6 ? 0x9E3779B97F4A7C15UL : 0)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
