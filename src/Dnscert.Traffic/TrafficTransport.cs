namespace Dnscert.Traffic;

/// <summary>How a DNS message travelled (from the IP protocol of a capture, or from dnstap's socket protocol).</summary>
public enum TrafficTransport
{
    Udp = 0,
    Tcp = 1,
    Tls = 2,
    Https = 3,
    Quic = 4,
}
