using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Dnscert.Dns.Wire;

namespace Dnscert.UnitTests.Dns.Transport;

/// <summary>
/// A tiny DNS responder on 127.0.0.1 for transport tests. The handler gets each query and returns the
/// response bytes, or null to stay silent. TCP modes cover the stalling and dripping servers.
/// </summary>
internal sealed class LoopbackResponder : IAsyncDisposable
{
    private readonly Socket _udp;
    private readonly TcpListener _tcp;
    private readonly Func<byte[], byte[]?> _handler;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = [];
    private readonly List<Socket> _accepted = [];

    public LoopbackResponder(Func<byte[], byte[]?> handler, TcpBehaviour tcpMode = TcpBehaviour.Answer, IPAddress? address = null)
    {
        address ??= IPAddress.Loopback;
        _handler = handler;
        _udp = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        _udp.Bind(new IPEndPoint(address, 0));
        var port = ((IPEndPoint)_udp.LocalEndPoint!).Port;
        _tcp = new TcpListener(address, 0);
        _tcp.Start();
        TcpMode = tcpMode;
        UdpEndPoint = new IPEndPoint(address, port);
        TcpEndPoint = (IPEndPoint)_tcp.LocalEndpoint;
        _loops.Add(Task.Run(UdpLoopAsync));
        _loops.Add(Task.Run(TcpLoopAsync));
    }

    public delegate void AddRecords(ref DnsMessageWriter writer);

    public TcpBehaviour TcpMode { get; }

    public IPEndPoint UdpEndPoint { get; }

    public IPEndPoint TcpEndPoint { get; }

    private int _queriesSeen;

    public int QueriesSeen => Volatile.Read(ref _queriesSeen);

    /// <summary>A response echoing ID and question, with the given changes.</summary>
    public static byte[] Respond(byte[] query, AddRecords? addAnswers = null, ushort? id = null, DnsHeaderBits extra = DnsHeaderBits.None, string? otherName = null)
    {
        var parsed = DnsMessage.Parse(query);
        var buffer = new byte[DnsMessage.MaxLength];
        var writer = new DnsMessageWriter(buffer);
        writer.WriteHeader(id ?? parsed.Id, DnsHeaderBits.Response | DnsHeaderBits.Authoritative | extra);
        var question = parsed.Questions[0];
        writer.AddQuestion(otherName is null ? question.Name : Dnscert.Dns.DomainName.Parse(otherName), question.Type, question.Class);
        addAnswers?.Invoke(ref writer);
        return buffer.AsSpan(0, writer.Finish()).ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _udp.Dispose();
        _tcp.Stop();
        lock (_accepted)
        {
            foreach (var socket in _accepted)
            {
                socket.Dispose();
            }
        }

        try
        {
            await Task.WhenAll(_loops);
        }
        catch (OperationCanceledException)
        {
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private async Task UdpLoopAsync()
    {
        var buffer = new byte[65535];
        while (!_stop.IsCancellationRequested)
        {
            var result = await _udp.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(UdpEndPoint.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0), _stop.Token);
            Interlocked.Increment(ref _queriesSeen);
            var response = _handler(buffer.AsSpan(0, result.ReceivedBytes).ToArray());
            if (response is not null)
            {
                await _udp.SendToAsync(response, SocketFlags.None, result.RemoteEndPoint, _stop.Token);
            }
        }
    }

    private async Task TcpLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var socket = await _tcp.AcceptSocketAsync(_stop.Token);
            lock (_accepted)
            {
                _accepted.Add(socket);
            }

            _ = Task.Run(() => ServeTcpAsync(socket));
        }
    }

    private async Task ServeTcpAsync(Socket socket)
    {
        try
        {
            var prefix = new byte[2];
            await socket.ReceiveAsync(prefix, SocketFlags.None, _stop.Token);
            var query = new byte[BinaryPrimitives.ReadUInt16BigEndian(prefix)];
            var filled = 0;
            while (filled < query.Length)
            {
                filled += await socket.ReceiveAsync(query.AsMemory(filled), SocketFlags.None, _stop.Token);
            }

            Interlocked.Increment(ref _queriesSeen);
            if (TcpMode == TcpBehaviour.AcceptAndStall)
            {
                await Task.Delay(Timeout.Infinite, _stop.Token);
            }

            var response = _handler(query);
            if (response is null)
            {
                return;
            }

            var framed = new byte[response.Length + 2];
            BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)response.Length);
            response.CopyTo(framed, 2);
            switch (TcpMode)
            {
                case TcpBehaviour.Drip:
                    foreach (var b in framed)
                    {
                        await socket.SendAsync(new[] { b }, SocketFlags.None, _stop.Token);
                        await Task.Delay(100, _stop.Token);
                    }

                    break;
                case TcpBehaviour.CloseAfterPrefix:
                    await socket.SendAsync(framed.AsMemory(0, 2), SocketFlags.None, _stop.Token);
                    socket.Shutdown(SocketShutdown.Both);
                    break;
                default:
                    await socket.SendAsync(framed, SocketFlags.None, _stop.Token);
                    break;
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // The test ended or the client went away.
        }
    }
}
