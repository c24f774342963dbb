using System.Net;
using System.Net.Sockets;
using Dnscert.Dns;
using Dnscert.Dns.Transport;
using Dnscert.Dns.Wire;

namespace Dnscert.UnitTests.Dns.Transport;

/// <summary>
/// The any-source UDP exchange behind NAMESERVER04: a server that answers from another address is seen (and named),
/// where the connected exchange only times out. Real sockets on 127.76.0.0/16 (this branch's loopback range).
/// </summary>
public sealed class AnySourceExchangeTests
{
    private static readonly DnsQuery s_query = new(DomainName.Parse("example.test."), RRType.SOA) { Edns = new EdnsQueryOptions() };
    private static readonly IPAddress s_listen = IPAddress.Parse("127.76.0.2");
    private static readonly IPAddress s_other = IPAddress.Parse("127.76.0.3");
    private static readonly IPAddress s_stranger = IPAddress.Parse("127.76.0.4");

    /// <summary>Receives one query on <see cref="s_listen"/>; optionally sends a stray datagram first; answers from <paramref name="answerFrom"/>.</summary>
    private static async Task<(IPEndPoint Server, Task Served)> StartAsync(IPAddress answerFrom, bool strayFirst, CancellationToken ct)
    {
        var listen = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        listen.Bind(new IPEndPoint(s_listen, 0));
        var server = (IPEndPoint)listen.LocalEndPoint!;
        var served = Task.Run(async () =>
        {
            using (listen)
            {
                var buffer = new byte[2048];
                var received = await listen.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), ct);
                var query = buffer[..received.ReceivedBytes];
                if (strayFirst)
                {
                    using var stranger = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                    stranger.Bind(new IPEndPoint(s_stranger, 0));
                    var id = DnsMessage.Parse(query).Id;
                    await stranger.SendToAsync(LoopbackResponder.Respond(query, id: (ushort)(id ^ 0x5a5a)), SocketFlags.None, received.RemoteEndPoint, ct);
                }

                using var reply = answerFrom.Equals(s_listen) ? null : new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                reply?.Bind(new IPEndPoint(answerFrom, 0));
                await (reply ?? listen).SendToAsync(LoopbackResponder.Respond(query), SocketFlags.None, received.RemoteEndPoint, ct);
            }
        }, ct);
        await Task.Yield();
        return (server, served);
    }

    [Fact]
    public async Task An_answer_from_the_queried_address_names_that_address()
    {
        var ct = TestContext.Current.CancellationToken;
        var (server, served) = await StartAsync(s_listen, strayFirst: false, ct);
        var outcome = await new DnsClientTransport(TimeProvider.System).ExchangeUdpFromAnySourceAsync(s_query, server, TimeSpan.FromSeconds(5), ct);
        await served;
        Assert.IsType<ExchangeAnswered>(outcome);
        Assert.Equal(server, outcome.AnsweredFrom);
    }

    [Fact]
    public async Task An_answer_from_another_address_is_accepted_and_names_where_it_came_from()
    {
        var ct = TestContext.Current.CancellationToken;
        var (server, served) = await StartAsync(s_other, strayFirst: false, ct);
        var outcome = await new DnsClientTransport(TimeProvider.System).ExchangeUdpFromAnySourceAsync(s_query, server, TimeSpan.FromSeconds(5), ct);
        await served;
        Assert.IsType<ExchangeAnswered>(outcome);
        Assert.Equal(s_other, outcome.AnsweredFrom!.Address);
        Assert.Equal(server, outcome.Server);
    }

    [Fact]
    public async Task The_connected_exchange_never_sees_an_answer_from_another_address()
    {
        var ct = TestContext.Current.CancellationToken;
        var (server, served) = await StartAsync(s_other, strayFirst: false, ct);
        var outcome = await new DnsClientTransport(TimeProvider.System).ExchangeAsync(s_query, server, DnsTransportProtocol.Udp, TimeSpan.FromMilliseconds(500), ct);
        await served;
        Assert.IsType<ExchangeTimedOut>(outcome);
        Assert.Null(outcome.AnsweredFrom);
    }

    [Fact]
    public async Task A_datagram_from_a_stranger_without_the_query_ID_is_ignored()
    {
        var ct = TestContext.Current.CancellationToken;
        var (server, served) = await StartAsync(s_listen, strayFirst: true, ct);
        var outcome = await new DnsClientTransport(TimeProvider.System).ExchangeUdpFromAnySourceAsync(s_query, server, TimeSpan.FromSeconds(5), ct);
        await served;
        Assert.IsType<ExchangeAnswered>(outcome);
        Assert.Equal(server, outcome.AnsweredFrom);
    }
}
