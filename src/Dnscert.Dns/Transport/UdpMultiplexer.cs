using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Threading.Tasks.Sources;
using Dnscert.Dns.Wire;

namespace Dnscert.Dns.Transport;

/// <summary>
/// Many UDP exchanges over a few long-lived unconnected sockets, the way dnsperf and stub resolvers with many queries
/// outstanding work: a query costs one <c>sendto</c> from the caller's thread, and one dedicated thread per socket
/// blocks in <c>recvfrom</c> and hands each datagram to the exchange it answers. The per-exchange socket, connect,
/// readiness peek, epoll registration, cancellation source and timer of the plain path were a third of the monitor's
/// CPU time (docs/dns-transport.md).
/// </summary>
/// <remarks>
/// <para>A datagram answers an exchange only when it comes from the address and port the query went to and carries the
/// query's ID (the exchange then checks the question, as with a connected socket). The ID is random for every query and
/// the socket is picked at random; a (server, ID) pair is never reused on a socket while an earlier exchange with it is
/// outstanding or among the last <see cref="RecentlyFinishedPerSocket"/> finished ones, so a late answer to a timed-out
/// query cannot be taken for the answer to a new one.</para>
/// <para>What a connected socket reports is kept: a datagram from the server with an unknown ID, or one that cannot be
/// parsed, goes to the oldest outstanding exchange on that socket with the server and the same question (or any
/// question, when it has none), so a server that answers with the wrong ID is still seen (unless the (server, ID) pair
/// finished recently: then it is a late or duplicate answer and is dropped). ICMP errors (port unreachable) come from the
/// kernel's error queue, which names the original destination and returns the start of the query, so the exchange
/// still ends as "connection refused" at once.</para>
/// <para>Time-outs: one periodic sweep (every <see cref="SweepPeriod"/>, on the injected <see cref="TimeProvider"/>)
/// ends the exchanges whose deadline has passed; an exchange awaits a pooled <see cref="IValueTaskSource{TResult}"/>.</para>
/// <para>The receive thread runs an answered exchange's continuation itself instead of queueing it to the thread pool:
/// the queue's hand-off (a work item, often a futex wake of a sleeping worker and a context switch) cost more than the
/// continuation, which on a busy monitor mostly classifies the answer and sends the next query. Answers that arrive
/// meanwhile wait in the socket's 4 MiB buffer; their round-trip time is taken when the receive returns. Time-outs,
/// ICMP errors and cancellations still complete on the thread pool.</para>
/// </remarks>
internal sealed class UdpMultiplexer : IDisposable
{
    /// <summary>Finished (server, ID) pairs remembered per socket, so their late or duplicate answers are dropped, not misattributed.</summary>
    public const int RecentlyFinishedPerSocket = 32_768;

    /// <summary>How often the deadlines are checked: a time-out ends at most this much after its deadline.</summary>
    public static readonly TimeSpan SweepPeriod = TimeSpan.FromMilliseconds(20);

    private const int MaxPooled = 4096;
    private const int SocketBufferBytes = 4 << 20;

    private static readonly Action<object?> s_onCancelled = static state => ((PendingExchange)state!).OnCancelled();

    private readonly TimeProvider _time;
    private readonly int _socketsPerFamily;
    private readonly ITimer _sweep;
    private readonly Lock _open = new();
    private readonly ConcurrentQueue<PendingExchange> _free = new();
    private readonly ConcurrentDictionary<IPEndPoint, SocketAddress> _addresses = new();
    private readonly List<PendingExchange> _expired = [];
    private MuxSocket[]? _v4;
    private MuxSocket[]? _v6;
    private long _strays;
    private int _sweeping;
    private int _disposed;

