namespace Dnscert.Traffic.Decode;

/// <summary>One direction of a TCP connection.</summary>
internal readonly record struct TcpFlowKey(PacketAddress Source, ushort SourcePort, PacketAddress Destination, ushort DestinationPort);
