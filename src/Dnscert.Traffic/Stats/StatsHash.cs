using System.Runtime.CompilerServices;

namespace Dnscert.Traffic.Stats;

/// <summary>
/// 64-bit hashes for the sketches: FNV-1a over bytes, then the SplitMix64 finaliser so every bit is mixed
/// (HyperLogLog reads the top bits). Hand-written: ten lines, no package for one call on the hot path.
/// </summary>
internal static class StatsHash
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ulong Bytes(ReadOnlySpan<byte> bytes)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return Mix(hash);
    }

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
