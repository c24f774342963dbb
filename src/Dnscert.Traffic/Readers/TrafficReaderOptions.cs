using Dnscert.Dns;

namespace Dnscert.Traffic.Readers;

/// <summary>Limits and choices for reading captures; every buffer the reader keeps is bounded by one of these.</summary>
public sealed record TrafficReaderOptions
{
    public static TrafficReaderOptions Default { get; } = new();

    /// <summary>UDP and TCP ports whose traffic is DNS (either side of the packet).</summary>
    public IReadOnlyList<int> Ports { get; init; } = [53];

    /// <summary>Largest captured packet accepted; larger records are skipped (pcapng) or stop the file (pcap).</summary>
    public int MaxPacketLength { get; init; } = 262144;

    /// <summary>IP datagrams under reassembly at once (each holds up to 64 KiB).</summary>
    public int MaxFragmentDatagrams { get; init; } = 1024;

    /// <summary>How long, in capture time, the fragments of one datagram may take to arrive (Linux default: 30 s).</summary>
    public TimeSpan FragmentTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>TCP flow directions followed at once.</summary>
    public int MaxTcpFlows { get; init; } = 65536;

    /// <summary>Segments that arrived ahead of a hole, kept per flow while waiting for the hole to fill.</summary>
    public int MaxOutOfOrderSegments { get; init; } = 32;

    /// <summary>Bytes of those segments kept per flow.</summary>
    public int MaxOutOfOrderBytes { get; init; } = 256 * 1024;

    /// <summary>A TCP flow idle this long (capture time) is closed.</summary>
    public TimeSpan TcpFlowTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Limits for the DNS message parser.</summary>
    public ParseLimits ParseLimits { get; init; } = ParseLimits.Default;
}
