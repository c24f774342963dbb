using Dnscert.Dns.Wire;

namespace Dnscert.Traffic.Dnstap;

/// <summary>
/// Turns dnstap payloads into <see cref="DnsTransaction"/>s. A *_QUERY message travels from query_address to
/// response_address at query_time; a *_RESPONSE the other way at response_time. Payloads that are not
/// messages, lack the DNS message of their type or a time, or carry an unparsable DNS message are counted
/// and skipped; a malformed protobuf raises <see cref="DnstapFormatException"/>. One instance per stream: it reuses
/// its buffers, so it is not for concurrent use.
/// </summary>
public sealed class DnstapTransactionDecoder
{
    private readonly DnstapMessage _dnstap = new();
    private readonly DnsMessage _message = new();
    private readonly QuestionName _question = new();

    public long Decoded { get; private set; }

    /// <summary>Payloads skipped: no Message, no DNS message for the type, no time.</summary>
    public long Skipped { get; private set; }

    /// <summary>DNS messages inside dnstap that did not parse.</summary>
    public long MalformedDns { get; private set; }

    /// <summary>The last decoded dnstap message (for identity and type).</summary>
    public DnstapMessage Last => _dnstap;

    /// <summary>Decodes <paramref name="payload"/>; the transaction's message is reused by the next call.</summary>
    public bool TryDecode(ReadOnlyMemory<byte> payload, out DnsTransaction transaction)
    {
        transaction = default;
        if (!DnstapCodec.TryDecode(payload, _dnstap))
        {
            Skipped++;
            return false;
        }

        var response = _dnstap.IsResponse;
        var wire = response ? _dnstap.ResponseMessage : _dnstap.QueryMessage;
        var time = response ? _dnstap.ResponseTime ?? _dnstap.QueryTime : _dnstap.QueryTime ?? _dnstap.ResponseTime;
        if (wire.IsEmpty || time is null)
        {
            Skipped++;
            return false;
        }

        try
        {
            _message.Load(wire);
        }
        catch (Dnscert.Dns.DnsFormatException)
        {
            MalformedDns++;
            return false;
        }

        _question.Load(_message);
        var queryAddress = ToAddress(_dnstap.QueryAddress);
        var responseAddress = ToAddress(_dnstap.ResponseAddress);
        var queryPort = (ushort)_dnstap.QueryPort;
        var responsePort = (ushort)_dnstap.ResponsePort;
        var transport = _dnstap.SocketProtocol switch
        {
            2 or 6 => TrafficTransport.Tcp,
            3 => TrafficTransport.Tls,
            4 => TrafficTransport.Https,
            7 => TrafficTransport.Quic,
            _ => TrafficTransport.Udp,
        };
        transaction = response
            ? new DnsTransaction(time.Value, responseAddress, responsePort, queryAddress, queryPort, transport, _message, _question)
            : new DnsTransaction(time.Value, queryAddress, queryPort, responseAddress, responsePort, transport, _message, _question);
        Decoded++;
        return true;
    }

    private static PacketAddress ToAddress(ReadOnlyMemory<byte> bytes) => bytes.Length switch
    {
        4 => PacketAddress.FromIPv4(bytes.Span),
        16 => PacketAddress.FromIPv6(bytes.Span),
        _ => default,
    };
}
