using System.Net;
using System.Net.Sockets;

namespace Dnscert.Lab.Scenarios;

/// <summary>
/// The lab's address plan. Every server listens on its own address in 127.53.0.0/16, so traffic can
/// never leave the machine; 127.53.0.0/24 is the lab hierarchy (root and <c>test.</c>). When a latency
/// relay or a fault proxy sits in front of a server, the real server moves to the same host part in
/// 127.54.0.0/16.
/// </summary>
public static class LabAddresses
{
    public const int DnsPort = 53;

    public static readonly IPAddress RootA = IPAddress.Parse("127.53.0.1");
    public static readonly IPAddress RootB = IPAddress.Parse("127.53.0.2");
    public static readonly IPAddress TldA = IPAddress.Parse("127.53.0.3");
    public static readonly IPAddress TldB = IPAddress.Parse("127.53.0.4");

    /// <summary>True for an address a scenario may give a server: 127.53.1.0 to 127.53.255.254.</summary>
    public static bool IsScenarioServerAddress(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily != AddressFamily.InterNetwork)
        {
            return false;
        }

        var b = address.GetAddressBytes();
        return b[0] == 127 && b[1] == 53 && b[2] != 0 && b[3] is not 0 and not 255;
    }

    /// <summary>True for an address that may appear in lab data at all (A/AAAA, glue): loopback only.</summary>
    public static bool IsLoopback(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return IPAddress.IsLoopback(address);
    }

    /// <summary>The hidden address a real server binds to when something sits in front of it.</summary>
    public static IPAddress Backend(IPAddress publicAddress)
    {
        ArgumentNullException.ThrowIfNull(publicAddress);
        var b = publicAddress.GetAddressBytes();
        return new IPAddress([127, 54, b[2], b[3]]);
    }
}
