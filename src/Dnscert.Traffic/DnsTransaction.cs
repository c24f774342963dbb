using Dnscert.Dns.Wire;

namespace Dnscert.Traffic;

/// <summary>
/// One DNS message seen in traffic, with where and when it was seen. Readers (pcap, pcapng, dnstap) produce it
/// and statistics and detectors consume it. <see cref="Message"/> is parsed into an instance the reader reuses
/// for the next message, so a consumer must copy what it keeps beyond the call that received it.
/// <see cref="Timestamp"/> is capture time, never the clock of the machine that reads the capture.
/// </summary>
public readonly struct DnsTransaction
{
    public DnsTransaction(
        DateTimeOffset timestamp,
        PacketAddress source,
        ushort sourcePort,
        PacketAddress destination,
        ushort destinationPort,
        TrafficTransport transport,
        DnsMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        Timestamp = timestamp;
        Source = source;
        SourcePort = sourcePort;
        Destination = destination;
        DestinationPort = destinationPort;
        Transport = transport;
        Message = message;
    }

    public DateTimeOffset Timestamp { get; }

    public PacketAddress Source { get; }

    public ushort SourcePort { get; }

    public PacketAddress Destination { get; }

    public ushort DestinationPort { get; }

    public TrafficTransport Transport { get; }

    /// <summary>The parsed message; valid only during the call that received the transaction.</summary>
    public DnsMessage Message { get; }

    /// <summary>The client side: the source of a query, the destination of a response.</summary>
    public PacketAddress Client => Message.IsResponse ? Destination : Source;

    /// <summary>The server side: the destination of a query, the source of a response.</summary>
    public PacketAddress Server => Message.IsResponse ? Source : Destination;
}
