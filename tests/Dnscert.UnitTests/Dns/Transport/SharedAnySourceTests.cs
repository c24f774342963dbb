using System.Net;
using System.Net.Sockets;
using Dnscert.Dns;
using Dnscert.Dns.Transport;
using Dnscert.Dns.Wire;

namespace Dnscert.UnitTests.Dns.Transport;

/// <summary>
/// NAMESERVER04's any-source probe over the transport's shared sockets instead of a socket of its own: it still sees
/// (and names) an answer from another address, an ordinary exchange asked the same question at the same time still
/// never does, and strangers without the ID are not taken. Real sockets on 127.94.0.0/16 (this branch's loopback range).
/// </summary>
public sealed class SharedAnySourceTests
{
    private static readonly DnsQuery s_query = new(DomainName.Parse("example.test."), RRType.SOA) { Edns = new EdnsQueryOptions() };
    private static readonly IPAddress s_server = IPAddress.Parse("127.94.0.1");
    private static readonly IPAddress s_other = IPAddress.Parse("127.94.0.2");
    private static readonly IPAddress s_stranger = IPAddress.Parse("127.94.0.3");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_probe_leaves_from_a_shared_socket_and_an_answer_from_the_queried_address_names_it()
    {
        using var server = Bind(s_server);
        using var transport = new DnsClientTransport(TimeProvider.System, sharedUdpSockets: 2);
        var exchange = transport.ExchangeUdpFromAnySourceAsync(s_query, EndPoint(server), TimeSpan.FromSeconds(5), Ct);
        var (query, from) = await ReceiveAsync(server);
        await server.SendToAsync(LoopbackResponder.Respond(query), SocketFlags.None, from, Ct);

        var outcome = Assert.IsType<ExchangeAnswered>(await exchange);
        Assert.Equal(EndPoint(server), outcome.AnsweredFrom);
        Assert.Contains(from.Port, transport.SharedSocketPorts(AddressFamily.InterNetwork));
    }

    [Fact]
    public async Task An_answer_from_another_address_with_the_query_ID_is_taken_and_names_that_address()
    {
        using var server = Bind(s_server);
        using var other = Bind(s_other);
        using var transport = new DnsClientTransport(TimeProvider.System, sharedUdpSockets: 2);
        var exchange = transport.ExchangeUdpFromAnySourceAsync(s_query, EndPoint(server), TimeSpan.FromSeconds(5), Ct);
        var (query, from) = await ReceiveAsync(server);
        await other.SendToAsync(LoopbackResponder.Respond(query), SocketFlags.None, from, Ct);

        var outcome = Assert.IsType<ExchangeAnswered>(await exchange);
        Assert.Equal(EndPoint(other), outcome.AnsweredFrom);
        Assert.Equal(EndPoint(server), outcome.Server);
    }

    [Fact]
    public async Task A_stranger_without_the_query_ID_is_not_taken_and_the_servers_answer_still_is()
    {
        using var server = Bind(s_server);
        using var stranger = Bind(s_stranger);
        using var transport = new DnsClientTransport(TimeProvider.System, sharedUdpSockets: 1);
        var exchange = transport.ExchangeUdpFromAnySourceAsync(s_query, EndPoint(server), TimeSpan.FromSeconds(5), Ct);
        var (query, from) = await ReceiveAsync(server);
        var id = DnsMessage.Parse(query).Id;
        await stranger.SendToAsync(LoopbackResponder.Respond(query, id: (ushort)(id ^ 0x5a5a)), SocketFlags.None, from, Ct);
        await Eventually.TrueWithin(TimeSpan.FromSeconds(5), () => transport.StrayDatagrams != 0);
        Assert.Equal(1, transport.StrayDatagrams);
        await server.SendToAsync(LoopbackResponder.Respond(query), SocketFlags.None, from, Ct);
        var outcome = Assert.IsType<ExchangeAnswered>(await exchange);
        Assert.Equal(EndPoint(server), outcome.AnsweredFrom);
    }

    [Fact]
    public async Task An_answer_from_another_address_with_the_ID_but_another_question_is_not_taken()
    {
        // A stray answer of some other server's that happens to carry the probe's ID must not become a finding.
        using var server = Bind(s_server);
        using var stranger = Bind(s_stranger);
        using var transport = new DnsClientTransport(TimeProvider.System, sharedUdpSockets: 1);
        var exchange = transport.ExchangeUdpFromAnySourceAsync(s_query, EndPoint(server), TimeSpan.FromSeconds(5), Ct);
        var (query, from) = await ReceiveAsync(server);
        var unrelated = new DnsQuery(DomainName.Parse("unrelated.test."), RRType.A).ToArray();
        unrelated[0] = query[0];
        unrelated[1] = query[1];
        await stranger.SendToAsync(LoopbackResponder.Respond(unrelated), SocketFlags.None, from, Ct);
        await Eventually.TrueWithin(TimeSpan.FromSeconds(5), () => transport.StrayDatagrams != 0);
        Assert.Equal(1, transport.StrayDatagrams);
        await server.SendToAsync(LoopbackResponder.Respond(query), SocketFlags.None, from, Ct);
        Assert.Equal(EndPoint(server), Assert.IsType<ExchangeAnswered>(await exchange).AnsweredFrom);
    }

