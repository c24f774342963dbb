using System.Net;
using System.Net.Sockets;
using CsCheck;
using Dnscert.Dns;
using Dnscert.Dns.Transport;
using Dnscert.Dns.Wire;

namespace Dnscert.UnitTests.Dns.Transport;

/// <summary>
/// The shared UDP sockets of a transport that serves many exchanges (checks, the monitor): answers reach the exchange
/// they answer and no other, a late or duplicate answer is never reported as a fault of a server that did nothing wrong,
/// a wrong ID and a closed port are still seen, and hostile datagrams end nothing but their own exchange. Scripted
/// servers on 127.89.0.0/16 (this branch's loopback range).
/// </summary>
public sealed class SharedUdpSocketTests
{
    private static readonly DnsQuery s_query = new(DomainName.Parse("www.example."), RRType.A);
    private static readonly IPAddress s_server = IPAddress.Parse("127.89.0.1");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Spreads_exchanges_over_several_source_ports_with_random_IDs()
    {
        using var server = new ScriptedServer(s_server);
        using var transport = new DnsClientTransport(TimeProvider.System, sharedUdpSockets: 4);
        var ports = new HashSet<int>();
        var ids = new HashSet<ushort>();
        for (var i = 0; i < 40; i++)
        {
            var exchange = transport.ExchangeAsync(s_query, server.EndPoint, DnsTransportProtocol.Udp, TimeSpan.FromSeconds(5), Ct);
            var (query, from) = await server.ReceiveAsync();
            await server.SendAsync(LoopbackResponder.Respond(query), from);
            Assert.IsType<ExchangeAnswered>(await exchange);
            ports.Add(from.Port);
            ids.Add(DnsMessage.Parse(query).Id);
        }

        Assert.True(ports.Count > 1, "every query left from the same port");
        Assert.Subset(transport.SharedSocketPorts(AddressFamily.InterNetwork).ToHashSet(), ports);
        Assert.True(ids.Count > 30, $"{ids.Count} distinct IDs in 40 queries");
    }

    [Fact]
    public async Task Two_thousand_exchanges_in_waves_of_a_hundred_each_get_their_own_answer()
    {
        // The answer names the query's ID in its address, so a cross-over would show as a wrong address.
        await using var server = new LoopbackResponder(q => LoopbackResponder.Respond(q, (ref DnsMessageWriter w) =>
            w.AddRecord(DnsSection.Answer, DomainName.Parse("www.example."), RRClass.IN, 60,
                new Dnscert.Dns.Records.AddressRecordData(new IPAddress(new byte[] { 10, 0, q[0], q[1] })))), address: s_server);
        using var transport = new DnsClientTransport(TimeProvider.System, sharedUdpSockets: 4);
        // Waves, because the test responder's own receive buffer (the kernel's default) drops a bigger burst.
        var outcomes = new List<DnsExchangeOutcome>();
        for (var wave = 0; wave < 20; wave++)
        {
            outcomes.AddRange(await Task.WhenAll(Enumerable.Range(0, 100)
                .Select(_ => transport.ExchangeAsync(s_query, server.UdpEndPoint, DnsTransportProtocol.Udp, TimeSpan.FromSeconds(20), Ct))));
        }

        foreach (var outcome in outcomes)
        {
            var answered = Assert.IsType<ExchangeAnswered>(outcome);
            var id = DnsMessage.Parse(answered.Query).Id;
            Assert.Equal($"10.0.{id >> 8}.{id & 0xFF}", answered.Message.Answers[0].GetData().ToString());
        }

        Assert.Equal(0, transport.StrayDatagrams);
    }

    [Fact]
    public async Task A_late_answer_to_a_timed_out_query_never_reaches_the_next_exchange_with_the_same_question()
    {
        using var server = new ScriptedServer(s_server);
        using var transport = new DnsClientTransport(TimeProvider.System, sharedUdpSockets: 1);
        var silent = transport.ExchangeAsync(s_query, server.EndPoint, DnsTransportProtocol.Udp, TimeSpan.FromMilliseconds(300), Ct);
        var (late, lateFrom) = await server.ReceiveAsync();
        Assert.IsType<ExchangeTimedOut>(await silent);

        var next = transport.ExchangeAsync(s_query, server.EndPoint, DnsTransportProtocol.Udp, TimeSpan.FromSeconds(5), Ct);
        var (query, from) = await server.ReceiveAsync();
        Assert.Equal(lateFrom, from); // one shared socket: the late answer arrives where the next exchange waits
        await server.SendAsync(LoopbackResponder.Respond(late), lateFrom);
        await WaitUntil(() => transport.StrayDatagrams == 1);
        await server.SendAsync(LoopbackResponder.Respond(query), from);

        var answered = Assert.IsType<ExchangeAnswered>(await next);
        Assert.Equal(DnsMessage.Parse(query).Id, answered.Message.Id);
    }

