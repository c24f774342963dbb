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

    /// <summary>
    /// 32 bits for the client-network top list (a /24 or /48 network): the address's two halves folded into one word and
    /// mixed once. <see cref="PacketAddress.GetHashCode"/> (<see cref="HashCode.Combine{T1, T2, T3}"/>) was computed twice
    /// per query by the list and drew a new seed in every process, so a full list's counts could differ between runs.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Network(PacketAddress network) =>
        (uint)(Mix(network.Low ^ (network.High * 0x9E3779B97F4A7C15UL) ^ (network.IsIPv6 ? 0xC2B2AE3D27D4EB4FUL : 0)) >> 32);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
