namespace Dnscert.Dns.Transport;

/// <summary>The four ways a multiplexed UDP exchange ends (<see cref="UdpReply"/>).</summary>
internal enum UdpReplyKind
{
    Datagram,
    TimedOut,
    Error,
    Cancelled,
}