    [Fact]
    public async Task A_duplicate_answer_is_dropped_not_reported_as_a_wrong_ID_of_the_next_exchange()
    {
        using var server = new ScriptedServer(s_server);
        using var transport = new DnsClientTransport(TimeProvider.System, sharedUdpSockets: 1);
        var first = transport.ExchangeAsync(s_query, server.EndPoint, DnsTransportProtocol.Udp, TimeSpan.FromSeconds(5), Ct);
        var (query1, from1) = await server.ReceiveAsync();
        var answer1 = LoopbackResponder.Respond(query1);
        await server.SendAsync(answer1, from1);
        Assert.IsType<ExchangeAnswered>(await first);

        var second = transport.ExchangeAsync(s_query, server.EndPoint, DnsTransportProtocol.Udp, TimeSpan.FromSeconds(5), Ct);
        var (query2, from2) = await server.ReceiveAsync();
        await server.SendAsync(answer1, from1); // the first answer again, while the second exchange waits
        await WaitUntil(() => transport.StrayDatagrams == 1);
        await server.SendAsync(LoopbackResponder.Respond(query2), from2);

        Assert.IsType<ExchangeAnswered>(await second);
    }

    [Fact]
    public async Task A_wrong_ID_reaches_the_exchange_with_that_question_while_others_to_the_same_server_still_get_their_answers()
    {
        using var server = new ScriptedServer(s_server);
        using var transport = new DnsClientTransport(TimeProvider.System, sharedUdpSockets: 1);
        var wrong = transport.ExchangeAsync(s_query, server.EndPoint, DnsTransportProtocol.Udp, TimeSpan.FromSeconds(5), Ct);
        var (query1, from1) = await server.ReceiveAsync();
        var other = transport.ExchangeAsync(new DnsQuery(DomainName.Parse("other.example."), RRType.MX), server.EndPoint, DnsTransportProtocol.Udp, TimeSpan.FromSeconds(5), Ct);
        var (query2, from2) = await server.ReceiveAsync();

        await server.SendAsync(LoopbackResponder.Respond(query1, id: (ushort)(DnsMessage.Parse(query1).Id ^ 0x0F0F)), from1);
        await server.SendAsync(LoopbackResponder.Respond(query2), from2);

        var mismatch = Assert.IsType<ExchangeIdMismatch>(await wrong);
        Assert.Equal(mismatch.ExpectedId ^ 0x0F0F, mismatch.ReceivedId);
        Assert.IsType<ExchangeAnswered>(await other);
    }

    [Fact]
    public async Task An_answer_from_another_address_or_port_is_not_taken_for_the_servers()
    {
        using var server = new ScriptedServer(s_server);
        using var impostor = new ScriptedServer(IPAddress.Parse("127.89.0.2"));
        using var transport = new DnsClientTransport(TimeProvider.System, sharedUdpSockets: 1);
        var exchange = transport.ExchangeAsync(s_query, server.EndPoint, DnsTransportProtocol.Udp, TimeSpan.FromMilliseconds(500), Ct);
        var (query, from) = await server.ReceiveAsync();
        await impostor.SendAsync(LoopbackResponder.Respond(query), from);

        Assert.IsType<ExchangeTimedOut>(await exchange);
        Assert.Equal(1, transport.StrayDatagrams);
    }

