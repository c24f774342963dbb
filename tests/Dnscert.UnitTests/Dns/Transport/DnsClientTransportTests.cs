using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Dnscert.Dns;
using Dnscert.Dns.Records;
using Dnscert.Dns.Transport;
using Dnscert.Dns.Wire;
using Microsoft.Extensions.Time.Testing;

namespace Dnscert.UnitTests.Dns.Transport;

/// <summary>
/// One query, one loopback server, every outcome. Real sockets on 127.0.0.1 only. UDP cases run twice: with a connected
/// socket per exchange and over the shared sockets (<c>shared</c>), which must report exactly the same outcomes.
/// </summary>
public sealed class DnsClientTransportTests
{
    private static readonly TimeSpan s_shortTimeout = TimeSpan.FromMilliseconds(300);
    private static readonly DnsQuery s_query = new(DomainName.Parse("www.example."), RRType.A) { Edns = new EdnsQueryOptions() };

    private static byte[] AnswerWithAddress(byte[] query) => LoopbackResponder.Respond(query, (ref DnsMessageWriter w) =>
        w.AddRecord(DnsSection.Answer, DomainName.Parse("www.example."), RRClass.IN, 60, new AddressRecordData(IPAddress.Parse("192.0.2.7"))));

    [Theory]
    [InlineData(DnsTransportProtocol.Udp, false)]
    [InlineData(DnsTransportProtocol.Udp, true)]
    [InlineData(DnsTransportProtocol.Tcp, false)]
    public async Task Returns_the_answer_with_its_message_and_round_trip_time(DnsTransportProtocol protocol, bool shared)
    {
        await using var server = new LoopbackResponder(AnswerWithAddress);
        var outcome = await Exchange(server, protocol, TimeSpan.FromSeconds(5), shared);

        var answered = Assert.IsType<ExchangeAnswered>(outcome);
        Assert.Equal("192.0.2.7", answered.Message.Answers[0].GetData().ToString());
        Assert.Equal(protocol, answered.Protocol);
        Assert.True(answered.RoundTripTime > TimeSpan.Zero);
        Assert.Equal(DnsMessage.Parse(answered.Query).Id, answered.Message.Id);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Works_over_IPv6_loopback(bool shared)
    {
        Assert.SkipUnless(Socket.OSSupportsIPv6 && HasIpv6Loopback(), "::1 is not configured on this host");
        await using var server = new LoopbackResponder(AnswerWithAddress, address: IPAddress.IPv6Loopback);
        Assert.IsType<ExchangeAnswered>(await Exchange(server, DnsTransportProtocol.Udp, TimeSpan.FromSeconds(5), shared));
        Assert.IsType<ExchangeAnswered>(await Exchange(server, DnsTransportProtocol.Tcp, TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Refuses_a_TCP_length_prefix_above_the_size_limit_without_reading_the_message()
    {
        await using var server = new LoopbackResponder(AnswerWithAddress);
        var transport = new DnsClientTransport(TimeProvider.System, new ParseLimits { MaxMessageSize = 40 });
        var outcome = await transport.ExchangeAsync(s_query, server.TcpEndPoint, DnsTransportProtocol.Tcp, TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);

        Assert.Equal(DnsFormatError.MessageTooLarge, Assert.IsType<ExchangeMalformed>(outcome).Error!.Error);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Uses_a_random_ID_for_each_query(bool shared)
    {
        await using var server = new LoopbackResponder(AnswerWithAddress);
        var ids = new HashSet<ushort>();
        for (var i = 0; i < 8; i++)
        {
            var outcome = await Exchange(server, DnsTransportProtocol.Udp, TimeSpan.FromSeconds(5), shared);
            ids.Add(DnsMessage.Parse(outcome.Query).Id);
        }

        Assert.True(ids.Count > 1);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Returns_a_truncated_UDP_answer_as_it_is_without_retrying_over_TCP(bool shared)
    {
        await using var server = new LoopbackResponder(q => LoopbackResponder.Respond(q, extra: DnsHeaderBits.Truncated));
        var outcome = await Exchange(server, DnsTransportProtocol.Udp, TimeSpan.FromSeconds(5), shared);

        Assert.True(Assert.IsType<ExchangeAnswered>(outcome).Message.IsTruncated);
        Assert.Equal(1, server.QueriesSeen);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Receives_a_UDP_answer_of_nearly_64_KiB_whole(bool shared)
    {
        // 240 TXT records of 250 bytes: about 63,000 bytes in one datagram, far beyond any EDNS size a server should use.
        var text = new string('x', 250);
        await using var server = new LoopbackResponder(q => LoopbackResponder.Respond(q, (ref DnsMessageWriter w) =>
        {
            for (var i = 0; i < 240; i++)
            {
                w.AddRecord(DnsSection.Answer, DomainName.Parse("www.example."), RRClass.IN, 60, TxtRecordData.FromText(text));
            }
        }));
        var outcome = await Exchange(server, DnsTransportProtocol.Udp, TimeSpan.FromSeconds(5), shared);

        var answered = Assert.IsType<ExchangeAnswered>(outcome);
        Assert.Equal(240, answered.Message.Answers.Length);
        Assert.True(answered.Response.Length > 63_000, $"{answered.Response.Length} bytes");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Times_out_when_the_UDP_server_stays_silent(bool shared)
    {
        await using var server = new LoopbackResponder(_ => null);
        var clock = Stopwatch.StartNew();
        var outcome = await Exchange(server, DnsTransportProtocol.Udp, s_shortTimeout, shared);

        Assert.IsType<ExchangeTimedOut>(outcome);
        Assert.InRange(clock.Elapsed, s_shortTimeout * 0.8, TimeSpan.FromSeconds(5));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Times_out_on_the_injected_clock(bool shared)
    {
        await using var server = new LoopbackResponder(_ => null);
        var time = new FakeTimeProvider();
        using var transport = new DnsClientTransport(time, sharedUdpSockets: shared ? 2 : 0);
        var pending = transport.ExchangeAsync(s_query, server.UdpEndPoint, DnsTransportProtocol.Udp, TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken);
        await WaitUntil(() => server.QueriesSeen == 1);
        Assert.False(pending.IsCompleted);

        time.Advance(TimeSpan.FromSeconds(2));
        var outcome = await pending.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.IsType<ExchangeTimedOut>(outcome);
        Assert.Equal(TimeSpan.FromSeconds(2), outcome.Elapsed);
    }

    [Theory]
    [InlineData(TcpBehaviour.AcceptAndStall)]
    [InlineData(TcpBehaviour.Drip)]
    public async Task Ends_a_TCP_exchange_at_the_deadline_when_the_server_stalls_or_drips(TcpBehaviour mode)
    {
        await using var server = new LoopbackResponder(AnswerWithAddress, mode);
        var clock = Stopwatch.StartNew();
        var outcome = await Exchange(server, DnsTransportProtocol.Tcp, TimeSpan.FromMilliseconds(500));

        Assert.IsType<ExchangeTimedOut>(outcome);
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(400), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Reports_a_TCP_connection_closed_in_the_middle_of_a_message()
    {
        await using var server = new LoopbackResponder(AnswerWithAddress, TcpBehaviour.CloseAfterPrefix);
        var outcome = await Exchange(server, DnsTransportProtocol.Tcp, TimeSpan.FromSeconds(5));

        Assert.IsType<ExchangeNetworkError>(outcome);
    }

    [Theory]
    [InlineData(DnsTransportProtocol.Udp, false)]
    [InlineData(DnsTransportProtocol.Udp, true)]
    [InlineData(DnsTransportProtocol.Tcp, false)]
    public async Task Reports_a_response_with_the_wrong_ID(DnsTransportProtocol protocol, bool shared)
    {
        await using var server = new LoopbackResponder(q => LoopbackResponder.Respond(q, id: (ushort)(DnsMessage.Parse(q).Id ^ 0xFFFF)));
        var outcome = await Exchange(server, protocol, TimeSpan.FromSeconds(5), shared);

        var mismatch = Assert.IsType<ExchangeIdMismatch>(outcome);
        Assert.Equal(mismatch.ExpectedId ^ 0xFFFF, mismatch.ReceivedId);
        Assert.False(mismatch.Response.IsEmpty);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Reports_a_response_for_another_question(bool shared)
    {
        await using var server = new LoopbackResponder(q => LoopbackResponder.Respond(q, otherName: "evil.example."));
        var outcome = await Exchange(server, DnsTransportProtocol.Udp, TimeSpan.FromSeconds(5), shared);

        Assert.IsType<ExchangeQuestionMismatch>(outcome);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Accepts_a_question_echoed_in_another_case(bool shared)
    {
        await using var server = new LoopbackResponder(q => LoopbackResponder.Respond(q, otherName: "WWW.Example."));
        var outcome = await Exchange(server, DnsTransportProtocol.Udp, TimeSpan.FromSeconds(5), shared);

        Assert.IsType<ExchangeAnswered>(outcome);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Reports_malformed_bytes_with_the_reason_and_the_bytes(bool shared)
    {
        // Right ID, then a header claiming five answers that are not there.
        await using var server = new LoopbackResponder(q => [q[0], q[1], 0x84, 0, 0, 0, 0, 5, 0, 0, 0, 0]);
        var outcome = await Exchange(server, DnsTransportProtocol.Udp, TimeSpan.FromSeconds(5), shared);

        var malformed = Assert.IsType<ExchangeMalformed>(outcome);
        Assert.Equal(DnsFormatError.CountTooLarge, malformed.Error!.Error);
        Assert.Equal(12, malformed.Response.Length);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Reports_a_query_echoed_back_without_the_QR_bit_as_malformed(bool shared)
    {
        await using var server = new LoopbackResponder(q => q);
        var outcome = await Exchange(server, DnsTransportProtocol.Udp, TimeSpan.FromSeconds(5), shared);

        Assert.IsType<ExchangeMalformed>(outcome);
    }

    [Theory]
    [InlineData(DnsTransportProtocol.Udp, false)]
    [InlineData(DnsTransportProtocol.Udp, true)]
    [InlineData(DnsTransportProtocol.Tcp, false)]
    public async Task Reports_connection_refused_when_nothing_listens(DnsTransportProtocol protocol, bool shared)
    {
        var closed = ClosedPort(protocol);
        using var transport = new DnsClientTransport(TimeProvider.System, sharedUdpSockets: shared ? 2 : 0);
        var outcome = await transport.ExchangeAsync(s_query, closed, protocol, TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);

        Assert.IsType<ExchangeConnectionRefused>(outcome);
        Assert.True(outcome.Elapsed < TimeSpan.FromSeconds(5));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Throws_only_when_the_caller_cancels(bool shared)
    {
        await using var server = new LoopbackResponder(_ => null);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        using var transport = new DnsClientTransport(TimeProvider.System, sharedUdpSockets: shared ? 2 : 0);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            transport.ExchangeAsync(s_query, server.UdpEndPoint, DnsTransportProtocol.Udp, TimeSpan.FromSeconds(30), cancel.Token));
    }

    private static async Task<DnsExchangeOutcome> Exchange(LoopbackResponder server, DnsTransportProtocol protocol, TimeSpan timeout, bool shared = false)
    {
        using var transport = new DnsClientTransport(TimeProvider.System, sharedUdpSockets: shared ? 2 : 0);
        Assert.Equal(shared, transport.SharesUdpSockets);
        return await transport.ExchangeAsync(
            s_query, protocol == DnsTransportProtocol.Udp ? server.UdpEndPoint : server.TcpEndPoint, protocol, timeout, TestContext.Current.CancellationToken);
    }

    private static IPEndPoint ClosedPort(DnsTransportProtocol protocol)
    {
        using var socket = protocol == DnsTransportProtocol.Udp
            ? new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp)
            : new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return (IPEndPoint)socket.LocalEndPoint!;
    }

    private static bool HasIpv6Loopback()
    {
        try
        {
            using var probe = new Socket(AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp);
            probe.Bind(new IPEndPoint(IPAddress.IPv6Loopback, 0));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static async Task WaitUntil(Func<bool> condition) =>
        Assert.True(await Eventually.TrueWithin(TimeSpan.FromSeconds(5), condition));
}
