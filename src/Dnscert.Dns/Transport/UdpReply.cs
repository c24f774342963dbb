using System.Net.Sockets;

namespace Dnscert.Dns.Transport;

/// <summary>
/// How a multiplexed UDP exchange ended, before classification: a datagram (the answer's bytes), the deadline, an ICMP
/// error from the kernel's error queue, or the caller's cancellation. A value, so completing an exchange allocates
/// nothing beyond the answer.
/// </summary>
internal readonly record struct UdpReply(UdpReplyKind Kind, byte[]? Datagram, SocketError Error)
{
    public static UdpReply TimedOut => new(UdpReplyKind.TimedOut, null, SocketError.TimedOut);

    public static UdpReply Cancelled => new(UdpReplyKind.Cancelled, null, SocketError.OperationAborted);

    public static UdpReply Answer(byte[] datagram) => new(UdpReplyKind.Datagram, datagram, SocketError.Success);

    public static UdpReply Failed(SocketError error) => new(UdpReplyKind.Error, null, error);
}
