using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Dnscert.Dns;

/// <summary>The reverse-mapping name of an address: in-addr.arpa (RFC 1035 §3.5) or nibble-wise ip6.arpa (RFC 3596 §2.5).</summary>
public static class ReverseName
{
    public static DomainName Of(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var bytes = address.GetAddressBytes();
        var text = new StringBuilder(address.AddressFamily == AddressFamily.InterNetworkV6 ? 72 : 29);
        for (var i = bytes.Length - 1; i >= 0; i--)
        {
            if (address.AddressFamily == AddressFamily.InterNetworkV6)
            {
                text.Append(CultureInfo.InvariantCulture, $"{bytes[i] & 0xF:x}.{bytes[i] >> 4:x}.");
            }
            else
            {
                text.Append(CultureInfo.InvariantCulture, $"{bytes[i]}.");
            }
        }

        text.Append(address.AddressFamily == AddressFamily.InterNetworkV6 ? "ip6.arpa." : "in-addr.arpa.");
        return DomainName.Parse(text.ToString());
    }
}
