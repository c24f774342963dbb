using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using Dnscert.Dns.Wire;
using Dnscert.Dns;
using Dnscert.Traffic.Readers;

namespace Dnscert.Traffic.Decode;

/// <summary>
/// Turns link-layer frames into DNS transactions: link header (Ethernet with 802.1Q/802.1ad tags, Linux SLL and
/// SLL2, raw IP, BSD NULL/LOOP), IPv4 and IPv6 (extension headers, fragment reassembly), UDP and TCP (stream
/// reassembly) on the configured ports, then the DNS wire parser into one reused <see cref="DnsMessage"/>.
/// Everything it cannot decode is counted in <see cref="TrafficReadCounts.Malformed"/>; it never throws on input.
/// </summary>
public sealed class PacketDecoder
{
    private const byte ProtocolTcp = 6;
    private const byte ProtocolUdp = 17;
    private const int MaxVlanTags = 4;
    private const int MaxIPv6ExtensionHeaders = 8;

    private readonly TrafficReaderOptions _options;
    private readonly TrafficReadCounts _counts;
    private readonly MalformedCounts _malformed;
    private readonly DnsTransactionHandler _handler;
    private readonly bool[] _ports = new bool[65536];
    private readonly IpFragmentReassembler _fragments;
    private readonly TcpStreamReassembler _tcp;
    private readonly DnsMessage _message = new();
    private readonly QuestionName _question = new();
    // The frame's time as its two parts: copying the whole 16-byte DateTimeOffset that the reader had just written field
    // by field made the CPU wait for those stores (a failed store-to-load forward): about 3 % of `traffic analyze`'s
    // samples landed on that one copy (docs/benchmarks.md, eighth session).
    private long _utcTicks;
    private TimeSpan _offset;

    public PacketDecoder(TrafficReaderOptions options, TrafficReadCounts counts, DnsTransactionHandler handler)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(handler);
        _options = options;
        _counts = counts;
        _malformed = counts.Malformed;
        _handler = handler;
        foreach (var port in options.Ports)
        {
            if (port is < 0 or > 65535)
            {
                throw new ArgumentOutOfRangeException(nameof(options), port, "Ports are 0..65535.");
            }

            _ports[port] = true;
        }

