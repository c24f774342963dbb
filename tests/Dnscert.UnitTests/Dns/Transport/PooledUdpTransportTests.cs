using System.Net;
using System.Net.Sockets;
using Dnscert.Dns;
using Dnscert.Dns.Transport;
using Dnscert.Dns.Wire;

namespace Dnscert.UnitTests.Dns.Transport;

/// <summary>
/// The monitor's transport keeps UDP sockets per server between exchanges. A kept socket must never hand one
/// exchange's late or duplicate answer to the next one (it would be reported as an ID mismatch of a server that did
/// nothing wrong), and its source port must keep changing. A scripted server on 127.0.0.1 decides when to answer.
/// </summary>
public sealed class PooledUdpTransportTests
{
    private static readonly DnsQuery s_query = new(DomainName.Parse("www.example."), RRType.A);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Reuses_one_socket_per_server_and_changes_it_after_its_quota_of_exchanges()
    {
        using var server = new ScriptedServer();
        using var transport = new DnsClientTransport(TimeProvider.System, pooledSocketsPerServer: 4);
        var ports = new List<int>();
        for (var i = 0; i < DnsClientTransport.MaxExchangesPerPooledSocket + 2; i++)
        {
            var exchange = transport.ExchangeAsync(s_query, server.EndPoint, DnsTransportProtocol.Udp, TimeSpan.FromSeconds(5), Ct);
            var (query, from) = await server.ReceiveAsync();
            await server.SendAsync(LoopbackResponder.Respond(query), from);
            Assert.IsType<ExchangeAnswered>(await exchange);
            ports.Add(from.Port);
        }

        Assert.Equal(2, ports.Distinct().Count());
        Assert.All(ports.Take(DnsClientTransport.MaxExchangesPerPooledSocket), p => Assert.Equal(ports[0], p));
    }

    [Fact]
    public async Task A_late_answer_to_a_timed_out_query_never_reaches_the_next_exchange()
    {
        using var server = new ScriptedServer();
        using var transport = new DnsClientTransport(TimeProvider.System, pooledSocketsPerServer: 4);

        // One clean exchange first, so a socket is in the pool.
        var warm = transport.ExchangeAsync(s_query, server.EndPoint, DnsTransportProtocol.Udp, TimeSpan.FromSeconds(5), Ct);
        var (warmQuery, warmFrom) = await server.ReceiveAsync();
        await server.SendAsync(LoopbackResponder.Respond(warmQuery), warmFrom);
        Assert.IsType<ExchangeAnswered>(await warm);

        var silent = transport.ExchangeAsync(s_query, server.EndPoint, DnsTransportProtocol.Udp, TimeSpan.FromMilliseconds(300), Ct);
        var (late, lateFrom) = await server.ReceiveAsync();
        Assert.IsType<ExchangeTimedOut>(await silent);
        await server.SendAsync(LoopbackResponder.Respond(late), lateFrom); // the answer comes after the time-out

        var next = transport.ExchangeAsync(s_query, server.EndPoint, DnsTransportProtocol.Udp, TimeSpan.FromSeconds(5), Ct);
        var (query, from) = await server.ReceiveAsync();
        await server.SendAsync(LoopbackResponder.Respond(query), from);
        var answered = Assert.IsType<ExchangeAnswered>(await next);
        Assert.Equal(DnsMessage.Parse(query).Id, answered.Message.Id);
        Assert.NotEqual(lateFrom.Port, from.Port);
    }

    [Fact]
    public async Task A_socket_with_a_second_answer_waiting_is_closed_not_reused()
    {
        using var server = new ScriptedServer();
        using var transport = new DnsClientTransport(TimeProvider.System, pooledSocketsPerServer: 4);
        var first = transport.ExchangeAsync(s_query, server.EndPoint, DnsTransportProtocol.Udp, TimeSpan.FromSeconds(5), Ct);
        var (query1, from1) = await server.ReceiveAsync();
        var answer = LoopbackResponder.Respond(query1);
        await server.SendAsync(answer, from1);
        await server.SendAsync(answer, from1); // the same answer twice
        Assert.IsType<ExchangeAnswered>(await first);
        await Task.Delay(100, Ct);

        var second = transport.ExchangeAsync(s_query, server.EndPoint, DnsTransportProtocol.Udp, TimeSpan.FromSeconds(5), Ct);
        var (query2, from2) = await server.ReceiveAsync();
        await server.SendAsync(LoopbackResponder.Respond(query2), from2);
        Assert.IsType<ExchangeAnswered>(await second);
        Assert.NotEqual(from1.Port, from2.Port);
    }

    [Fact]
    public async Task Without_a_pool_every_exchange_has_its_own_socket()
    {
        using var server = new ScriptedServer();
        using var transport = new DnsClientTransport(TimeProvider.System);
        var ports = new HashSet<int>();
        for (var i = 0; i < 3; i++)
        {
            var exchange = transport.ExchangeAsync(s_query, server.EndPoint, DnsTransportProtocol.Udp, TimeSpan.FromSeconds(5), Ct);
            var (query, from) = await server.ReceiveAsync();
            await server.SendAsync(LoopbackResponder.Respond(query), from);
            Assert.IsType<ExchangeAnswered>(await exchange);
            ports.Add(from.Port);
        }

        Assert.Equal(3, ports.Count);
    }

    /// <summary>A UDP socket on 127.0.0.1 the test drives by hand: receive one query, answer when and how often it likes.</summary>
    private sealed class ScriptedServer : IDisposable
    {
        private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);

        public ScriptedServer()
        {
            _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            EndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        }

        public IPEndPoint EndPoint { get; }

        public async Task<(byte[] Query, IPEndPoint From)> ReceiveAsync()
        {
            var buffer = new byte[4096];
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            var result = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), timeout.Token);
            return (buffer.AsSpan(0, result.ReceivedBytes).ToArray(), (IPEndPoint)result.RemoteEndPoint);
        }

        public async Task SendAsync(byte[] message, IPEndPoint to) => await _socket.SendToAsync(message, SocketFlags.None, to, Ct);

        public void Dispose() => _socket.Dispose();
    }
}
