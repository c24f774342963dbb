namespace Dnscert.Traffic.Decode;

/// <summary>The pcap/pcapng link-layer header types the decoder understands (tcpdump.org link-layer header types).</summary>
public static class LinkType
{
    /// <summary>BSD loopback: a 4-byte address family in the writer's byte order.</summary>
    public const int Null = 0;

    public const int Ethernet = 1;

    /// <summary>Raw IP, as DLT_RAW on most systems.</summary>
    public const int Raw = 101;

    /// <summary>DLT_RAW on some BSDs.</summary>
    public const int RawBsd12 = 12;

    /// <summary>DLT_RAW on OpenBSD.</summary>
    public const int RawBsd14 = 14;

    /// <summary>OpenBSD loopback: a 4-byte address family in network byte order.</summary>
    public const int Loop = 108;

    /// <summary>Linux cooked capture v1 (16-byte header).</summary>
    public const int LinuxSll = 113;

    public const int IPv4 = 228;

    public const int IPv6 = 229;

    /// <summary>Linux cooked capture v2 (20-byte header).</summary>
    public const int LinuxSll2 = 276;
}
