namespace Dnscert.Traffic.Generator;

/// <summary>One generated DNS message: when, between which endpoints, its wire bytes, and the attack it belongs to (null: benign).</summary>
public sealed record ScriptedMessage(
    DateTimeOffset Timestamp,
    PacketAddress Source,
    ushort SourcePort,
    PacketAddress Destination,
    ushort DestinationPort,
    ReadOnlyMemory<byte> Wire,
    string? Attack);
