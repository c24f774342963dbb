namespace Dnscert.Traffic.Decode;

/// <summary>Identifies one IP datagram under reassembly (RFC 791: source, destination, protocol, identification).</summary>
internal readonly record struct FragmentKey(PacketAddress Source, PacketAddress Destination, uint Identification, byte Protocol);
