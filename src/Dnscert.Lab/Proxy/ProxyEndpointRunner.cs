using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace Dnscert.Lab.Proxy;

/// <summary>The UDP and TCP sockets of one <see cref="ProxyEndpoint"/> and the work on them.</summary>
internal sealed class ProxyEndpointRunner : IAsyncDisposable
{
    // Limits: test equipment must stay bounded even when a test floods it.
    private const int MaxUdpInFlight = 2048;
    private const int MaxTcpConnections = 64;
    private const int MaxTcpInFlightPerConnection = 32;
    private const int MaxUdpDatagram = 65507;
    private const int MaxUdpPadTarget = 65000;
    private const int ClassicUdpLimit = 512;
    private const int MaxBackendReads = 16;
    private static readonly TimeSpan s_backendTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan s_tcpIdleTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan s_dropHold = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan s_dripInterval = TimeSpan.FromMilliseconds(200);

    private readonly ProxyEndpoint _endpoint;
    private readonly CompiledRule[] _rules;
    private readonly bool _dropEveryTcpConnection;
    private readonly TimeProvider _time;
    private readonly Action<string> _log;
    private readonly Socket _udp;
    private readonly Socket _tcp;
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _udpSlots = new(MaxUdpInFlight, MaxUdpInFlight);
    private readonly SemaphoreSlim _tcpSlots = new(MaxTcpConnections, MaxTcpConnections);
    private readonly ConcurrentDictionary<long, Task> _work = new();
    private long _nextWorkId;
    private Task _udpLoop = Task.CompletedTask;
    private Task _tcpLoop = Task.CompletedTask;
    private Socket? _otherUdp;

    private ProxyEndpointRunner(ProxyEndpoint endpoint, CompiledRule[] rules, Socket udp, Socket tcp, ProxyCounters counters, TimeProvider time, Action<string> log)
    {
        _endpoint = endpoint;
        _rules = rules;
        _dropEveryTcpConnection = rules.Any(r => r.Kind == FaultKind.DropTcp && r.Tcp && r.IsUnconditional);
        _udp = udp;
        _tcp = tcp;
        Counters = counters;
        _time = time;
        _log = log;
        Bound = (IPEndPoint)udp.LocalEndPoint!;
    }

    public IPEndPoint Bound { get; }

    public ProxyCounters Counters { get; }

    /// <summary>
    /// Where AnswerFromOtherAddress answers from: the IPv4 address with the high bit of its last octet flipped
    /// (127.53.142.2 answers from 127.53.142.130). Every 127/8 address is local, so no interface needs changing,
    /// and lab servers use low last octets, so the other address never belongs to another server.
    /// </summary>
    public static IPAddress OtherAddress(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var bytes = address.GetAddressBytes();
        bytes[^1] ^= 0x80;
        return new IPAddress(bytes);
    }

    /// <summary>Binds UDP and TCP on the same port (a free one when the port is 0) and starts serving.</summary>
    public static ProxyEndpointRunner Start(ProxyEndpoint endpoint, CompiledRule[] rules, ProxyCounters totals, TimeProvider time, Action<string> log)
    {
        var (udp, tcp) = Bind(endpoint.Listen);
        Socket? other = null;
        if (rules.Any(r => r.Kind == FaultKind.AnswerFromOtherAddress))
        {
            // The answering socket of AnswerFromOtherAddress: same port, the other address, bound before any query arrives.
            var bound = (IPEndPoint)udp.LocalEndPoint!;
            try
            {
                if (bound.AddressFamily != AddressFamily.InterNetwork)
                {
                    throw new InvalidOperationException($"AnswerFromOtherAddress needs an IPv4 listen address, not {bound}.");
                }

                other = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                BindOne(other, new IPEndPoint(OtherAddress(bound.Address), bound.Port), "UDP");
            }
            catch
            {
                other?.Dispose();
                udp.Dispose();
                tcp.Dispose();
                throw;
            }
        }

        var runner = new ProxyEndpointRunner(endpoint, rules, udp, tcp, totals.AddEndpoint(new IPEndPoint(endpoint.Listen.Address, ((IPEndPoint)udp.LocalEndPoint!).Port)), time, log)
        {
            _otherUdp = other,
        };
        runner._udpLoop = Task.Run(runner.UdpLoopAsync);
        runner._tcpLoop = Task.Run(runner.TcpLoopAsync);
        return runner;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync();
        }

