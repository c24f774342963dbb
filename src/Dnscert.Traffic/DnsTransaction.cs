using Dnscert.Dns.Wire;

namespace Dnscert.Traffic;

/// <summary>
/// One DNS message seen in traffic, with where and when it was seen. Readers (pcap, pcapng, dnstap) produce it
/// and statistics and detectors consume it. <see cref="Message"/> is parsed into an instance the reader reuses
/// for the next message, so a consumer must copy what it keeps beyond the call that received it.
/// <see cref="Timestamp"/> is capture time, never the clock of the machine that reads the capture.
/// <para>
/// <see cref="QuestionName"/> (note for detectors): the first question's name is copied, hashed and split into its
/// last labels once per message by the reader, so consumers read <c>QuestionName.Wire</c> (case as sent),
/// <c>QuestionName.Hash</c> (a word-at-a-time hash folded to lower case, <c>QuestionName.FoldedHash</c>: the same value
/// as the detectors' <c>QueryName.Hash</c>; since the seventh session no longer FNV-1a, so its values changed — tables
/// keyed by it only need it stable within a run) and
/// <c>LastLabel</c>/<c>SecondLastLabel</c>/<c>ThirdLastLabel</c> (TLD, second-level and third-level starts) instead of
/// copying and hashing the name again. Like <see cref="Message"/>, it is reused for the next message.
/// </para>
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
        : this(timestamp, source, sourcePort, destination, destinationPort, transport, message, QuestionName.Of(message))
    {
    }

    /// <summary>As the other constructor, with the question name already read from <paramref name="message"/> (readers reuse one).</summary>
    public DnsTransaction(
        DateTimeOffset timestamp,
        PacketAddress source,
        ushort sourcePort,
        PacketAddress destination,
        ushort destinationPort,
        TrafficTransport transport,
        DnsMessage message,
        QuestionName questionName)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(questionName);
        Timestamp = timestamp;
        Source = source;
        SourcePort = sourcePort;
        Destination = destination;
        DestinationPort = destinationPort;
        Transport = transport;
        Message = message;
        QuestionName = questionName;
    }

    public DateTimeOffset Timestamp { get; }

    public PacketAddress Source { get; }

    public ushort SourcePort { get; }

    public PacketAddress Destination { get; }

    public ushort DestinationPort { get; }

    public TrafficTransport Transport { get; }

    /// <summary>The parsed message; valid only during the call that received the transaction.</summary>
    public DnsMessage Message { get; }

    /// <summary>The first question's name of <see cref="Message"/>, read once; valid only during the call that received the transaction.</summary>
    public QuestionName QuestionName { get; }

    /// <summary>The client side: the source of a query, the destination of a response.</summary>
    public PacketAddress Client => Message.IsResponse ? Destination : Source;

    /// <summary>The server side: the destination of a query, the source of a response.</summary>
    public PacketAddress Server => Message.IsResponse ? Source : Destination;
}
