using System.Net;
using System.Net.Sockets;
using Dnscert.Dns;
using Dnscert.Dns.Wire;
using Dnscert.Traffic.Dnstap;
using Microsoft.Extensions.Time.Testing;

namespace Dnscert.UnitTests.Traffic;

/// <summary>
/// The dnstap listener over TCP on loopback (127.82.0.20): several name servers at once, a server that reconnects, a
/// peer that never completes the handshake (closed after the handshake time-out, on a fake clock) and a peer that
/// announces an oversized frame, none of which disturbs the other connections.
/// </summary>
public sealed class DnstapTcpListenerTests
{
    private static readonly DateTimeOffset s_start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Two_servers_at_once_and_a_reconnecting_one_are_all_counted()
    {
        await using var listener = DnstapListener.Bind("tcp:127.82.0.20:0");
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var accept = listener.AcceptAsync(cts.Token);
        var names = new List<string>();
        var consume = listener.ConsumeAsync(t => names.Add(t.Message.Questions[0].Name.ToString()), cts.Token);
        var endPoint = (IPEndPoint)listener.LocalEndPoint!;

        // Two sessions open side by side, sending interleaved; then the first server reconnects and sends again.
        await using (var first = await Session.OpenAsync(endPoint))
        await using (var second = await Session.OpenAsync(endPoint))
        {
            for (var i = 0; i < 10; i++)
            {
                await first.SendAsync("first.example.");
                await second.SendAsync("second.example.");
            }

            await first.StopAsync();
            await second.StopAsync();
        }

        await using (var again = await Session.OpenAsync(endPoint))
        {
            for (var i = 0; i < 5; i++)
            {
                await again.SendAsync("again.example.");
            }

            await again.StopAsync();
        }

        await WaitUntil(() => listener.Received == 25);
        await cts.CancelAsync();
        await accept;
        await consume;
        Assert.Equal(0, listener.Dropped);
        Assert.Equal(0, listener.RejectedConnections);
        Assert.Equal(["again.example.=5", "first.example.=10", "second.example.=10"], names.GroupBy(n => n).Select(g => $"{g.Key}={g.Count()}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_peer_that_never_completes_the_handshake_is_closed_after_the_timeout_and_others_still_connect()
    {
        var time = new FakeTimeProvider(s_start);
        await using var listener = DnstapListener.Bind("tcp:127.82.0.20:0", maxConnections: 1, handshakeTimeout: TimeSpan.FromSeconds(10), time: time);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var accept = listener.AcceptAsync(cts.Token);
        var consume = listener.ConsumeAsync(_ => { }, cts.Token);
        var endPoint = (IPEndPoint)listener.LocalEndPoint!;

        using var silent = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await silent.ConnectAsync(endPoint, Ct);
        silent.Send(new byte[] { 0, 0 }); // half of an escape, then nothing
        await Task.Delay(200, Ct);
        time.Advance(TimeSpan.FromSeconds(9));
        await Task.Delay(200, Ct);
        Assert.Equal(0, listener.RejectedConnections);

        time.Advance(TimeSpan.FromSeconds(2));
        await WaitUntil(() => listener.RejectedConnections == 1);
        Assert.Contains("No Frame Streams handshake", listener.LastError, StringComparison.Ordinal);
        var buffer = new byte[16];
        using (var read = CancellationTokenSource.CreateLinkedTokenSource(Ct))
        {
            read.CancelAfter(TimeSpan.FromSeconds(10));
            Assert.Equal(0, await silent.ReceiveAsync(buffer, SocketFlags.None, read.Token)); // closed by the listener
        }

        // The only connection slot is free again: a real server gets through.
        await using (var server = await Session.OpenAsync(endPoint))
        {
            await server.SendAsync("after.example.");
            await server.StopAsync();
        }

        await WaitUntil(() => listener.Received == 1);
        await cts.CancelAsync();
        await accept;
        await consume;
    }

    [Fact]
    public async Task A_peer_announcing_an_oversized_frame_is_cut_off_while_another_session_goes_on()
    {
        await using var listener = DnstapListener.Bind("tcp:127.82.0.20:0", maxFrameSize: 4096);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var accept = listener.AcceptAsync(cts.Token);
        var consume = listener.ConsumeAsync(_ => { }, cts.Token);
        var endPoint = (IPEndPoint)listener.LocalEndPoint!;

        await using var good = await Session.OpenAsync(endPoint);
        await good.SendAsync("good.example.");
        await using (var hostile = await Session.OpenAsync(endPoint))
        {
            await hostile.Stream.WriteAsync(new byte[] { 0x7F, 0xFF, 0xFF, 0xFF }, Ct); // a 2 GiB frame length
            await hostile.Stream.FlushAsync(Ct);
            await WaitUntil(() => listener.RejectedConnections == 1);
        }

        Assert.Contains("exceeds the limit of 4096", listener.LastError, StringComparison.Ordinal);
        await good.SendAsync("good.example.");
        await good.StopAsync();
        await WaitUntil(() => listener.Received == 2);
        await cts.CancelAsync();
        await accept;
        await consume;
    }

    private static async Task WaitUntil(Func<bool> condition) =>
        Assert.True(await Eventually.TrueWithin(TimeSpan.FromSeconds(15), condition, TimeSpan.FromMilliseconds(50)), "the listener did not get there within 15 s");

    /// <summary>One name server's dnstap connection: READY/ACCEPT/START, data frames, STOP/FINISH.</summary>
    private sealed class Session : IAsyncDisposable
    {
        private readonly Socket _socket;
        private readonly FrameStreamWriter _writer;
        private readonly FrameStreamReader _reader;

        private Session(Socket socket)
        {
            _socket = socket;
            Stream = new NetworkStream(socket);
            _writer = new FrameStreamWriter(Stream);
            _reader = new FrameStreamReader(Stream);
        }

        public NetworkStream Stream { get; }

        public static async Task<Session> OpenAsync(IPEndPoint endPoint)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(endPoint, Ct);
            var session = new Session(socket);
            await session._writer.WriteControlAsync(FrameStreamControl.Ready, FrameStreamReader.DnstapContentType, Ct);
            Assert.Equal(FrameStreamControl.Accept, (await session._reader.ReadFrameAsync(Ct)).Control);
            await session._writer.WriteControlAsync(FrameStreamControl.Start, FrameStreamReader.DnstapContentType, Ct);
            return session;
        }

        public async Task SendAsync(string name)
        {
            var buffer = new byte[512];
            var writer = new DnsMessageWriter(buffer);
            writer.WriteHeader(7, DnsHeaderBits.Response);
            writer.AddQuestion(DomainName.Parse(name), RRType.A);
            var length = writer.Finish();
            await _writer.WriteDataAsync(DnstapCodec.Encode(new DnstapMessage
            {
                Type = DnstapMessageType.ClientResponse,
                QueryAddress = new byte[] { 10, 0, 0, 1 },
                ResponseAddress = new byte[] { 10, 0, 0, 2 },
                ResponseTime = s_start,
                ResponseMessage = buffer.AsMemory(0, length),
            }), Ct);
        }

        public async Task StopAsync()
        {
            await _writer.WriteControlAsync(FrameStreamControl.Stop, null, Ct);
            Assert.Equal(FrameStreamControl.Finish, (await _reader.ReadFrameAsync(Ct)).Control);
        }

        public async ValueTask DisposeAsync()
        {
            await Stream.DisposeAsync();
            _socket.Dispose();
        }
    }
}