    [Fact]
    public async Task With_the_ordinary_probe_on_the_same_socket_only_the_any_source_probe_sees_an_answer_from_elsewhere()
    {
        // NAMESERVER04 sends both at once, with the same question; a server that answers from another address must
        // leave the ordinary probe timing out (a connected socket would drop that datagram) and name the address in
        // the any-source probe.
        using var server = Bind(s_server);
        using var other = Bind(s_other);
        using var transport = new DnsClientTransport(TimeProvider.System, sharedUdpSockets: 1);
        var ordinary = transport.ExchangeAsync(s_query, EndPoint(server), DnsTransportProtocol.Udp, TimeSpan.FromMilliseconds(600), Ct);
        var anySource = transport.ExchangeUdpFromAnySourceAsync(s_query, EndPoint(server), TimeSpan.FromSeconds(5), Ct);
        for (var i = 0; i < 2; i++)
        {
            var (query, from) = await ReceiveAsync(server);
            await other.SendToAsync(LoopbackResponder.Respond(query), SocketFlags.None, from, Ct);
        }

        Assert.IsType<ExchangeTimedOut>(await ordinary);
        var outcome = Assert.IsType<ExchangeAnswered>(await anySource);
        Assert.Equal(EndPoint(other), outcome.AnsweredFrom);
        Assert.Equal(1, transport.StrayDatagrams);
    }

    [Fact]
    public async Task Two_any_source_probes_at_once_each_get_the_answer_to_their_own_query()
    {
        using var first = Bind(s_server);
        using var second = Bind(s_stranger);
        using var other = Bind(s_other);
        using var transport = new DnsClientTransport(TimeProvider.System, sharedUdpSockets: 1);
        var a = transport.ExchangeUdpFromAnySourceAsync(s_query, EndPoint(first), TimeSpan.FromSeconds(5), Ct);
        var b = transport.ExchangeUdpFromAnySourceAsync(new DnsQuery(DomainName.Parse("other.test."), RRType.SOA), EndPoint(second), TimeSpan.FromSeconds(5), Ct);
        var (queryA, fromA) = await ReceiveAsync(first);
        var (queryB, fromB) = await ReceiveAsync(second);
        Assert.NotEqual(DnsMessage.Parse(queryA).Id, DnsMessage.Parse(queryB).Id);
        await other.SendToAsync(LoopbackResponder.Respond(queryB), SocketFlags.None, fromB, Ct);
        await other.SendToAsync(LoopbackResponder.Respond(queryA), SocketFlags.None, fromA, Ct);

        Assert.Equal("example.test.", Assert.IsType<ExchangeAnswered>(await a).Message.Questions[0].Name.ToString());
        Assert.Equal("other.test.", Assert.IsType<ExchangeAnswered>(await b).Message.Questions[0].Name.ToString());
    }

    [Fact]
    public async Task A_closed_port_ends_the_probe_as_refused_at_once()
    {
        // Unlike a socket of its own, a shared socket reads ICMP errors from its error queue.
        IPEndPoint closed;
        using (var probe = Bind(s_server))
        {
            closed = EndPoint(probe);
        }

        using var transport = new DnsClientTransport(TimeProvider.System, sharedUdpSockets: 1);
        var outcome = await transport.ExchangeUdpFromAnySourceAsync(s_query, closed, TimeSpan.FromSeconds(10), Ct);

        Assert.IsType<ExchangeConnectionRefused>(outcome);
        Assert.Null(outcome.AnsweredFrom);
        Assert.True(outcome.Elapsed < TimeSpan.FromSeconds(5), outcome.Elapsed.ToString());
    }

    private static Socket Bind(IPAddress address)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(address, 0));
        return socket;
    }

    private static IPEndPoint EndPoint(Socket socket) => (IPEndPoint)socket.LocalEndPoint!;

    private static async Task<(byte[] Query, IPEndPoint From)> ReceiveAsync(Socket socket)
    {
        var buffer = new byte[4096];
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        var result = await socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), timeout.Token);
        return (buffer.AsSpan(0, result.ReceivedBytes).ToArray(), (IPEndPoint)result.RemoteEndPoint);
    }
}
