using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Dnscert.UnitTests.Lab.Proxy;

/// <summary>A tiny loopback name server for the proxy tests: answers every query with <see cref="DnsTestMessages.BackendAnswer"/>.</summary>
internal sealed class TestBackend : IAsyncDisposable
{
    private readonly Socket _udp;
    private readonly Socket _tcp;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _udpLoop;
    private readonly Task _tcpLoop;
    private int _udpQueries;
    private int _tcpQueries;

    public TestBackend()
    {
        while (true)
        {
            _tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            _udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            _tcp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            try
            {
                _udp.Bind(new IPEndPoint(IPAddress.Loopback, ((IPEndPoint)_tcp.LocalEndPoint!).Port));
                break;
            }
            catch (SocketException)
            {
                _tcp.Dispose();
                _udp.Dispose();
            }
        }

        _tcp.Listen(64);
        Endpoint = (IPEndPoint)_udp.LocalEndPoint!;
        _udpLoop = Task.Run(UdpLoopAsync);
        _tcpLoop = Task.Run(TcpLoopAsync);
    }

    public IPEndPoint Endpoint { get; }

    public int UdpQueries => Volatile.Read(ref _udpQueries);

    public int TcpQueries => Volatile.Read(ref _tcpQueries);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _udp.Dispose();
        _tcp.Dispose();
        await Task.WhenAll(_udpLoop.ContinueWith(_ => { }, TaskScheduler.Default), _tcpLoop.ContinueWith(_ => { }, TaskScheduler.Default));
        _stop.Dispose();
    }

    private async Task UdpLoopAsync()
    {
        var buffer = new byte[65535];
        while (!_stop.IsCancellationRequested)
        {
            var received = await _udp.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), _stop.Token);
            Interlocked.Increment(ref _udpQueries);
            var answer = DnsTestMessages.BackendAnswer(buffer.AsSpan(0, received.ReceivedBytes).ToArray());
            await _udp.SendToAsync(answer, SocketFlags.None, received.RemoteEndPoint, _stop.Token);
        }
    }

    private async Task TcpLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _tcp.AcceptAsync(_stop.Token);
            _ = Task.Run(async () =>
            {
                using (client)
                {
                    while (await TestClient.ReadFrameAsync(client, _stop.Token) is { } query)
                    {
                        Interlocked.Increment(ref _tcpQueries);
                        var answer = DnsTestMessages.BackendAnswer(query);
                        var framed = new byte[answer.Length + 2];
                        BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)answer.Length);
                        answer.CopyTo(framed, 2);
                        await client.SendAsync(framed, SocketFlags.None, _stop.Token);
                    }
                }
            });
        }
    }
}