    [Fact]
    public async Task A_closed_port_ends_only_its_own_exchange_as_refused()
    {
        await using var open = new LoopbackResponder(q => LoopbackResponder.Respond(q), address: s_server);
        using var transport = new DnsClientTransport(TimeProvider.System, sharedUdpSockets: 2);
        IPEndPoint closed;
        using (var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
        {
            probe.Bind(new IPEndPoint(IPAddress.Parse("127.89.0.3"), 0));
            closed = (IPEndPoint)probe.LocalEndPoint!;
        }

        var exchanges = Enumerable.Range(0, 200)
            .Select(i => transport.ExchangeAsync(s_query, i % 2 == 0 ? closed : open.UdpEndPoint, DnsTransportProtocol.Udp, TimeSpan.FromSeconds(10), Ct))
            .ToArray();
        var outcomes = await Task.WhenAll(exchanges);

        for (var i = 0; i < outcomes.Length; i++)
        {
            Assert.IsType(i % 2 == 0 ? typeof(ExchangeConnectionRefused) : typeof(ExchangeAnswered), outcomes[i]);
            Assert.True(outcomes[i].Elapsed < TimeSpan.FromSeconds(5), outcomes[i].Elapsed.ToString());
        }
    }

    [Fact]
    public async Task Cancelling_one_exchange_leaves_the_others_running()
    {
        using var server = new ScriptedServer(s_server);
        using var transport = new DnsClientTransport(TimeProvider.System, sharedUdpSockets: 1);
        using var cancel = new CancellationTokenSource();
        var cancelled = transport.ExchangeAsync(s_query, server.EndPoint, DnsTransportProtocol.Udp, TimeSpan.FromSeconds(30), cancel.Token);
        await server.ReceiveAsync();
        var kept = transport.ExchangeAsync(s_query, server.EndPoint, DnsTransportProtocol.Udp, TimeSpan.FromSeconds(30), Ct);
        var (query, from) = await server.ReceiveAsync();

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        await server.SendAsync(LoopbackResponder.Respond(query), from);
        Assert.IsType<ExchangeAnswered>(await kept);
    }

    [Fact]
    public async Task Disposing_the_transport_ends_waiting_exchanges_with_a_network_error()
    {
        using var server = new ScriptedServer(s_server);
        var transport = new DnsClientTransport(TimeProvider.System, sharedUdpSockets: 2);
        var waiting = transport.ExchangeAsync(s_query, server.EndPoint, DnsTransportProtocol.Udp, TimeSpan.FromSeconds(30), Ct);
        await server.ReceiveAsync();
        transport.Dispose();

        Assert.IsType<ExchangeNetworkError>(await waiting.WaitAsync(TimeSpan.FromSeconds(10), Ct));
    }

    [Fact]
    public async Task Hostile_datagrams_from_the_server_end_only_their_exchange_and_never_the_receive_loop()
    {
        // Whatever bytes come back (random, cut, with or without a question), the exchange ends with a finding or a
        // time-out, no exception escapes, and the shared sockets keep answering afterwards.
        // Half of them carry the query's ID (they go straight to the exchange), half not (the fallback reads them).
        (bool KeepId, byte[] Bytes)? next = null;
        await using var server = new LoopbackResponder(q => next switch
        {
            { KeepId: true, Bytes: var bytes } => [q[0], q[1], .. bytes],
            { Bytes: var bytes } => bytes,
            null => null,
        }, address: s_server);
        using var transport = new DnsClientTransport(TimeProvider.System, sharedUdpSockets: 2);
        Gen.Select(Gen.Bool, Gen.Byte.Array[0, 600]).Sample((keepId, bytes) =>
        {
            next = (keepId, bytes);
            // A reply with the query's ID always reaches its exchange, so it gets time to arrive on a busy machine (the
            // whole suite runs in parallel; 100 ms made it time out now and then); one without may be dropped and wait.
            var timeout = TimeSpan.FromMilliseconds(keepId ? 5_000 : 100);
            var outcome = transport.ExchangeAsync(s_query, server.UdpEndPoint, DnsTransportProtocol.Udp, timeout, Ct).GetAwaiter().GetResult();
            return keepId
                ? outcome is ExchangeMalformed or ExchangeQuestionMismatch or ExchangeAnswered
                : outcome is ExchangeMalformed or ExchangeIdMismatch or ExchangeQuestionMismatch or ExchangeAnswered or ExchangeTimedOut;
        }, iter: 150);

        next = null;
        await using var healthy = new LoopbackResponder(q => LoopbackResponder.Respond(q), address: s_server);
        Assert.IsType<ExchangeAnswered>(await transport.ExchangeAsync(s_query, healthy.UdpEndPoint, DnsTransportProtocol.Udp, TimeSpan.FromSeconds(5), Ct));
    }

    private static async Task WaitUntil(Func<bool> condition) =>
        Assert.True(await Eventually.TrueWithin(TimeSpan.FromSeconds(5), condition));

    /// <summary>A UDP socket the test drives by hand: receive one query, answer when and how often it likes.</summary>
    private sealed class ScriptedServer : IDisposable
    {
        private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);

        public ScriptedServer(IPAddress address)
        {
            _socket.Bind(new IPEndPoint(address, 0));
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
