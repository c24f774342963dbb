using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Dnscert.Lab.Runtime;

/// <summary>
/// Asks a freshly started server for a SOA over UDP until any answer with the query's id comes back.
/// Only readiness is judged here, not content: the full codec in Dnscert.Dns does the real queries.
/// </summary>
public static class ReadinessProbe
{
    public static async Task<bool> WaitAsync(IPAddress address, string zone, TimeSpan limit, TimeProvider time, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(time);
        var deadline = time.GetUtcNow() + limit;
        var query = BuildSoaQuery(zone, 0x4c41);
        var buffer = new byte[4096];
        while (time.GetUtcNow() < deadline)
        {
            using var socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, 53), ct).ConfigureAwait(false);
                await socket.SendAsync(query, SocketFlags.None, ct).ConfigureAwait(false);
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
                wait.CancelAfter(TimeSpan.FromMilliseconds(300));
                var n = await socket.ReceiveAsync(buffer, SocketFlags.None, wait.Token).ConfigureAwait(false);
                if (n >= 12 && buffer[0] == query[0] && buffer[1] == query[1])
                {
                    return true;
                }
            }
            catch (SocketException)
            {
                // Port unreachable while the server is still starting: try again.
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                // No answer within 300 ms: try again.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), time, ct).ConfigureAwait(false);
        }

        return false;
    }

    internal static byte[] BuildSoaQuery(string zone, ushort id)
    {
        var name = new List<byte>();
        foreach (var label in zone.TrimEnd('.').Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var bytes = Encoding.ASCII.GetBytes(label);
            name.Add((byte)bytes.Length);
            name.AddRange(bytes);
        }

        name.Add(0);
        var q = new byte[12 + name.Count + 4];
        BinaryPrimitives.WriteUInt16BigEndian(q, id);
        q[5] = 1; // QDCOUNT = 1, RD = 0
        name.CopyTo(q, 12);
        BinaryPrimitives.WriteUInt16BigEndian(q.AsSpan(12 + name.Count), 6); // SOA
        BinaryPrimitives.WriteUInt16BigEndian(q.AsSpan(14 + name.Count), 1); // IN
        return q;
    }
}
