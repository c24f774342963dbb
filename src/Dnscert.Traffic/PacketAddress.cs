using System.Buffers.Binary;
using System.Net;

namespace Dnscert.Traffic;

/// <summary>
/// An IPv4 or IPv6 address as a value: 128 bits plus the family. Traffic paths see millions of packets, and
/// <see cref="IPAddress"/> is a heap object per packet; this struct keys dictionaries without allocating.
/// IPv4 addresses sit in the low 32 bits.
/// </summary>
public readonly record struct PacketAddress(UInt128 Bits, bool IsIPv6)
{
    public static PacketAddress FromIPv4(ReadOnlySpan<byte> fourBytes) =>
        new(BinaryPrimitives.ReadUInt32BigEndian(fourBytes), false);

    public static PacketAddress FromIPv6(ReadOnlySpan<byte> sixteenBytes) =>
        new(BinaryPrimitives.ReadUInt128BigEndian(sixteenBytes), true);

    public static PacketAddress FromIPAddress(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out var written);
        return written == 4 ? FromIPv4(bytes[..4]) : FromIPv6(bytes);
    }

    /// <summary>The network the address belongs to: /24 for IPv4, /48 for IPv6 (how DSC and abuse desks group clients).</summary>
    public PacketAddress ClientNetwork => IsIPv6
        ? new PacketAddress(Bits & (UInt128.MaxValue << 80), true)
        : new PacketAddress(Bits & 0xFFFFFF00u, false);

    public IPAddress ToIPAddress()
    {
        Span<byte> bytes = stackalloc byte[16];
        if (IsIPv6)
        {
            BinaryPrimitives.WriteUInt128BigEndian(bytes, Bits);
            return new IPAddress(bytes);
        }

        BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)Bits);
        return new IPAddress(bytes[..4]);
    }

    public override string ToString() => ToIPAddress().ToString();
}
