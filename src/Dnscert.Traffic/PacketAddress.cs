using System.Buffers.Binary;
using System.Net;

namespace Dnscert.Traffic;

/// <summary>
/// An IPv4 or IPv6 address as a value: 128 bits plus the family. Traffic paths see millions of packets, and
/// <see cref="IPAddress"/> is a heap object per packet; this struct keys dictionaries without allocating.
/// IPv4 addresses sit in the low 32 bits.
/// <para>
/// The 128 bits are stored as two <see cref="ulong"/> halves, not as one <see cref="UInt128"/>: ReadyToRun treats a
/// struct holding a <see cref="UInt128"/> as ABI-unstable and leaves every method that passes one (the decoder, the
/// detectors, the report writer) to the JIT at start-up; with two halves those methods are precompiled.
/// </para>
/// </summary>
public readonly struct PacketAddress : IEquatable<PacketAddress>
{
    public PacketAddress(UInt128 bits, bool isIPv6)
        : this((ulong)(bits >> 64), (ulong)bits, isIPv6)
    {
    }

    public PacketAddress(ulong high, ulong low, bool isIPv6)
    {
        High = high;
        Low = low;
        IsIPv6 = isIPv6;
    }

    /// <summary>The address as one 128-bit number (IPv4 in the low 32 bits).</summary>
    public UInt128 Bits => new(High, Low);

    /// <summary>The upper 64 bits (0 for IPv4).</summary>
    public ulong High { get; }

    /// <summary>The lower 64 bits (the whole address for IPv4).</summary>
    public ulong Low { get; }

    public bool IsIPv6 { get; }

    /// <summary>The network the address belongs to: /24 for IPv4, /48 for IPv6 (how DSC and abuse desks group clients).</summary>
    public PacketAddress ClientNetwork => IsIPv6
        ? new PacketAddress(High & 0xFFFF_FFFF_FFFF_0000UL, 0, true)
        : new PacketAddress(0, Low & 0xFFFFFF00u, false);

    public static bool operator ==(PacketAddress left, PacketAddress right) => left.Equals(right);

    public static bool operator !=(PacketAddress left, PacketAddress right) => !left.Equals(right);

    public static PacketAddress FromIPv4(ReadOnlySpan<byte> fourBytes) =>
        new(0, BinaryPrimitives.ReadUInt32BigEndian(fourBytes), false);

    public static PacketAddress FromIPv6(ReadOnlySpan<byte> sixteenBytes) =>
        new(BinaryPrimitives.ReadUInt64BigEndian(sixteenBytes), BinaryPrimitives.ReadUInt64BigEndian(sixteenBytes[8..]), true);

    public static PacketAddress FromIPAddress(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out var written);
        return written == 4 ? FromIPv4(bytes[..4]) : FromIPv6(bytes);
    }

    public IPAddress ToIPAddress()
    {
        Span<byte> bytes = stackalloc byte[16];
        if (IsIPv6)
        {
            BinaryPrimitives.WriteUInt64BigEndian(bytes, High);
            BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], Low);
            return new IPAddress(bytes);
        }

        BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)Low);
        return new IPAddress(bytes[..4]);
    }

    public bool Equals(PacketAddress other) => Low == other.Low && High == other.High && IsIPv6 == other.IsIPv6;

    public override bool Equals(object? obj) => obj is PacketAddress other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(High, Low, IsIPv6);

    /// <summary>Splits the address into its bits and family (as the positional record it used to be).</summary>
    public void Deconstruct(out UInt128 bits, out bool isIPv6)
    {
        bits = Bits;
        isIPv6 = IsIPv6;
    }

    public override string ToString() => ToIPAddress().ToString();
}
