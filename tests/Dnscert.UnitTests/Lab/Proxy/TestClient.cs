using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Dnscert.UnitTests.Lab.Proxy;

/// <summary>Raw loopback DNS client for the proxy tests: no retries, no validation, just bytes.</summary>
internal static class TestClient
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The first datagram back, or null when none arrives within <paramref name="timeout"/>.</summary>
    public static async Task<byte[]?> UdpAsync(IPEndPoint server, byte[] query, TimeSpan? timeout = null)
    {
        using var socket = new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        await socket.ConnectAsync(server, TestContext.Current.CancellationToken);
        await socket.SendAsync(query, SocketFlags.None, TestContext.Current.CancellationToken);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(timeout ?? DefaultTimeout);
        var buffer = new byte[65535];
        try
        {
            var length = await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
            return buffer.AsSpan(0, length).ToArray();
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    public static async Task<Socket> ConnectTcpAsync(IPEndPoint server)
    {
        var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(server, TestContext.Current.CancellationToken);
        return socket;
    }

    public static async Task SendFrameAsync(Socket socket, byte[] message)
    {
        var framed = new byte[message.Length + 2];
        BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)message.Length);
        message.CopyTo(framed, 2);
        await socket.SendAsync(framed, SocketFlags.None, TestContext.Current.CancellationToken);
    }

    /// <summary>One framed message, or null at end of stream.</summary>
    public static async Task<byte[]?> ReadFrameAsync(Socket socket, CancellationToken ct)
    {
        var prefix = new byte[2];
        if (!await ReadExactAsync(socket, prefix, ct))
        {
            return null;
        }

        var message = new byte[BinaryPrimitives.ReadUInt16BigEndian(prefix)];
        return await ReadExactAsync(socket, message, ct) ? message : null;
    }

    /// <summary>One framed answer over a fresh connection, or null on timeout or close.</summary>
    public static async Task<byte[]?> TcpAsync(IPEndPoint server, byte[] query, TimeSpan? timeout = null)
    {
        using var socket = await ConnectTcpAsync(server);
        await SendFrameAsync(socket, query);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(timeout ?? DefaultTimeout);
        try
        {
            return await ReadFrameAsync(socket, cts.Token);
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            return null;
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionReset)
        {
            return null;
        }
    }

    public static async Task<bool> ReadExactAsync(Socket socket, byte[] buffer, CancellationToken ct)
    {
        var filled = 0;
        while (filled < buffer.Length)
        {
            var read = await socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, ct);
            if (read == 0)
            {
                return false;
            }

            filled += read;
        }

        return true;
    }
}