        _udp.Dispose();
        _tcp.Dispose();
        _otherUdp?.Dispose();
        await Task.WhenAll(_udpLoop, _tcpLoop);
        await Task.WhenAll(_work.Values);
        _stop.Dispose();
        _udpSlots.Dispose();
        _tcpSlots.Dispose();
    }

    private static (Socket Udp, Socket Tcp) Bind(IPEndPoint listen)
    {
        // Port 0 asks for a free port; UDP and TCP must share it, so retry when UDP's is taken.
        const int Attempts = 20;
        for (var attempt = 1; ; attempt++)
        {
            var tcp = new Socket(listen.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            var udp = new Socket(listen.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            try
            {
                // Lets a restarted lab rebind while old connections sit in TIME_WAIT; Linux still refuses a second listener.
                tcp.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                BindOne(tcp, listen, "TCP");
                var port = ((IPEndPoint)tcp.LocalEndPoint!).Port;
                BindOne(udp, new IPEndPoint(listen.Address, port), "UDP");
                tcp.Listen(128);
                return (udp, tcp);
            }
            catch (InvalidOperationException) when (listen.Port == 0 && attempt < Attempts)
            {
                tcp.Dispose();
                udp.Dispose();
            }
            catch
            {
                tcp.Dispose();
                udp.Dispose();
                throw;
            }
        }
    }

    private static void BindOne(Socket socket, IPEndPoint endpoint, string transport)
    {
        try
        {
            socket.Bind(endpoint);
        }
        catch (SocketException ex)
        {
            throw new InvalidOperationException($"The lab proxy could not bind {transport} {endpoint}: {ex.Message} ({ex.SocketErrorCode}).", ex);
        }
    }

    private void Track(Func<Task> work)
    {
        var id = Interlocked.Increment(ref _nextWorkId);
        var task = Task.Run(async () =>
        {
            try
            {
                await work();
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                // Stopping; StopAsync must not fail because work was cut short.
            }
            catch (Exception ex)
            {
                // One query must never take the host down: report it and keep serving.
                _log($"Unexpected failure on {Bound}: {ex}.");
            }
            finally
            {
                _work.TryRemove(id, out _);
            }
        });
        _work.TryAdd(id, task);
        if (task.IsCompleted)
        {
            _work.TryRemove(id, out _);
        }
    }

    private async Task UdpLoopAsync()
    {
        var token = _stop.Token;
        var buffer = new byte[ProxyWire.MaxMessage];
        EndPoint any = Bound.AddressFamily == AddressFamily.InterNetworkV6 ? new IPEndPoint(IPAddress.IPv6Any, 0) : new IPEndPoint(IPAddress.Any, 0);
        while (!token.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _udp.ReceiveFromAsync(buffer, SocketFlags.None, any, token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException && token.IsCancellationRequested)
            {
                break;
            }
            catch (SocketException ex)
            {
                // A client's ICMP error can surface here; the socket itself is still good.
                _log($"UDP receive on {Bound} failed: {ex.SocketErrorCode}.");
                continue;
            }

            var datagram = buffer.AsSpan(0, received.ReceivedBytes).ToArray();
            var client = (IPEndPoint)received.RemoteEndPoint;
            if (!_udpSlots.Wait(0))
            {
                // Over capacity: drop and count, like a busy server; the client will retry.
                Counters.AddQuery();
                Counters.AddDropped();
                continue;
            }

            Track(async () =>
            {
                try
                {
                    await HandleUdpAsync(datagram, client, token);
                }
                finally
                {
                    _udpSlots.Release();
                }
            });
        }
    }

    private async Task HandleUdpAsync(byte[] datagram, IPEndPoint client, CancellationToken token)
    {
        Counters.AddQuery();
        if (!ProxyWire.TryParseQuery(datagram, out var query))
        {
            Counters.AddMalformed();
            return;
        }

        try
        {
            var rule = Match(query, tcp: false);
            await DelayAsync(token);
            var answer = await ProduceAnswerAsync(datagram, query, rule, tcp: false, token);
            if (answer is null)
            {
                return;
            }

            if (answer.Length > MaxUdpDatagram)
            {
                _log($"UDP answer of {answer.Length} bytes on {Bound} does not fit a datagram and was dropped.");
                Counters.AddDropped();
                return;
            }

            await DelayAsync(token);
            var sender = rule?.Kind == FaultKind.AnswerFromOtherAddress && _otherUdp is not null ? _otherUdp : _udp;
            await sender.SendToAsync(answer, SocketFlags.None, client, token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException && token.IsCancellationRequested)
        {
            // Stopping.
        }
        catch (SocketException ex)
        {
            _log($"UDP answer to {client} from {Bound} failed: {ex.SocketErrorCode}.");
            Counters.AddDropped();
        }
    }

    private async Task TcpLoopAsync()
    {
        var token = _stop.Token;
        while (!token.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _tcp.AcceptAsync(token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException && token.IsCancellationRequested)
            {
                break;
            }
            catch (SocketException ex)
            {
                // For example out of descriptors: back off instead of spinning.
                _log($"TCP accept on {Bound} failed: {ex.SocketErrorCode}.");
                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(100), _time, token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                continue;
            }

            if (!_tcpSlots.Wait(0))
            {
                Counters.AddTcpConnectionRejected();
                client.Dispose();
                continue;
            }

            Counters.AddTcpConnection();
            Track(async () =>
            {
                try
                {
                    using (client)
                    {
                        await HandleTcpConnectionAsync(client, token);
                    }
                }
                finally
                {
                    _tcpSlots.Release();
                }
            });
        }
    }

    private async Task HandleTcpConnectionAsync(Socket client, CancellationToken token)
    {
        if (_dropEveryTcpConnection)
        {
            // Closed without reading: the kernel may send RST instead of FIN when a query is already queued.
            Counters.AddFault();
            return;
        }

        using var writeLock = new SemaphoreSlim(1, 1);
        using var inFlight = new SemaphoreSlim(MaxTcpInFlightPerConnection, MaxTcpInFlightPerConnection);
        var pending = new List<Task>();
        DateTimeOffset? holdUntil = null;
        try
        {
            while (true)
            {
                var timeout = holdUntil is { } until ? until - _time.GetUtcNow() : s_tcpIdleTimeout;
                if (timeout <= TimeSpan.Zero)
                {
                    break;
                }

                var message = await ReadFrameAsync(client, timeout, token);
                if (message is null)
                {
                    break;
                }

                Counters.AddQuery();
                if (holdUntil is not null)
                {
                    // A Drop fault already hit this connection: it reads and never writes again.
                    Counters.AddDropped();
                    continue;
                }

                if (!ProxyWire.TryParseQuery(message, out var query))
                {
                    Counters.AddMalformed();
                    break;
                }

                var rule = Match(query, tcp: true);
                if (rule?.Kind == FaultKind.DropTcp)
                {
                    Counters.AddFault();
                    Counters.AddDropped();
                    break;
                }

                if (rule?.Kind == FaultKind.Drop)
                {
                    Counters.AddFault();
                    Counters.AddDropped();
                    holdUntil = _time.GetUtcNow() + s_dropHold;
                    continue;
                }

                await inFlight.WaitAsync(token);
                pending.RemoveAll(t => t.IsCompleted);
                pending.Add(AnswerTcpAsync(client, message, query, rule, writeLock, inFlight, token));
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException && token.IsCancellationRequested)
        {
            // Stopping.
        }
        catch (SocketException ex)
        {
            _log($"TCP read on {Bound} failed: {ex.SocketErrorCode}.");
        }

        // Answers still under way are written even when the client half-closed after its last query.
        await Task.WhenAll(pending);
    }

    private async Task AnswerTcpAsync(Socket client, byte[] message, ProxyQuery query, CompiledRule? rule, SemaphoreSlim writeLock, SemaphoreSlim inFlight, CancellationToken token)
    {
        try
        {
            await DelayAsync(token);
            var answer = await ProduceAnswerAsync(message, query, rule, tcp: true, token);
            if (answer is null)
            {
                return;
            }

            if (answer.Length > ProxyWire.MaxMessage)
            {
                _log($"TCP answer of {answer.Length} bytes on {Bound} does not fit a frame and was dropped.");
                Counters.AddDropped();
                return;
            }

            await DelayAsync(token);
            var framed = new byte[answer.Length + 2];
            BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)answer.Length);
            answer.CopyTo(framed, 2);
            await writeLock.WaitAsync(token);
            try
            {
                if (rule?.Kind == FaultKind.SlowDripTcp)
                {
                    for (var i = 0; i < framed.Length; i++)
                    {
                        await client.SendAsync(framed.AsMemory(i, 1), SocketFlags.None, token);
                        if (i + 1 < framed.Length)
                        {
                            await Task.Delay(s_dripInterval, _time, token);
                        }
                    }
                }
                else
                {
                    await SendAllAsync(client, framed, token);
                }
            }
            finally
            {
                writeLock.Release();
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException && token.IsCancellationRequested)
        {
            // Stopping.
        }
        catch (SocketException ex)
        {
            _log($"TCP answer from {Bound} failed: {ex.SocketErrorCode}.");
            Counters.AddDropped();
        }
        finally
        {
            inFlight.Release();
        }
    }

    private CompiledRule? Match(in ProxyQuery query, bool tcp)
    {
        foreach (var rule in _rules)
        {
            if (rule.Matches(query, tcp))
            {
                return rule;
            }
        }

        return null;
    }

    /// <summary>The bytes to send back, or null for no answer at all.</summary>
    private async Task<byte[]?> ProduceAnswerAsync(byte[] message, ProxyQuery query, CompiledRule? rule, bool tcp, CancellationToken token)
    {
        if (rule is null)
        {
            return _endpoint.Backend is null
                ? ProxyWire.BuildHeaderAnswer(message, query, rcode: 5, truncated: false, authoritative: false)
                : await ForwardAsync(message, query, tcp, token);
        }

        Counters.AddFault();
        switch (rule.Kind)
        {
            case FaultKind.Drop:
                Counters.AddDropped();
                return null;
            case FaultKind.Refused:
                return ProxyWire.BuildHeaderAnswer(message, query, rcode: 5, truncated: false, authoritative: false);
            case FaultKind.ServFail:
                return ProxyWire.BuildHeaderAnswer(message, query, rcode: 2, truncated: false, authoritative: false);
            case FaultKind.TruncateUdp:
                return ProxyWire.BuildHeaderAnswer(message, query, rcode: 0, truncated: true, authoritative: true);
            case FaultKind.Garbage:
                return RandomNumberGenerator.GetBytes(RandomNumberGenerator.GetInt32(40, 201));
            case FaultKind.CompressionLoop:
                return ProxyWire.BuildCompressionLoop(message, query);
            case FaultKind.WrongId:
                {
                    var answer = await BaseAnswerAsync(message, query, tcp, token);
                    if (answer is not null)
                    {
                        var id = (ushort)(ProxyWire.ReadUInt16(answer, 0) ^ 0x5A5A);
                        ProxyWire.WriteUInt16(answer, 0, id);
                    }

                    return answer;
                }

            case FaultKind.AddAnswer:
                {
                    var answer = await BaseAnswerAsync(message, query, tcp, token);
                    if (answer is null)
                    {
                        return null;
                    }

                    if (!ProxyWire.TryAppendAnswers(answer, rule.Records, out var grown))
                    {
                        // The backend's answer cannot be walked or would overflow: pass it on as it is.
                        _log($"AddAnswer on {Bound} could not extend the answer to {query.QName}; relayed unchanged.");
                        return answer;
                    }

                    return grown;
                }

            case FaultKind.OversizedUdp:
                {
                    var answer = await BaseAnswerAsync(message, query, tcp, token);
                    if (answer is null || answer.Length < ProxyWire.HeaderLength)
                    {
                        return answer;
                    }

                    var limit = Math.Min(Math.Max(ClassicUdpLimit, (int)query.EdnsUdpSize), MaxUdpPadTarget);
                    return ProxyWire.PadAdditional(answer, limit);
                }

            case FaultKind.SlowDripTcp or FaultKind.AnswerFromOtherAddress:
                return await BaseAnswerAsync(message, query, tcp, token);
            default:
                // DropTcp acts on the connection before an answer is produced.
                throw new InvalidOperationException($"Fault {rule.Kind} reached answer production.");
        }
    }

    /// <summary>The backend's answer, or without a backend an empty authoritative NOERROR answer.</summary>
    private async Task<byte[]?> BaseAnswerAsync(byte[] message, ProxyQuery query, bool tcp, CancellationToken token) =>
        _endpoint.Backend is null
            ? ProxyWire.BuildHeaderAnswer(message, query, rcode: 0, truncated: false, authoritative: true)
            : await ForwardAsync(message, query, tcp, token);

    private async Task<byte[]?> ForwardAsync(byte[] message, ProxyQuery query, bool tcp, CancellationToken token)
    {
        var backend = _endpoint.Backend!;
        Counters.AddForwarded();
        using var timeout = new CancellationTokenSource(s_backendTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(token, timeout.Token);
        try
        {
            // A fresh socket per query: no id matching across clients and no head-of-line blocking.
            using var socket = new Socket(backend.AddressFamily, tcp ? SocketType.Stream : SocketType.Dgram, tcp ? ProtocolType.Tcp : ProtocolType.Udp);
            await socket.ConnectAsync(backend, linked.Token);
            if (tcp)
            {
                var framed = new byte[message.Length + 2];
                BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)message.Length);
                message.CopyTo(framed, 2);
                await SendAllAsync(socket, framed, linked.Token);
                var answer = await ReadFrameAsync(socket, s_backendTimeout, linked.Token);
                if (answer is null)
                {
                    throw new IOException("The backend closed the connection without an answer.");
                }

                return answer;
            }

            await socket.SendAsync(message, SocketFlags.None, linked.Token);

            // Pooled: thousands of queries may wait on the backend at once, each needing room for 64 KiB.
            var buffer = ArrayPool<byte>.Shared.Rent(ProxyWire.MaxMessage);
            try
            {
                for (var reads = 0; reads < MaxBackendReads; reads++)
                {
                    var length = await socket.ReceiveAsync(buffer.AsMemory(0, ProxyWire.MaxMessage), SocketFlags.None, linked.Token);
                    if (length >= 2 && ProxyWire.ReadUInt16(buffer, 0) == query.Id)
                    {
                        return buffer.AsSpan(0, length).ToArray();
                    }
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            throw new IOException("The backend sent only answers with other ids.");
        }
        catch (Exception ex) when (ex is OperationCanceledException && token.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or IOException)
        {
            _log($"Backend {backend} ({(tcp ? "TCP" : "UDP")}) failed for {query.QName}: {(ex is OperationCanceledException ? "timed out" : ex.Message)}.");
            Counters.AddBackendFailure();
            return null;
        }
    }

    private Task DelayAsync(CancellationToken token) =>
        _endpoint.OneWayDelay > TimeSpan.Zero ? Task.Delay(_endpoint.OneWayDelay, _time, token) : Task.CompletedTask;

    /// <summary>One length-prefixed message, or null on a clean end of stream or when <paramref name="timeout"/> passes.</summary>
    private async Task<byte[]?> ReadFrameAsync(Socket socket, TimeSpan timeout, CancellationToken token)
    {
        using var timer = new CancellationTokenSource(timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(token, timer.Token);
        try
        {
            var prefix = new byte[2];
            if (!await ReadExactAsync(socket, prefix, linked.Token))
            {
                return null;
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(prefix);
            var message = new byte[length];
            return await ReadExactAsync(socket, message, linked.Token) ? message : null;
        }
        catch (OperationCanceledException) when (!token.IsCancellationRequested)
        {
            return null;
        }
    }

    private static async Task<bool> ReadExactAsync(Socket socket, byte[] buffer, CancellationToken token)
    {
        var filled = 0;
        while (filled < buffer.Length)
        {
            var read = await socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, token);
            if (read == 0)
            {
                return false;
            }

            filled += read;
        }

        return true;
    }

    private static async Task SendAllAsync(Socket socket, byte[] data, CancellationToken token)
    {
        var sent = 0;
        while (sent < data.Length)
        {
            sent += await socket.SendAsync(data.AsMemory(sent), SocketFlags.None, token);
        }
    }
}