    public UdpMultiplexer(TimeProvider time, int socketsPerFamily)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThan(socketsPerFamily, 1);
        _time = time;
        _socketsPerFamily = socketsPerFamily;
        _sweep = time.CreateTimer(static s => ((UdpMultiplexer)s!).Sweep(), this, SweepPeriod, SweepPeriod);
    }

    /// <summary>Datagrams that answered no exchange (late, duplicate, or from an address nothing was asked).</summary>
    public long StrayDatagrams => Interlocked.Read(ref _strays);

    /// <summary>The local ports of the sockets of <paramref name="family"/> opened so far.</summary>
    public IReadOnlyList<int> LocalPorts(AddressFamily family) =>
        (family == AddressFamily.InterNetworkV6 ? _v6 : _v4)?.Select(s => ((IPEndPoint)s.Socket.LocalEndPoint!).Port).ToArray() ?? [];

    /// <summary>
    /// Sends <paramref name="query"/> to <paramref name="server"/> and returns the pending reply. When
    /// <paramref name="mayChangeId"/>, a clash of (server, ID) with an outstanding or recent exchange gets a fresh random ID
    /// written into the query's first two bytes; otherwise the other sockets are tried, and false is returned when every
    /// socket clashes (the caller then uses a socket of its own).
    /// </summary>
    /// <remarks>
    /// <paramref name="anySource"/>: the exchange also takes a datagram from any other address that carries its ID (the
    /// reply's <see cref="UdpReply.From"/> then names that address), so its ID is kept unique among the any-source
    /// exchanges of its socket.
    /// </remarks>
    public bool TryStart(ReadOnlyMemory<byte> query, bool mayChangeId, DnsQuestion? asked, IPEndPoint server, TimeSpan timeout, CancellationToken cancellationToken, out ValueTask<UdpReply> reply, bool anySource = false)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var sockets = SocketsFor(server.AddressFamily);
        var address = AddressOf(server);
        var serverAddress = AddressValue(server.Address);
        var exchange = Rent();
        exchange.Asked = asked;
        exchange.AnySource = anySource;
        exchange.Started = _time.GetTimestamp();
        exchange.Deadline = exchange.Started + (long)(timeout.Ticks * ((double)_time.TimestampFrequency / TimeSpan.TicksPerSecond));
        MuxSocket? chosen = null;
        var first = RandomBits.NextBelow(sockets.Length);
        for (var i = 0; i < sockets.Length && chosen is null; i++)
        {
            var socket = sockets[(first + i) % sockets.Length];
            lock (socket.Gate)
            {
                for (var attempt = 0; attempt < 16; attempt++)
                {
                    var key = new PendingKey(serverAddress, (ushort)server.Port, BinaryPrimitives.ReadUInt16BigEndian(query.Span));
                    if (!socket.Pending.ContainsKey(key) && !socket.Finished.Contains(key) && !(anySource && socket.AnySource.ContainsKey(key.Id)))
                    {
                        exchange.Key = key;
                        exchange.Socket = socket;
                        socket.Pending.Add(key, exchange);
                        if (anySource)
                        {
                            socket.AnySource.Add(key.Id, exchange);
                        }

                        chosen = socket;
                        break;
                    }

                    if (!mayChangeId)
                    {
                        break;
                    }

                    BinaryPrimitives.WriteUInt16BigEndian(MemoryMarshal.AsMemory(query).Span, RandomBits.NextUInt16());
                }
            }
        }

        if (chosen is null)
        {
            Return(exchange);
            reply = default;
            return false;
        }

        // The continuation that reads the reply (and returns the exchange to the pool) is attached only after this
        // method returns, so nothing below races with a reuse of the object.
        var version = exchange.Version;
        if (cancellationToken.CanBeCanceled)
        {
            exchange.Registration = cancellationToken.UnsafeRegister(s_onCancelled, exchange);
        }

        Send(chosen, exchange, query.Span, address);
        reply = new ValueTask<UdpReply>(exchange, version);
        return true;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _sweep.Dispose();
        foreach (var socket in (_v4 ?? []).Concat(_v6 ?? []))
        {
            List<PendingExchange> left;
            lock (socket.Gate)
            {
                left = [.. socket.Pending.Values];
                socket.Pending.Clear();
                socket.AnySource.Clear();
            }

            foreach (var exchange in left)
            {
                exchange.Complete(UdpReply.Failed(SocketError.OperationAborted));
            }

            try
            {
                socket.Socket.Shutdown(SocketShutdown.Both);
            }
            catch (SocketException)
            {
                // Not connected: closing below still wakes the receive thread.
            }

            socket.Socket.Dispose();
            lock (socket.Errors)
            {
                socket.Errors.Dispose();
            }
        }
    }

    private MuxSocket[] SocketsFor(AddressFamily family)
    {
        var sockets = family == AddressFamily.InterNetworkV6 ? _v6 : _v4;
        if (sockets is not null)
        {
            return sockets;
        }

        lock (_open)
        {
            sockets = family == AddressFamily.InterNetworkV6 ? _v6 : _v4;
            if (sockets is null)
            {
                sockets = new MuxSocket[_socketsPerFamily];
                for (var i = 0; i < sockets.Length; i++)
                {
                    sockets[i] = Open(family);
                }

                if (family == AddressFamily.InterNetworkV6)
                {
                    _v6 = sockets;
                }
                else
                {
                    _v4 = sockets;
                }
            }

            return sockets;
        }
    }

    private MuxSocket Open(AddressFamily family)
    {
        var socket = new Socket(family, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.ReceiveBufferSize = SocketBufferBytes;
            socket.SendBufferSize = SocketBufferBytes;
            socket.Bind(new IPEndPoint(family == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0));
            UdpErrorQueue.Enable(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var mux = new MuxSocket(socket);
        var thread = new Thread(() => ReceiveLoop(mux)) { IsBackground = true, Name = "dnscert UDP receive" };
        thread.Start();
        return mux;
    }

    private SocketAddress AddressOf(IPEndPoint server)
    {
        if (_addresses.TryGetValue(server, out var address))
        {
            return address;
        }

        address = server.Serialize();
        // Bounded: a monitor asks a few thousand servers; beyond that each send serializes its own.
        return _addresses.Count < 65_536 ? _addresses.GetOrAdd(server, address) : address;
    }

    private static UInt128 AddressValue(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out var written);
        return written == 4 ? BinaryPrimitives.ReadUInt32BigEndian(bytes) : BinaryPrimitives.ReadUInt128BigEndian(bytes);
    }

    // sockaddr_in: port at 2, address at 4; sockaddr_in6: port at 2, address at 8.
    private static (UInt128 Address, ushort Port) ReadSockaddr(AddressFamily family, ReadOnlySpan<byte> sockaddr) =>
        family == AddressFamily.InterNetworkV6
            ? (BinaryPrimitives.ReadUInt128BigEndian(sockaddr[8..24]), BinaryPrimitives.ReadUInt16BigEndian(sockaddr[2..]))
            : (BinaryPrimitives.ReadUInt32BigEndian(sockaddr[4..8]), BinaryPrimitives.ReadUInt16BigEndian(sockaddr[2..]));

    private static IPEndPoint EndPointOf(AddressFamily family, ReadOnlySpan<byte> sockaddr) =>
        family == AddressFamily.InterNetworkV6
            ? new IPEndPoint(new IPAddress(sockaddr[8..24]), BinaryPrimitives.ReadUInt16BigEndian(sockaddr[2..]))
            : new IPEndPoint(new IPAddress(sockaddr[4..8]), BinaryPrimitives.ReadUInt16BigEndian(sockaddr[2..]));

    private static void Send(MuxSocket socket, PendingExchange exchange, ReadOnlySpan<byte> query, SocketAddress address)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                socket.Socket.SendTo(query, SocketFlags.None, address);
                return;
            }
            catch (SocketException ex) when (attempt < 3 && IsIcmpError(ex.SocketErrorCode))
            {
                // An earlier ICMP error (for another exchange) is reported by the next call on the socket, this send:
                // hand the queued errors to their exchanges, then send again.
                DrainErrors(socket);
            }
            catch (SocketException ex)
            {
                Finish(socket, exchange, UdpReply.Failed(ex.SocketErrorCode));
                return;
            }
            catch (ObjectDisposedException)
            {
                Finish(socket, exchange, UdpReply.Failed(SocketError.OperationAborted));
                return;
            }
        }
    }

    private static bool IsIcmpError(SocketError error) =>
        error is SocketError.ConnectionRefused or SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.ConnectionReset;

    private void ReceiveLoop(MuxSocket socket)
    {
        // One 64 KiB buffer per socket for its whole life: answers up to 65,535 bytes are read whole.
        var buffer = GC.AllocateUninitializedArray<byte>(ushort.MaxValue);
        var from = new SocketAddress(socket.Socket.AddressFamily);
        var errorsInARow = 0;
        while (Volatile.Read(ref _disposed) == 0)
        {
            int length;
            try
            {
                length = socket.Socket.ReceiveFrom(buffer, SocketFlags.None, from);
            }
            catch (SocketException) when (Volatile.Read(ref _disposed) == 0)
            {
                // An ICMP error reported by the receive: the error queue says which exchange it ends.
                if (DrainErrors(socket) == 0 && ++errorsInARow > 16)
                {
                    Thread.Sleep(1);
                }

                continue;
            }
            catch (SocketException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            errorsInARow = 0;
            Deliver(socket, buffer.AsSpan(0, length), from.Buffer.Span, _time.GetTimestamp());
        }
    }

    private void Deliver(MuxSocket socket, ReadOnlySpan<byte> datagram, ReadOnlySpan<byte> from, long received)
    {
        var (address, port) = ReadSockaddr(socket.Socket.AddressFamily, from);
        PendingExchange? exchange = null;
        var elsewhere = false;
        lock (socket.Gate)
        {
            if (datagram.Length >= 2)
            {
                var key = new PendingKey(address, port, BinaryPrimitives.ReadUInt16BigEndian(datagram));
                if (socket.Pending.TryGetValue(key, out exchange))
                {
                    socket.End(exchange);
                }
                else if (!socket.Finished.Contains(key))
                {
                    if (socket.AnySource.TryGetValue(key.Id, out exchange) && AsksSame(exchange, datagram))
                    {
                        // Another address answers an any-source exchange's ID and question: what that exchange is there
                        // to see. The question keeps out a stray answer of another server's that happens to carry the ID.
                        socket.End(exchange);
                        elsewhere = true;
                    }
                    else
                    {
                        exchange = Attribute(socket, address, port, datagram);
                    }
                }
            }
            else
            {
                exchange = Attribute(socket, address, port, datagram);
            }
        }

        if (exchange is null)
        {
            Interlocked.Increment(ref _strays);
            return;
        }

        var reply = UdpReply.Answer(datagram.ToArray(), received);
        exchange.Complete(elsewhere ? reply with { From = EndPointOf(socket.Socket.AddressFamily, from) } : reply, inline: true);
    }

    // Under the socket's lock. A datagram from the server that matches no (server, ID) pair: what a connected socket
    // would have handed to its exchange (wrong ID, unparseable), given to the oldest exchange with the same question.
    private static PendingExchange? Attribute(MuxSocket socket, UInt128 address, ushort port, ReadOnlySpan<byte> datagram)
    {
        var question = ReadQuestion(datagram);
        PendingExchange? oldest = null;
        foreach (var candidate in socket.Pending.Values)
        {
            if (candidate.Key.Address != address || candidate.Key.Port != port || (oldest is not null && oldest.Started <= candidate.Started))
            {
                continue;
            }

            if (question is { } q && candidate.Asked is { } asked && !QuestionComparer.Same(asked, datagram, q.NameOffset, q.Type, q.Class))
            {
                continue;
            }

            oldest = candidate;
        }

        if (oldest is not null)
        {
            socket.End(oldest);
        }

        return oldest;
    }

    // Whether the datagram's question (when it has one that can be read) is the one the exchange asked.
    private static bool AsksSame(PendingExchange exchange, ReadOnlySpan<byte> datagram) =>
        ReadQuestion(datagram) is not { } q || exchange.Asked is not { } asked || QuestionComparer.Same(asked, datagram, q.NameOffset, q.Type, q.Class);

    private static (int NameOffset, RRType Type, RRClass Class)? ReadQuestion(ReadOnlySpan<byte> datagram)
    {
        if (datagram.Length < DnsMessage.HeaderLength + 5 || BinaryPrimitives.ReadUInt16BigEndian(datagram[4..]) == 0)
        {
            return null;
        }

        try
        {
            Span<byte> name = stackalloc byte[DomainName.MaxWireLength];
            DnsNameReader.Walk(datagram, DnsMessage.HeaderLength, ParseLimits.Default, "question name", name, out var end);
            return end + 4 <= datagram.Length
                ? (DnsMessage.HeaderLength, (RRType)BinaryPrimitives.ReadUInt16BigEndian(datagram[end..]), (RRClass)BinaryPrimitives.ReadUInt16BigEndian(datagram[(end + 2)..]))
                : null;
        }
        catch (DnsFormatException)
        {
            return null;
        }
    }

    private static int DrainErrors(MuxSocket socket)
    {
        var drained = 0;
        while (true)
        {
            PendingExchange? exchange = null;
            SocketError error;
            lock (socket.Errors)
            {
                if (!socket.Errors.TryRead(socket.Socket, out var destination, out var id, out error))
                {
                    return drained;
                }

                drained++;
                if (id is not { } queryId || destination.Length < (socket.Socket.AddressFamily == AddressFamily.InterNetworkV6 ? 24 : 8))
                {
                    continue;
                }

                var (address, port) = ReadSockaddr(socket.Socket.AddressFamily, destination);
                var key = new PendingKey(address, port, queryId);
                lock (socket.Gate)
                {
                    if (socket.Pending.TryGetValue(key, out exchange))
                    {
                        socket.End(exchange);
                    }
                }
            }

            exchange?.Complete(UdpReply.Failed(error));
        }
    }

    private void Sweep()
    {
        if (Interlocked.Exchange(ref _sweeping, 1) != 0)
        {
            return;
        }

        try
        {
            var now = _time.GetTimestamp();
            foreach (var sockets in new[] { _v4, _v6 })
            {
                foreach (var socket in sockets ?? [])
                {
                    lock (socket.Gate)
                    {
                        foreach (var exchange in socket.Pending.Values)
                        {
                            if (exchange.Deadline <= now)
                            {
                                _expired.Add(exchange);
                            }
                        }

                        foreach (var exchange in _expired)
                        {
                            socket.End(exchange);
                        }
                    }

                    foreach (var exchange in _expired)
                    {
                        exchange.Complete(UdpReply.TimedOut);
                    }

                    _expired.Clear();
                }
            }
        }
        finally
        {
            Volatile.Write(ref _sweeping, 0);
        }
    }

    private static void Finish(MuxSocket socket, PendingExchange exchange, UdpReply reply)
    {
        lock (socket.Gate)
        {
            if (!socket.Pending.TryGetValue(exchange.Key, out var current) || current != exchange)
            {
                return;
            }

            socket.End(exchange);
        }

        exchange.Complete(reply);
    }

    private PendingExchange Rent() => _free.TryDequeue(out var exchange) ? exchange : new PendingExchange(this);

    private void Return(PendingExchange exchange)
    {
        if (_free.Count < MaxPooled)
        {
            _free.Enqueue(exchange);
        }
    }

    /// <summary>An exchange's key on its socket: the server's address and port, and the query's ID.</summary>
    private readonly record struct PendingKey(UInt128 Address, ushort Port, ushort Id);

    /// <summary>One shared socket: its outstanding exchanges, the recently finished keys, and its error queue.</summary>
    private sealed class MuxSocket(Socket socket)
    {
        private readonly PendingKey[] _finishedRing = new PendingKey[RecentlyFinishedPerSocket];
        private int _finishedNext;
        private int _finishedCount;

        public Socket Socket { get; } = socket;

        public Lock Gate { get; } = new();

        public Dictionary<PendingKey, PendingExchange> Pending { get; } = [];

        public HashSet<PendingKey> Finished { get; } = [];

        /// <summary>The outstanding any-source exchanges by ID (each also in <see cref="Pending"/>).</summary>
        public Dictionary<ushort, PendingExchange> AnySource { get; } = [];

        public UdpErrorQueue Errors { get; } = new();

        // Under Gate: takes an outstanding exchange out of the tables and remembers its key.
        public void End(PendingExchange exchange)
        {
            Pending.Remove(exchange.Key);
            if (exchange.AnySource)
            {
                AnySource.Remove(exchange.Key.Id);
            }

            RememberFinished(exchange.Key);
        }

        // Under Gate.
        private void RememberFinished(PendingKey key)
        {
            if (_finishedCount == _finishedRing.Length)
            {
                Finished.Remove(_finishedRing[_finishedNext]);
            }
            else
            {
                _finishedCount++;
            }

            _finishedRing[_finishedNext] = key;
            Finished.Add(key);
            _finishedNext = (_finishedNext + 1) % _finishedRing.Length;
        }
    }

    /// <summary>A pooled awaitable for one exchange: completed once by whoever removes it from its socket's table.</summary>
    private sealed class PendingExchange(UdpMultiplexer owner) : IValueTaskSource<UdpReply>
    {
        private ManualResetValueTaskSourceCore<UdpReply> _core = new() { RunContinuationsAsynchronously = true };

        public PendingKey Key { get; set; }

        public MuxSocket? Socket { get; set; }

        public DnsQuestion? Asked { get; set; }

        public bool AnySource { get; set; }

        public long Started { get; set; }

        public long Deadline { get; set; }

        public CancellationTokenRegistration Registration { get; set; }

        public short Version => _core.Version;

        /// <summary>
        /// Ends the exchange. <paramref name="inline"/>: the awaiting continuation runs here, on this thread, instead of
        /// being queued to the thread pool.
        /// </summary>
        public void Complete(UdpReply reply, bool inline = false)
        {
            _core.RunContinuationsAsynchronously = !inline;
            _core.SetResult(reply);
        }

        public void OnCancelled()
        {
            if (Socket is { } socket)
            {
                Finish(socket, this, UdpReply.Cancelled);
            }
        }

        public UdpReply GetResult(short token)
        {
            var reply = _core.GetResult(token);
            // Waits for a cancellation callback still running, so none can touch this object after its reuse.
            Registration.Dispose();
            Registration = default;
            Asked = null;
            Socket = null;
            _core.Reset();
            owner.Return(this);
            return reply;
        }

        public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

        public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
            _core.OnCompleted(continuation, state, token, flags);
    }
}
