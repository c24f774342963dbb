using System.Net;
using System.Net.Sockets;

namespace Dnscert.Dns.Transport;

/// <summary>
/// How a multiplexed UDP exchange ended, before classification: a datagram (the answer's bytes), the deadline, an ICMP
/// error from the kernel's error queue, or the caller's cancellation. A value, so completing an exchange allocates
/// nothing beyond the answer. <see cref="Received"/> is the <see cref="TimeProvider"/> timestamp taken when the receive
/// returned, so the round-trip time does not include the time the exchange's continuation waited for a thread.
/// <see cref="From"/> is set only when an any-source exchange's answer came from another address than the one asked.
/// </summary>
internal readonly record struct UdpReply(UdpReplyKind Kind, byte[]? Datagram, SocketError Error, long Received = 0, IPEndPoint? From = null)
{
    public static UdpReply TimedOut => new(UdpReplyKind.TimedOut, null, SocketError.TimedOut);

    public static UdpReply Cancelled => new(UdpReplyKind.Cancelled, null, SocketError.OperationAborted);

    public static UdpReply Answer(byte[] datagram, long received) => new(UdpReplyKind.Datagram, datagram, SocketError.Success, received);

    public static UdpReply Failed(SocketError error) => new(UdpReplyKind.Error, null, error);
}
