using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Dnscert.Lab.Proxy;
using Microsoft.Extensions.Time.Testing;
using static Dnscert.UnitTests.Lab.Proxy.DnsTestMessages;

namespace Dnscert.UnitTests.Lab.Proxy;

public sealed class LabProxyHostTests : IAsyncLifetime
{
    private static readonly IPEndPoint s_anyLoopback = new(IPAddress.Loopback, 0);
    private readonly TestBackend _backend = new();
    private readonly StringWriter _log = new();
    private LabProxyHost? _host;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        await _backend.DisposeAsync();
        // Every failure path in the proxy is a named, counted one; a catch-all hit means a bug.
        Assert.DoesNotContain("Unexpected failure", _log.ToString(), StringComparison.Ordinal);
    }

    private async Task<IPEndPoint> StartAsync(bool withBackend, TimeSpan delay, params FaultRule[] faults) =>
        await StartAsync(TimeProvider.System, withBackend, delay, faults);

    private async Task<IPEndPoint> StartAsync(TimeProvider time, bool withBackend, TimeSpan delay, params FaultRule[] faults)
    {
        _host = new LabProxyHost(time, _log);
        await _host.StartAsync([new ProxyEndpoint(s_anyLoopback, withBackend ? _backend.Endpoint : null, delay, faults)], TestContext.Current.CancellationToken);
        return _host.BoundEndpoints.Single();
    }

    private Task<IPEndPoint> StartAsync(params FaultRule[] faults) => StartAsync(withBackend: true, TimeSpan.Zero, faults);

    [Fact]
    public async Task Relays_UDP_answers_unchanged_when_no_fault_is_set()
    {
        var proxy = await StartAsync();
        var query = Query(0x1234, "www.example.test.", TypeA);

        var direct = await TestClient.UdpAsync(_backend.Endpoint, query);
        var relayed = await TestClient.UdpAsync(proxy, query);

        Assert.NotNull(direct);
        Assert.Equal(direct, relayed);
        Assert.Equal(1, _host!.Counters.Forwarded);
        Assert.Equal(0, _host.Counters.FaultsApplied);
    }

    [Fact]
    public async Task Relays_TCP_answers_unchanged_when_no_fault_is_set()
    {
        var proxy = await StartAsync();
        var first = Query(0x0101, "a.example.test.", TypeA);
        var second = Query(0x0202, "b.example.test.", TypeTxt);

        using var socket = await TestClient.ConnectTcpAsync(proxy);
        await TestClient.SendFrameAsync(socket, first);
        var firstAnswer = await TestClient.ReadFrameAsync(socket, TestContext.Current.CancellationToken);
        await TestClient.SendFrameAsync(socket, second);
        var secondAnswer = await TestClient.ReadFrameAsync(socket, TestContext.Current.CancellationToken);

        Assert.Equal(BackendAnswer(first), firstAnswer);
        Assert.Equal(BackendAnswer(second), secondAnswer);
        Assert.Equal(2, _backend.TcpQueries);
    }

    [Fact]
    public async Task Relays_from_an_IPv6_loopback_listener_to_an_IPv4_backend()
    {
        Assert.SkipUnless(Socket.OSSupportsIPv6, "IPv6 is not available on this machine.");
        _host = new LabProxyHost(TimeProvider.System, _log);
        await _host.StartAsync([new ProxyEndpoint(new IPEndPoint(IPAddress.IPv6Loopback, 0), _backend.Endpoint, TimeSpan.Zero, [])], TestContext.Current.CancellationToken);
        var proxy = _host.BoundEndpoints.Single();
        var query = Query(0x0606, "six.example.test.", TypeA);

        Assert.Equal(BackendAnswer(query), await TestClient.UdpAsync(proxy, query));
        Assert.Equal(BackendAnswer(query), await TestClient.TcpAsync(proxy, query));
    }

    [Fact]
    public async Task Adds_at_least_twice_the_one_way_delay_to_a_UDP_round_trip()
    {
        var delay = TimeSpan.FromMilliseconds(150);
        var proxy = await StartAsync(withBackend: true, delay);

        var clock = Stopwatch.StartNew();
        var answer = await TestClient.UdpAsync(proxy, Query(7, "slow.example.test.", TypeA));
        clock.Stop();

        Assert.NotNull(answer);
        Assert.True(clock.Elapsed >= 2 * delay, $"Round trip took {clock.Elapsed}.");
    }

    [Fact]
    public async Task Adds_at_least_twice_the_one_way_delay_to_a_TCP_round_trip()
    {
        var delay = TimeSpan.FromMilliseconds(150);
        var proxy = await StartAsync(withBackend: true, delay);
        using var socket = await TestClient.ConnectTcpAsync(proxy);

        var clock = Stopwatch.StartNew();
        await TestClient.SendFrameAsync(socket, Query(8, "slow.example.test.", TypeA));
        var answer = await TestClient.ReadFrameAsync(socket, TestContext.Current.CancellationToken);
        clock.Stop();

        Assert.NotNull(answer);
        Assert.True(clock.Elapsed >= 2 * delay, $"Round trip took {clock.Elapsed}.");
    }

    [Fact]
    public async Task Relays_hundreds_of_delayed_UDP_queries_concurrently()
    {
        // 200 stays below what a default 208 KiB UDP receive buffer holds when both cores are busy with other tests.
        const int Queries = 200;
        var delay = TimeSpan.FromMilliseconds(250);
        var proxy = await StartAsync(withBackend: true, delay);

        var clock = Stopwatch.StartNew();
        var answers = await Task.WhenAll(Enumerable.Range(0, Queries).Select(i =>
            TestClient.UdpAsync(proxy, Query((ushort)i, $"q{i}.example.test.", TypeA), TimeSpan.FromSeconds(20))));
        clock.Stop();

        Assert.All(answers, Assert.NotNull);
        Assert.Equal(Enumerable.Range(0, Queries).Select(i => (ushort)i), answers.Select(a => Id(a!)));
        // Serialised, 200 round trips of 500 ms would take 100 s; a loose bound only proves concurrency.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"{Queries} queries took {clock.Elapsed}.");
    }

    [Fact]
    public async Task Delays_with_the_injected_TimeProvider()
    {
        var time = new FakeTimeProvider();
        var proxy = await StartAsync(time, withBackend: false, TimeSpan.FromSeconds(20), new FaultRule(FaultKind.Refused));

        var pending = TestClient.UdpAsync(proxy, Query(9, "fake.example.test.", TypeA), TimeSpan.FromSeconds(20));
        await Task.Delay(300, TestContext.Current.CancellationToken);
        Assert.False(pending.IsCompleted);

        // Inbound and outbound delays each wait for the fake clock; advance until the answer comes.
        for (var i = 0; i < 100 && !pending.IsCompleted; i++)
        {
            time.Advance(TimeSpan.FromSeconds(20));
            await Task.WhenAny(pending, Task.Delay(50, TestContext.Current.CancellationToken));
        }

        var answer = await pending;
        Assert.NotNull(answer);
        Assert.Equal(5, Rcode(answer));
    }

    [Fact]
    public async Task Never_answers_UDP_when_Drop_is_set()
    {
        var proxy = await StartAsync(new FaultRule(FaultKind.Drop));

        var answer = await TestClient.UdpAsync(proxy, Query(10, "www.example.test.", TypeA), TimeSpan.FromMilliseconds(700));

        Assert.Null(answer);
        Assert.Equal(0, _backend.UdpQueries);
        Assert.Equal(1, _host!.Counters.Dropped);
        Assert.Equal(1, _host.Counters.FaultsApplied);
    }

    [Fact]
    public async Task Holds_TCP_connections_open_without_answering_when_Drop_is_set()
    {
        var proxy = await StartAsync(new FaultRule(FaultKind.Drop));
        using var socket = await TestClient.ConnectTcpAsync(proxy);
        await TestClient.SendFrameAsync(socket, Query(11, "www.example.test.", TypeA));

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(TimeSpan.FromMilliseconds(800));
        var buffer = new byte[16];
        // Neither data nor end of stream: the read is still waiting when the test gives up.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token));
        Assert.Equal(1, _host!.Counters.Dropped);
    }

    [Fact]
    public async Task Closes_a_dropped_TCP_connection_30_seconds_after_the_drop()
    {
        var time = new FakeTimeProvider();
        var proxy = await StartAsync(time, withBackend: true, TimeSpan.Zero, new FaultRule(FaultKind.Drop));
        using var socket = await TestClient.ConnectTcpAsync(proxy);
        await TestClient.SendFrameAsync(socket, Query(32, "www.example.test.", TypeA));
        await WaitUntilAsync(() => _host!.Counters.Dropped == 1);
        var read = socket.ReceiveAsync(new byte[16], SocketFlags.None, TestContext.Current.CancellationToken).AsTask();

        time.Advance(TimeSpan.FromSeconds(29));
        await Task.WhenAny(read, Task.Delay(300, TestContext.Current.CancellationToken));
        Assert.False(read.IsCompleted, "The connection closed before 30 s.");

        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(0, await read.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Closes_an_idle_TCP_connection_after_the_read_timeout()
    {
        var time = new FakeTimeProvider();
        var proxy = await StartAsync(time, withBackend: true, TimeSpan.Zero);
        using var socket = await TestClient.ConnectTcpAsync(proxy);
        await WaitUntilAsync(() => _host!.Counters.TcpConnections == 1);
        var read = socket.ReceiveAsync(new byte[16], SocketFlags.None, TestContext.Current.CancellationToken).AsTask();

        // The read timer starts when the handler begins reading, which the test cannot observe; keep advancing.
        for (var i = 0; i < 50 && !read.IsCompleted; i++)
        {
            time.Advance(TimeSpan.FromSeconds(11));
            await Task.WhenAny(read, Task.Delay(100, TestContext.Current.CancellationToken));
        }

        Assert.Equal(0, await read.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Closes_TCP_connections_beyond_the_per_endpoint_limit_and_counts_them()
    {
        var proxy = await StartAsync();
        var open = new List<Socket>();
        try
        {
            for (var i = 0; i < 64; i++)
            {
                open.Add(await TestClient.ConnectTcpAsync(proxy));
            }

            await WaitUntilAsync(() => _host!.Counters.TcpConnections == 64);
            var extra = await TestClient.TcpAsync(proxy, Query(33, "www.example.test.", TypeA));

            Assert.Null(extra);
            Assert.Equal(1, _host!.Counters.TcpConnectionsRejected);
        }
        finally
        {
            open.ForEach(s => s.Dispose());
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition) =>
        Assert.True(await Eventually.TrueWithin(TimeSpan.FromSeconds(5), condition, TimeSpan.FromMilliseconds(25)), "The condition did not become true within 5 s.");

    [Fact]
    public async Task Closes_TCP_connections_at_once_when_DropTcp_is_set_and_answers_UDP_normally()
    {
        var proxy = await StartAsync(new FaultRule(FaultKind.DropTcp));
        var query = Query(12, "www.example.test.", TypeA);

        var clock = Stopwatch.StartNew();
        var tcpAnswer = await TestClient.TcpAsync(proxy, query);
        clock.Stop();
        var udpAnswer = await TestClient.UdpAsync(proxy, query);

        Assert.Null(tcpAnswer);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(4), $"Close took {clock.Elapsed}.");
        Assert.Equal(BackendAnswer(query), udpAnswer);
        Assert.Equal(0, _backend.TcpQueries);
    }

    [Fact]
    public async Task Closes_only_matching_TCP_queries_when_DropTcp_has_a_qtype_filter()
    {
        var proxy = await StartAsync(new FaultRule(FaultKind.DropTcp) { QTypes = ["DNSKEY"] });

        var dropped = await TestClient.TcpAsync(proxy, Query(13, "example.test.", TypeDnskey));
        var kept = await TestClient.TcpAsync(proxy, Query(14, "example.test.", TypeA));

        Assert.Null(dropped);
        Assert.NotNull(kept);
        Assert.Equal(14, Id(kept));
    }

    [Fact]
    public async Task Truncates_every_UDP_answer_when_TruncateUdp_is_set()
    {
        var proxy = await StartAsync(new FaultRule(FaultKind.TruncateUdp));
        var query = Query(15, "www.example.test.", TypeA);

        var udpAnswer = await TestClient.UdpAsync(proxy, query);
        var tcpAnswer = await TestClient.TcpAsync(proxy, query);

        Assert.NotNull(udpAnswer);
        Assert.True(Qr(udpAnswer));
        Assert.True(Tc(udpAnswer));
        Assert.Equal(15, Id(udpAnswer));
        Assert.Equal(1, Count(udpAnswer, 0));
        Assert.Equal(0, Count(udpAnswer, 1) + Count(udpAnswer, 2) + Count(udpAnswer, 3));
        Assert.Equal(query.AsSpan(12, QuestionEnd(query) - 12).ToArray(), udpAnswer.AsSpan(12).ToArray());
        Assert.Equal(BackendAnswer(query), tcpAnswer);
    }

    [Fact]
    public async Task Answers_with_the_id_XOR_0x5A5A_when_WrongId_is_set()
    {
        var proxy = await StartAsync(new FaultRule(FaultKind.WrongId));
        var query = Query(0x1111, "www.example.test.", TypeA);

        var answer = await TestClient.UdpAsync(proxy, query);

        Assert.NotNull(answer);
        Assert.Equal(0x1111 ^ 0x5A5A, Id(answer));
        Assert.Equal(BackendAnswer(query).AsSpan(2).ToArray(), answer.AsSpan(2).ToArray());
    }

    [Fact]
    public async Task Synthesises_an_empty_answer_with_a_wrong_id_when_WrongId_has_no_backend()
    {
        var proxy = await StartAsync(withBackend: false, TimeSpan.Zero, new FaultRule(FaultKind.WrongId));

        var answer = await TestClient.TcpAsync(proxy, Query(0x2222, "www.example.test.", TypeA));

        Assert.NotNull(answer);
        Assert.Equal(0x2222 ^ 0x5A5A, Id(answer));
        Assert.Equal(0, Rcode(answer));
        Assert.Equal(0, Count(answer, 1));
    }

    [Fact]
    public async Task Answers_40_to_200_random_bytes_when_Garbage_is_set()
    {
        var proxy = await StartAsync(withBackend: false, TimeSpan.Zero, new FaultRule(FaultKind.Garbage));

        for (var i = 0; i < 10; i++)
        {
            var answer = await TestClient.UdpAsync(proxy, Query((ushort)i, "www.example.test.", TypeA));
            Assert.NotNull(answer);
            Assert.InRange(answer.Length, 40, 200);
        }
    }

    [Fact]
    public async Task Answers_with_an_owner_name_pointing_to_itself_when_CompressionLoop_is_set()
    {
        var proxy = await StartAsync(withBackend: false, TimeSpan.Zero, new FaultRule(FaultKind.CompressionLoop));
        var query = Query(16, "loop.example.test.", TypeA);

        var answer = await TestClient.UdpAsync(proxy, query);

        Assert.NotNull(answer);
        var ownerOffset = QuestionEnd(query);
        Assert.Equal(1, Count(answer, 1));
        Assert.Equal(0xC0 | (ownerOffset >> 8), answer[ownerOffset]);
        Assert.Equal(ownerOffset & 0xFF, answer[ownerOffset + 1]);
    }

    [Fact]
    public async Task Drips_TCP_answers_one_byte_every_200_ms_when_SlowDripTcp_is_set()
    {
        var proxy = await StartAsync(new FaultRule(FaultKind.SlowDripTcp));
        using var socket = await TestClient.ConnectTcpAsync(proxy);
        await TestClient.SendFrameAsync(socket, Query(17, "www.example.test.", TypeA));

        var firstSix = new byte[6];
        var clock = Stopwatch.StartNew();
        Assert.True(await TestClient.ReadExactAsync(socket, firstSix, TestContext.Current.CancellationToken));
        clock.Stop();

        // Six bytes need at least five 200 ms pauses; only a lower bound is asserted.
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(950), $"Six bytes took {clock.Elapsed}.");
        Assert.Equal(17, (firstSix[2] << 8) | firstSix[3]);
    }

    [Theory]
    [InlineData(FaultKind.Refused, 5)]
    [InlineData(FaultKind.ServFail, 2)]
    public async Task Answers_with_the_rcode_and_the_question_when_Refused_or_ServFail_is_set(FaultKind kind, int rcode)
    {
        var proxy = await StartAsync(new FaultRule(kind));
        var query = Query(18, "www.example.test.", TypeA);

        var answer = await TestClient.UdpAsync(proxy, query);

        Assert.NotNull(answer);
        Assert.Equal(rcode, Rcode(answer));
        Assert.Equal(18, Id(answer));
        Assert.Equal(query.AsSpan(12, QuestionEnd(query) - 12).ToArray(), answer.AsSpan(12).ToArray());
        Assert.Equal(0, _backend.UdpQueries);
    }

    [Fact]
    public async Task Answers_REFUSED_when_there_is_no_backend_and_no_fault()
    {
        var proxy = await StartAsync(withBackend: false, TimeSpan.Zero);

        var answer = await TestClient.UdpAsync(proxy, Query(19, "www.example.test.", TypeA));

        Assert.NotNull(answer);
        Assert.Equal(5, Rcode(answer));
        Assert.Equal(0, _host!.Counters.FaultsApplied);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Appends_the_given_records_to_the_answer_section_when_AddAnswer_is_set(bool tcp)
    {
        var proxy = await StartAsync(new FaultRule(FaultKind.AddAnswer) { Records = ["www.example.test. 3600 IN TXT \"other\""] });
        var query = Query(20, "www.example.test.", TypeA);
        var original = BackendAnswer(query);

        var answer = tcp ? await TestClient.TcpAsync(proxy, query) : await TestClient.UdpAsync(proxy, query);

        Assert.NotNull(answer);
        Assert.Equal(Count(original, 1) + 1, Count(answer, 1));
        Assert.Equal(Count(original, 2), Count(answer, 2));
        byte[] added = [.. Name("www.example.test."), 0, 16, 0, 1, 0, 0, 0x0E, 0x10, 0, 6, 5, .. "other"u8];
        var addedAt = IndexOf(answer, added);
        var authorityAt = IndexOf(answer, Name("ns.test."));
        Assert.True(addedAt > 0, "The added record is missing.");
        Assert.True(addedAt < authorityAt, "The added record must come before the authority section.");
        Assert.Equal(original.Length + added.Length, answer.Length);
    }

    [Theory]
    [InlineData(null, 512)]
    [InlineData((ushort)1232, 1232)]
    public async Task Pads_UDP_answers_beyond_the_client_limit_without_TC_when_OversizedUdp_is_set(ushort? ednsSize, int limit)
    {
        var proxy = await StartAsync(new FaultRule(FaultKind.OversizedUdp));

        var answer = await TestClient.UdpAsync(proxy, Query(21, "www.example.test.", TypeA, ednsSize));

        Assert.NotNull(answer);
        Assert.True(answer.Length > limit, $"Answer is {answer.Length} bytes.");
        Assert.False(Tc(answer));
        Assert.True(Count(answer, 3) > 0);
        Assert.Equal(1, Count(answer, 1));
    }

    [Fact]
    public async Task Applies_a_rule_only_to_its_qtypes_transport_and_owner_name()
    {
        var proxy = await StartAsync(
            new FaultRule(FaultKind.Refused) { QTypes = ["DNSKEY"] },
            new FaultRule(FaultKind.ServFail) { Transport = "tcp" },
            new FaultRule(FaultKind.WrongId) { QName = "Odd.Example.TEST." });

        var dnskey = await TestClient.UdpAsync(proxy, Query(22, "www.example.test.", TypeDnskey));
        var plain = await TestClient.UdpAsync(proxy, Query(23, "www.example.test.", TypeA));
        var overTcp = await TestClient.TcpAsync(proxy, Query(24, "www.example.test.", TypeA));
        var odd = await TestClient.UdpAsync(proxy, Query(25, "odd.example.test.", TypeA));

        Assert.Equal(5, Rcode(dnskey!));
        Assert.Equal(0, Rcode(plain!));
        Assert.Equal(23, Id(plain!));
        Assert.Equal(2, Rcode(overTcp!));
        Assert.Equal(25 ^ 0x5A5A, Id(odd!));
    }

    [Fact]
    public async Task Counts_malformed_client_queries_and_keeps_serving()
    {
        var proxy = await StartAsync();
        var good = Query(26, "www.example.test.", TypeA);
        var response = BackendAnswer(good);
        byte[] loop = [0, 27, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xC0, 12, 0, 1, 0, 1];

        Assert.Null(await TestClient.UdpAsync(proxy, [1, 2, 3], TimeSpan.FromMilliseconds(300)));
        Assert.Null(await TestClient.UdpAsync(proxy, response, TimeSpan.FromMilliseconds(300)));
        Assert.Null(await TestClient.UdpAsync(proxy, loop, TimeSpan.FromMilliseconds(300)));
        Assert.Null(await TestClient.TcpAsync(proxy, [0xFF, 0xFF, 0xFF], TimeSpan.FromSeconds(3)));
        var answer = await TestClient.UdpAsync(proxy, good);

        Assert.Equal(response, answer);
        Assert.Equal(4, _host!.Counters.Malformed);
        Assert.Equal(5, _host.Counters.QueriesSeen);
        Assert.Equal(0, _backend.UdpQueries - 1);
    }

    [Fact]
    public async Task Survives_a_burst_of_random_client_bytes_on_UDP_and_TCP()
    {
        var proxy = await StartAsync();
        var random = new Random(53);
        using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        for (var i = 0; i < 200; i++)
        {
            var junk = new byte[random.Next(0, 600)];
            random.NextBytes(junk);
            await udp.SendToAsync(junk, SocketFlags.None, proxy, TestContext.Current.CancellationToken);
        }

        for (var i = 0; i < 20; i++)
        {
            using var tcp = await TestClient.ConnectTcpAsync(proxy);
            var junk = new byte[random.Next(1, 300)];
            random.NextBytes(junk);
            await tcp.SendAsync(junk, SocketFlags.None, TestContext.Current.CancellationToken);
        }

        var query = Query(31, "after.example.test.", TypeA);
        var answer = await TestClient.UdpAsync(proxy, query);

        // This has failed now and then with the whole suite running (no answer in 5 s); say what the proxy saw.
        Assert.True(answer is not null, $"no UDP answer after the burst; counters {_host!.Counters}, backend UDP queries {_backend.UdpQueries}; log:\n{_log}");
        Assert.Equal(BackendAnswer(query), answer);
        Assert.Equal(BackendAnswer(query), await TestClient.TcpAsync(proxy, query));
        Assert.True(_host!.Counters.Malformed >= 150, _host.Counters.ToString());
    }

    [Fact]
    public async Task Keeps_per_endpoint_counters_that_add_up_to_the_totals()
    {
        _host = new LabProxyHost(TimeProvider.System, _log);
        await _host.StartAsync(
            [
                new ProxyEndpoint(new IPEndPoint(IPAddress.Loopback, 0), _backend.Endpoint, TimeSpan.Zero, []),
                new ProxyEndpoint(new IPEndPoint(IPAddress.Parse("127.53.250.7"), 0), null, TimeSpan.Zero, [new FaultRule(FaultKind.Drop)]),
            ],
            TestContext.Current.CancellationToken);
        var relay = _host.BoundEndpoints[0];
        var dropper = _host.BoundEndpoints[1];

        await TestClient.UdpAsync(relay, Query(28, "www.example.test.", TypeA));
        await TestClient.UdpAsync(dropper, Query(29, "www.example.test.", TypeA), TimeSpan.FromMilliseconds(300));

        Assert.Equal(1, _host.Counters.ForEndpoint(relay).Forwarded);
        Assert.Equal(1, _host.Counters.ForEndpoint(dropper).Dropped);
        Assert.Equal(2, _host.Counters.QueriesSeen);
    }

    [Fact]
    public async Task Names_the_address_when_a_bind_fails()
    {
        using var squatter = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        squatter.Bind(new IPEndPoint(IPAddress.Parse("127.53.250.9"), 0));
        var taken = (IPEndPoint)squatter.LocalEndPoint!;
        _host = new LabProxyHost(TimeProvider.System, _log);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            _host.StartAsync([new ProxyEndpoint(taken, null, TimeSpan.Zero, [])], TestContext.Current.CancellationToken));

        Assert.Contains(taken.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Contains("UDP", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refuses_to_listen_on_a_non_loopback_address()
    {
        _host = new LabProxyHost(TimeProvider.System, _log);

        var error = await Assert.ThrowsAsync<ProxyConfigException>(() =>
            _host.StartAsync([new ProxyEndpoint(new IPEndPoint(IPAddress.Any, 0), null, TimeSpan.Zero, [])], TestContext.Current.CancellationToken));

        Assert.Equal("endpoints[0].listen", error.Field);
    }

    [Fact]
    public async Task Stops_promptly_while_delayed_queries_are_in_flight()
    {
        var proxy = await StartAsync(withBackend: true, TimeSpan.FromSeconds(25));
        var pending = TestClient.UdpAsync(proxy, Query(30, "www.example.test.", TypeA), TimeSpan.FromSeconds(2));
        await Task.Delay(200, TestContext.Current.CancellationToken);

        var clock = Stopwatch.StartNew();
        await _host!.StopAsync();
        clock.Stop();

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"Stop took {clock.Elapsed}.");
        Assert.Null(await pending);
    }
}
