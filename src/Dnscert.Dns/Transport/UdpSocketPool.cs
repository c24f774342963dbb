using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Dnscert.Dns.Transport;

/// <summary>
/// Connected UDP sockets kept per server address between exchanges, so bulk monitoring does not pay a socket, a bind
/// and a connect per query (a third of its CPU time when measured). Only a socket whose last exchange ended with a
/// whole answer comes back, so no late answer to a timed-out query can reach the next one; a socket with anything
/// waiting to be read is closed instead of reused; and each socket serves <see cref="MaxUses"/> exchanges at most, so
/// source ports keep changing (an off-path spoofer must guess the port as well as the ID).
/// </summary>
internal sealed class UdpSocketPool(int idlePerServer) : IDisposable
{
    /// <summary>Exchanges one socket (one source port) serves before it is closed.</summary>
    public const int MaxUses = 64;

    private readonly ConcurrentDictionary<IPEndPoint, ConcurrentQueue<Entry>> _idle = new();
    private int _disposed;

    /// <summary>A connected socket to <paramref name="server"/> with nothing pending, or null when none is idle.</summary>
    public Entry? Rent(IPEndPoint server)
    {
        if (!_idle.TryGetValue(server, out var queue))
        {
            return null;
        }

        while (queue.TryDequeue(out var entry))
        {
            if (IsQuiet(entry.Socket))
            {
                return entry;
            }

            entry.Socket.Dispose();
        }

        return null;
    }

    /// <summary>Keeps a socket whose exchange ended with a whole answer, or closes it when the pool is full or it is worn out.</summary>
    public void Return(IPEndPoint server, Entry entry)
    {
        var queue = _idle.GetOrAdd(server, _ => new ConcurrentQueue<Entry>());
        if (Volatile.Read(ref _disposed) != 0 || entry.Uses >= MaxUses || queue.Count >= idlePerServer)
        {
            entry.Socket.Dispose();
            return;
        }

        queue.Enqueue(entry);
        if (Volatile.Read(ref _disposed) != 0 && queue.TryDequeue(out var late))
        {
            late.Socket.Dispose();
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        foreach (var queue in _idle.Values)
        {
            while (queue.TryDequeue(out var entry))
            {
                entry.Socket.Dispose();
            }
        }
    }

    // A datagram waiting on an idle socket is a second answer nobody asked for: the socket is not reused for it.
    private static bool IsQuiet(Socket socket)
    {
        try
        {
            return socket.Available == 0;
        }
        catch (SocketException)
        {
            return false;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>A pooled socket and how many exchanges it has served.</summary>
    internal sealed class Entry(Socket socket)
    {
        public Socket Socket { get; } = socket;

        public int Uses { get; set; }
    }
}
