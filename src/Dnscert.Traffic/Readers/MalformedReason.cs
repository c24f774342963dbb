namespace Dnscert.Traffic.Readers;

/// <summary>Why a record, packet or message was not turned into a DNS transaction. Stable names: they appear in output.</summary>
public enum MalformedReason
{
    /// <summary>The file ends in the middle of a record (a capture cut short, e.g. tcpdump killed).</summary>
    TruncatedRecord = 0,

    /// <summary>A packet record larger than the configured maximum packet length, skipped.</summary>
    OversizedPacket,

    /// <summary>A pcapng packet names an interface no description block declared.</summary>
    UnknownInterface,

    /// <summary>A link type the decoder does not know.</summary>
    UnsupportedLinkType,

    /// <summary>The frame is shorter than its link-layer header.</summary>
    LinkHeaderTruncated,

    /// <summary>IP header too short, wrong version, header length or total length inconsistent.</summary>
    IpHeaderInvalid,

    /// <summary>The snap length cut the packet before the end of the IP packet.</summary>
    SnapLengthCut,

    /// <summary>An IPv6 extension header chain that is cut short, too long, or a jumbogram.</summary>
    IPv6ExtensionHeaders,

    /// <summary>Fragments of one datagram overlap (RFC 5722: the datagram is dropped).</summary>
    FragmentOverlap,

    /// <summary>A datagram whose fragments did not all arrive within the reassembly timeout (capture time).</summary>
    FragmentTimeout,

    /// <summary>Too many datagrams in reassembly at once; the new fragment was dropped.</summary>
    FragmentLimit,

    /// <summary>Fragments that would make a datagram over 65535 bytes or inconsistent with the last fragment.</summary>
    FragmentInvalid,

    /// <summary>UDP header too short or its length field inconsistent with the IP payload.</summary>
    UdpHeaderInvalid,

    /// <summary>TCP header too short or its data offset invalid.</summary>
    TcpHeaderInvalid,

    /// <summary>Missing TCP segments: the stream skipped the gap and resynchronised at the next segment.</summary>
    TcpGap,

    /// <summary>Too many TCP flows at once; segments of the new flow were dropped.</summary>
    TcpFlowLimit,

    /// <summary>A TCP stream that closed or timed out in the middle of a length-prefixed message.</summary>
    TcpTruncatedMessage,

    /// <summary>A DNS payload the wire parser rejected (too short, bad counts, bad names, bad RDATA lengths).</summary>
    DnsMessageInvalid,

    /// <summary>A dnstap frame whose protobuf payload does not decode (bad varint, field overrunning its message).</summary>
    DnstapPayloadInvalid,
}
