using System.Net;
using Dnscert.Dns;
using Dnscert.Dns.Transport;
using Dnscert.Dns.Wire;

namespace Dnscert.Lab.Runtime;

/// <summary>
/// Asks a freshly started server for a SOA over UDP, with dnscert's own transport, until any well-formed
/// answer comes back. Only readiness is judged here, not content.
/// </summary>
public static class ReadinessProbe
{
    public static async Task<bool> WaitAsync(IPAddress address, string zone, TimeSpan limit, TimeProvider time, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(time);
        var transport = new DnsClientTransport(time);
        var query = new DnsQuery(DomainName.Parse(zone), RRType.SOA);
        var server = new IPEndPoint(address, 53);
        var deadline = time.GetUtcNow() + limit;
        while (time.GetUtcNow() < deadline)
        {
            // Refused connections and time-outs are outcomes, not exceptions: the server is still starting.
            if (await transport.ExchangeAsync(query, server, DnsTransportProtocol.Udp, TimeSpan.FromMilliseconds(300), ct).ConfigureAwait(false) is ExchangeAnswered)
            {
                return true;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), time, ct).ConfigureAwait(false);
        }

        return false;
    }
}
