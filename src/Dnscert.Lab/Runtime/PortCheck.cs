using System.Net;
using System.Net.Sockets;

namespace Dnscert.Lab.Runtime;

/// <summary>
/// Finds lab addresses whose port 53 is already taken (usually another lab, or a system name server on
/// 0.0.0.0), so that <c>lab up</c> fails at once with the reason instead of waiting for every server to time out.
/// </summary>
public static class PortCheck
{
    public static IReadOnlyList<IPAddress> Busy(IEnumerable<IPAddress> addresses)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        var busy = new List<IPAddress>();
        foreach (var address in addresses.Distinct())
        {
            using var socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            try
            {
                socket.Bind(new IPEndPoint(address, 53));
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse)
            {
                busy.Add(address);
            }
            catch (SocketException)
            {
                // Not bindable yet (a BIND address before it is added to lo): the server reports its own error.
            }
        }

        return busy;
    }
}
