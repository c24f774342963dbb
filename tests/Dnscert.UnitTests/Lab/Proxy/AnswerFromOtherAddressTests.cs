using System.Net;
using System.Net.Sockets;
using Dnscert.Dns;
using Dnscert.Dns.Transport;
using Dnscert.Dns.Wire;
using Dnscert.Lab.Proxy;
using static Dnscert.UnitTests.Lab.Proxy.DnsTestMessages;

namespace Dnscert.UnitTests.Lab.Proxy;

/// <summary>
/// The proxy's AnswerFromOtherAddress fault (NAMESERVER04 in the lab): UDP answers leave from the listen address with
/// the high bit of its last octet flipped, TCP is untouched. Listens on 127.86.4.2 (this area's loopback range).
/// </summary>
public sealed class AnswerFromOtherAddressTests : IAsyncLifetime
{
    private static readonly IPAddress s_listen = IPAddress.Parse("127.86.4.2");
    private readonly StringWriter _log = new();
    private readonly LabProxyHost _host;

    public AnswerFromOtherAddressTests() => _host = new LabProxyHost(TimeProvider.System, _log);

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public void The_other_address_flips_the_high_bit_of_the_last_octet()
    {
        Assert.Equal(IPAddress.Parse("127.53.142.130"), ProxyEndpointRunner.OtherAddress(IPAddress.Parse("127.53.142.2")));
        Assert.Equal(IPAddress.Parse("127.53.142.2"), ProxyEndpointRunner.OtherAddress(IPAddress.Parse("127.53.142.130")));
    }

    [Fact]
    public async Task A_UDP_answer_comes_from_the_other_address_and_a_connected_client_never_sees_it()
    {
        var proxy = await StartAsync();
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var query = Query(0x4242, "other-source.test.", 6);
        await socket.SendToAsync(query, SocketFlags.None, proxy, TestContext.Current.CancellationToken);
        var buffer = new byte[65535];
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(TimeSpan.FromSeconds(5));
        var received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), cts.Token);

        Assert.Equal(new IPEndPoint(IPAddress.Parse("127.86.4.130"), proxy.Port), received.RemoteEndPoint);
        Assert.Equal(0x4242, Id(buffer[..received.ReceivedBytes]));
        Assert.Null(await TestClient.UdpAsync(proxy, Query(0x4343, "other-source.test.", 6), TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task TCP_is_answered_on_the_connection_as_usual()
    {
        var proxy = await StartAsync();
        var answer = await TestClient.TcpAsync(proxy, Query(0x0505, "other-source.test.", 6));
        Assert.NotNull(answer);
        Assert.Equal(0x0505, Id(answer));
        // The rule is UDP-only, so TCP gets what a backend-less endpoint gives every unmatched query: REFUSED.
        Assert.Equal(5, Rcode(answer));
    }

    [Fact]
    public async Task The_any_source_probe_of_the_check_engine_names_the_address_the_answer_came_from()
    {
        var proxy = await StartAsync();
        using var transport = new DnsClientTransport(TimeProvider.System);
        var outcome = await transport.ExchangeUdpFromAnySourceAsync(new DnsQuery(DomainName.Parse("other-source.test."), RRType.SOA), proxy, TimeSpan.FromSeconds(5),
            TestContext.Current.CancellationToken);

        Assert.IsType<ExchangeAnswered>(outcome);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("127.86.4.130"), proxy.Port), outcome.AnsweredFrom);
    }

    private async Task<IPEndPoint> StartAsync()
    {
        await _host.StartAsync([new ProxyEndpoint(new IPEndPoint(s_listen, 0), null, TimeSpan.Zero, [new FaultRule(FaultKind.AnswerFromOtherAddress)])], TestContext.Current.CancellationToken);
        return _host.BoundEndpoints.Single();
    }
}