        _fragments = new IpFragmentReassembler(options.MaxFragmentDatagrams, options.FragmentTimeout, _malformed);
        _tcp = new TcpStreamReassembler(options, _malformed, OnTcpMessage);
    }

    /// <summary>Decodes one frame; DNS messages in it (or completed by it) go to the handler before this returns.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Decode(in CapturedFrame frame)
    {
        _counts.Frames++;
        _counts.Bytes += frame.Data.Length;
        _utcTicks = frame.Timestamp.UtcTicks;
        _offset = frame.Timestamp.Offset;
        var data = frame.Data;
        var span = data.Span;
        int ipAt;
        switch (frame.LinkType)
        {
            case LinkType.Ethernet:
                {
                    if (span.Length < 14)
                    {
                        _malformed.Add(MalformedReason.LinkHeaderTruncated);
                        return;
                    }

                    var at = 12;
                    var etherType = BinaryPrimitives.ReadUInt16BigEndian(span[at..]);
                    var tags = 0;
                    while (etherType is 0x8100 or 0x88A8 or 0x9100)
                    {
                        at += 4;
                        if (++tags > MaxVlanTags || span.Length < at + 2)
                        {
                            _malformed.Add(MalformedReason.LinkHeaderTruncated);
                            return;
                        }

                        etherType = BinaryPrimitives.ReadUInt16BigEndian(span[at..]);
                    }

                    if (etherType is not (0x0800 or 0x86DD))
                    {
                        _counts.NonIp++;
                        return;
                    }

                    ipAt = at + 2;
                    break;
                }

            case LinkType.LinuxSll:
                if (span.Length < 16)
                {
                    _malformed.Add(MalformedReason.LinkHeaderTruncated);
                    return;
                }

                if (BinaryPrimitives.ReadUInt16BigEndian(span[14..]) is not (0x0800 or 0x86DD))
                {
                    _counts.NonIp++;
                    return;
                }

                ipAt = 16;
                break;
            case LinkType.LinuxSll2:
                if (span.Length < 20)
                {
                    _malformed.Add(MalformedReason.LinkHeaderTruncated);
                    return;
                }

                if (BinaryPrimitives.ReadUInt16BigEndian(span) is not (0x0800 or 0x86DD))
                {
                    _counts.NonIp++;
                    return;
                }

                ipAt = 20;
                break;
            case LinkType.Null or LinkType.Loop:
                {
                    if (span.Length < 4)
                    {
                        _malformed.Add(MalformedReason.LinkHeaderTruncated);
                        return;
                    }

                    // NULL is in the capturing host's byte order, LOOP in network order; the family is small, so
                    // whichever reading is below 256 is the right one.
                    var family = BinaryPrimitives.ReadUInt32LittleEndian(span);
                    if (family > 0xFF)
                    {
                        family = BinaryPrimitives.ReadUInt32BigEndian(span);
                    }

                    if (family is not (2 or 24 or 28 or 30))
                    {
                        _counts.NonIp++;
                        return;
                    }

                    ipAt = 4;
                    break;
                }

            case LinkType.Raw or LinkType.RawBsd12 or LinkType.RawBsd14 or LinkType.IPv4 or LinkType.IPv6:
                ipAt = 0;
                break;
            default:
                _malformed.Add(MalformedReason.UnsupportedLinkType);
                return;
        }

        DecodeIp(data[ipAt..], span[ipAt..], frame.IsCut);
    }

    /// <summary>Ends the input: incomplete datagrams and TCP streams are counted.</summary>
    public void Finish()
    {
        _fragments.Finish();
        _tcp.Finish();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void DecodeIp(ReadOnlyMemory<byte> packet, ReadOnlySpan<byte> span, bool cut)
    {
        if (span.Length < 1)
        {
            _malformed.Add(cut ? MalformedReason.SnapLengthCut : MalformedReason.IpHeaderInvalid);
            return;
        }

        var version = span[0] >> 4;
        if (version == 4)
        {
            DecodeIPv4(packet, span, cut);
        }
        else if (version == 6)
        {
            DecodeIPv6(packet, span, cut);
        }
        else
        {
            _malformed.Add(MalformedReason.IpHeaderInvalid);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void DecodeIPv4(ReadOnlyMemory<byte> packet, ReadOnlySpan<byte> span, bool cut)
    {
        if (span.Length < 20)
        {
            _malformed.Add(cut ? MalformedReason.SnapLengthCut : MalformedReason.IpHeaderInvalid);
            return;
        }

        var headerLength = (span[0] & 0xF) * 4;
        var totalLength = BinaryPrimitives.ReadUInt16BigEndian(span[2..]);
        if (headerLength < 20 || totalLength < headerLength)
        {
            _malformed.Add(MalformedReason.IpHeaderInvalid);
            return;
        }

        if (span.Length < totalLength)
        {
            _malformed.Add(cut ? MalformedReason.SnapLengthCut : MalformedReason.IpHeaderInvalid);
            return;
        }

        var source = PacketAddress.FromIPv4(span.Slice(12, 4));
        var destination = PacketAddress.FromIPv4(span.Slice(16, 4));
        var protocol = span[9];
        var flagsAndOffset = BinaryPrimitives.ReadUInt16BigEndian(span[6..]);
        var payload = packet[headerLength..totalLength];
        var payloadSpan = span[headerLength..totalLength];
        if ((flagsAndOffset & 0x3FFF) != 0)
        {
            _counts.Fragments++;
            var key = new FragmentKey(source, destination, BinaryPrimitives.ReadUInt16BigEndian(span[4..]), protocol);
            if (!_fragments.Add(key, (flagsAndOffset & 0x1FFF) * 8, (flagsAndOffset & 0x2000) != 0, payloadSpan, _utcTicks, out payload))
            {
                return;
            }

            _counts.Reassembled++;
            payloadSpan = payload.Span;
        }

        DecodeTransport(protocol, source, destination, payload, payloadSpan, cut);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void DecodeIPv6(ReadOnlyMemory<byte> packet, ReadOnlySpan<byte> span, bool cut)
    {
        if (span.Length < 40)
        {
            _malformed.Add(cut ? MalformedReason.SnapLengthCut : MalformedReason.IpHeaderInvalid);
            return;
        }

        var payloadLength = BinaryPrimitives.ReadUInt16BigEndian(span[4..]);
        if (payloadLength == 0)
        {
            // Zero means a jumbogram (RFC 2675), which needs a hop-by-hop option and never carries DNS.
            _malformed.Add(MalformedReason.IPv6ExtensionHeaders);
            return;
        }

        if (span.Length < 40 + payloadLength)
        {
            _malformed.Add(cut ? MalformedReason.SnapLengthCut : MalformedReason.IpHeaderInvalid);
            return;
        }

        var source = PacketAddress.FromIPv6(span.Slice(8, 16));
        var destination = PacketAddress.FromIPv6(span.Slice(24, 16));
        var next = span[6];
        var at = 40;
        var end = 40 + payloadLength;
        for (var count = 0; ; count++)
        {
            if (count > MaxIPv6ExtensionHeaders)
            {
                _malformed.Add(MalformedReason.IPv6ExtensionHeaders);
                return;
            }

            if (next is 0 or 43 or 60 or 51)
            {
                if (end - at < 8)
                {
                    _malformed.Add(MalformedReason.IPv6ExtensionHeaders);
                    return;
                }

                var length = next == 51 ? (span[at + 1] + 2) * 4 : (span[at + 1] + 1) * 8;
                if (end - at < length)
                {
                    _malformed.Add(MalformedReason.IPv6ExtensionHeaders);
                    return;
                }

                next = span[at];
                at += length;
                continue;
            }

            if (next == 44)
            {
                if (end - at < 8)
                {
                    _malformed.Add(MalformedReason.IPv6ExtensionHeaders);
                    return;
                }

                _counts.Fragments++;
                var protocol = span[at];
                var offsetWord = BinaryPrimitives.ReadUInt16BigEndian(span[(at + 2)..]);
                var key = new FragmentKey(source, destination, BinaryPrimitives.ReadUInt32BigEndian(span[(at + 4)..]), protocol);
                if (!_fragments.Add(key, offsetWord & 0xFFF8, (offsetWord & 1) != 0, span[(at + 8)..end], _utcTicks, out var whole))
                {
                    return;
                }

                _counts.Reassembled++;
                DecodeTransport(protocol, source, destination, whole, whole.Span, cut);
                return;
            }

            DecodeTransport(next, source, destination, packet[at..end], span[at..end], cut);
            return;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void DecodeTransport(byte protocol, PacketAddress source, PacketAddress destination, ReadOnlyMemory<byte> segment, ReadOnlySpan<byte> span, bool cut)
    {
        // The span of segment, taken once by the caller: ReadOnlyMemory.Span checks the kind of its backing object each time.
        if (protocol == ProtocolUdp)
        {
            if (span.Length < 8)
            {
                _malformed.Add(MalformedReason.UdpHeaderInvalid);
                return;
            }

            var sourcePort = BinaryPrimitives.ReadUInt16BigEndian(span);
            var destinationPort = BinaryPrimitives.ReadUInt16BigEndian(span[2..]);
            if (!_ports[sourcePort] && !_ports[destinationPort])
            {
                _counts.OtherPorts++;
                return;
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(span[4..]);
            if (length < 8 || length > span.Length)
            {
                _malformed.Add(MalformedReason.UdpHeaderInvalid);
                return;
            }

            Parse(source, sourcePort, destination, destinationPort, TrafficTransport.Udp, segment[8..length]);
            return;
        }

        if (protocol == ProtocolTcp)
        {
            if (span.Length < 20)
            {
                _malformed.Add(MalformedReason.TcpHeaderInvalid);
                return;
            }

            var sourcePort = BinaryPrimitives.ReadUInt16BigEndian(span);
            var destinationPort = BinaryPrimitives.ReadUInt16BigEndian(span[2..]);
            if (!_ports[sourcePort] && !_ports[destinationPort])
            {
                _counts.OtherPorts++;
                return;
            }

            var dataOffset = (span[12] >> 4) * 4;
            if (dataOffset < 20 || dataOffset > span.Length)
            {
                _malformed.Add(MalformedReason.TcpHeaderInvalid);
                return;
            }

            var key = new TcpFlowKey(source, sourcePort, destination, destinationPort);
            _tcp.Segment(key, BinaryPrimitives.ReadUInt32BigEndian(span[4..]), span[13], segment[dataOffset..], _utcTicks);
            return;
        }

        _ = cut;
        _counts.OtherProtocols++;
    }

    private void OnTcpMessage(in TcpFlowKey flow, long ticks, ReadOnlyMemory<byte> message) =>
        Parse(flow.Source, flow.SourcePort, flow.Destination, flow.DestinationPort, TrafficTransport.Tcp, message);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Parse(PacketAddress source, ushort sourcePort, PacketAddress destination, ushort destinationPort, TrafficTransport transport, ReadOnlyMemory<byte> payload)
    {
        try
        {
            _message.Load(payload, _options.ParseLimits);
        }
        catch (DnsFormatException)
        {
            _malformed.Add(MalformedReason.DnsMessageInvalid);
            return;
        }

        _counts.Messages++;
        _question.Load(_message);
        var timestamp = new DateTimeOffset(_utcTicks + _offset.Ticks, _offset);
        var transaction = new DnsTransaction(timestamp, source, sourcePort, destination, destinationPort, transport, _message, _question);
        _handler(transaction);
    }
}
