using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Dnscert.Dns.Wire;

namespace Dnscert.Dns.Transport;

/// <summary>
/// Sends one query to one server over UDP or TCP and reports what happened. No retries, no fallback from
/// TC=1 to TCP, no server selection: checks must see each server's own behaviour (docs/dns-layer.md).
/// With <c>sharedUdpSockets</c> above zero, UDP queries go out over that many long-lived unconnected sockets per
/// address family, each with one receive thread that hands answers to their exchanges (<see cref="UdpMultiplexer"/>,
/// docs/dns-transport.md); otherwise each exchange has its own connected socket.
/// </summary>
public sealed class DnsClientTransport : IDisposable
{
    /// <summary>Shared UDP sockets per address family for a transport that serves many exchanges (checks, the monitor).</summary>
    public const int DefaultSharedUdpSockets = 4;

    private readonly TimeProvider _time;
    private readonly ParseLimits _limits;
    private readonly UdpMultiplexer? _multiplexer;

    /// <param name="timeProvider">Clock for round-trip times and time-outs.</param>
    /// <param name="limits">Limits for parsing answers; <see cref="ParseLimits.Default"/> when null.</param>
    /// <param name="sharedUdpSockets">
    /// Zero: a connected socket per UDP exchange. Above zero: that many shared sockets per address family (only where
    /// the kernel's ICMP error queue can be read, 64-bit Linux, so that a closed port is still reported at once).
    /// </param>
    public DnsClientTransport(TimeProvider timeProvider, ParseLimits? limits = null, int sharedUdpSockets = 0)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentOutOfRangeException.ThrowIfNegative(sharedUdpSockets);
        _time = timeProvider;
        _limits = limits ?? ParseLimits.Default;
        _multiplexer = sharedUdpSockets > 0 && UdpErrorQueue.IsSupported ? new UdpMultiplexer(timeProvider, sharedUdpSockets) : null;
    }

    /// <summary>Whether UDP exchanges share sockets (see the constructor).</summary>
    public bool SharesUdpSockets => _multiplexer is not null;

    /// <summary>Datagrams the shared sockets received that answered no exchange (late, duplicate or unasked); zero without them.</summary>
    public long StrayDatagrams => _multiplexer?.StrayDatagrams ?? 0;

    /// <summary>The local ports of the shared sockets opened so far (tests: source ports must differ).</summary>
    public IReadOnlyList<int> SharedSocketPorts(AddressFamily family) => _multiplexer?.LocalPorts(family) ?? [];

    /// <summary>Closes the shared sockets; exchanges still waiting on them end with a network error.</summary>
    public void Dispose() => _multiplexer?.Dispose();

    /// <summary>Sends <paramref name="query"/> with a fresh random ID.</summary>
    public Task<DnsExchangeOutcome> ExchangeAsync(
        DnsQuery query, IPEndPoint server, DnsTransportProtocol protocol, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(server);
        if (_multiplexer is not null && protocol == DnsTransportProtocol.Udp)
        {
            // Written once with a random ID patched in: no copy of the query record, no parse of the bytes to read it back.
            var bytes = query.ToArray();
            BinaryPrimitives.WriteUInt16BigEndian(bytes, RandomBits.NextUInt16());
            return ExchangeSharedAsync(bytes, mayChangeId: true, new DnsQuestion(bytes, DnsMessage.HeaderLength, query.Type, query.Class), server, timeout, cancellationToken);
        }

        return ExchangeAsync(query.WithRandomId().ToArray(), server, protocol, timeout, cancellationToken);
    }

    /// <summary>
    /// Sends prepared query bytes as they are (replay, hand-made probes). ID and question for matching are
    /// taken from the bytes. Only the caller's <paramref name="cancellationToken"/> makes this throw.
    /// </summary>
    public Task<DnsExchangeOutcome> ExchangeAsync(
        ReadOnlyMemory<byte> query, IPEndPoint server, DnsTransportProtocol protocol, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(server);
        if (_multiplexer is not null && protocol == DnsTransportProtocol.Udp && query.Length >= DnsMessage.HeaderLength)
        {
            var sent = DnsMessage.Parse(query, _limits);
            return ExchangeSharedAsync(query, mayChangeId: false, sent.Questions.Length > 0 ? sent.Questions[0] : null, server, timeout, cancellationToken);
        }

        return ExchangeCoreAsync(query, server, protocol, anySource: false, timeout, cancellationToken);
    }

    /// <summary>
    /// Sends <paramref name="query"/> (fresh random ID) over UDP from an unconnected socket and accepts the answer
    /// from any address, which <see cref="DnsExchangeOutcome.AnsweredFrom"/> then names: whether a server answers
    /// from the address it was asked on (RFC 2181 §4) can only be seen this way, because a connected socket drops
    /// datagrams from other addresses. A datagram from another address counts only when it carries the query's ID.
    /// With shared sockets the query goes out over one of them: other datagrams are ignored (and counted in
    /// <see cref="StrayDatagrams"/>), and a closed port ends it as <see cref="ExchangeConnectionRefused"/> from the error
    /// queue. Without them it has a socket of its own: at most <see cref="MaxStrayDatagrams"/> others are read and
    /// ignored, and since ICMP errors are not reported on that socket, a closed port shows as a time-out.
    /// </summary>
    public Task<DnsExchangeOutcome> ExchangeUdpFromAnySourceAsync(DnsQuery query, IPEndPoint server, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(server);
        if (_multiplexer is not null)
        {
            // The shared sockets are unconnected too: no socket, bind and close of its own per probe (docs/dns-transport.md).
            var bytes = query.ToArray();
            BinaryPrimitives.WriteUInt16BigEndian(bytes, RandomBits.NextUInt16());
            return ExchangeSharedAsync(bytes, mayChangeId: true, new DnsQuestion(bytes, DnsMessage.HeaderLength, query.Type, query.Class), server, timeout, cancellationToken, anySource: true);
        }

        return ExchangeCoreAsync(query.WithRandomId().ToArray(), server, DnsTransportProtocol.Udp, anySource: true, timeout, cancellationToken);
    }

    /// <summary>Datagrams from other addresses without the query's ID that an any-source exchange reads before giving up.</summary>
    public const int MaxStrayDatagrams = 16;

    private async Task<DnsExchangeOutcome> ExchangeCoreAsync(
        ReadOnlyMemory<byte> query, IPEndPoint server, DnsTransportProtocol protocol, bool anySource, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        var sent = DnsMessage.Parse(query, _limits);
        DnsQuestion? asked = sent.Questions.Length > 0 ? sent.Questions[0] : null;
        var start = _time.GetTimestamp();
        using var deadline = new CancellationTokenSource(timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var socket = new Socket(server.AddressFamily, protocol == DnsTransportProtocol.Udp ? SocketType.Dgram : SocketType.Stream,
            protocol == DnsTransportProtocol.Udp ? ProtocolType.Udp : ProtocolType.Tcp);
        DnsExchangeOutcome? outcome = null;
        try
        {
            IPEndPoint? from = null;
            byte[]? response;
            if (anySource)
            {
                (response, from) = await ExchangeUdpAnySourceAsync(socket, server, query, sent.Id, linked.Token).ConfigureAwait(false);
            }
            else
            {
                response = protocol == DnsTransportProtocol.Udp
                    ? await ExchangeUdpAsync(socket, server, query, linked.Token).ConfigureAwait(false)
                    : await ExchangeTcpAsync(socket, server, query, linked.Token).ConfigureAwait(false);
            }

            outcome = response is null
                ? new ExchangeNetworkError(anySource ? $"more than {MaxStrayDatagrams} datagrams from other addresses without the query's ID" : "connection closed before a whole message arrived")
                { Query = query, Server = server, Protocol = protocol }
                : Classify(sent.Id, asked, response, query, server, protocol, TimeSpan.Zero) with { AnsweredFrom = from };
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            outcome = new ExchangeTimedOut { Query = query, Server = server, Protocol = protocol };
        }
        catch (DnsFormatException ex)
        {
            // Only the TCP length prefix can get here; the message itself is classified above.
            outcome = new ExchangeMalformed(ex.Message, ReadOnlyMemory<byte>.Empty, ex) { Query = query, Server = server, Protocol = protocol };
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionRefused)
        {
            outcome = new ExchangeConnectionRefused { Query = query, Server = server, Protocol = protocol };
        }
        catch (SocketException ex)
        {
            outcome = new ExchangeNetworkError(ex.SocketErrorCode.ToString()) { Query = query, Server = server, Protocol = protocol };
        }
        finally
        {
            socket.Dispose();
        }

        return outcome! with { Elapsed = _time.GetElapsedTime(start) };
    }

    /// <summary>
    /// One exchange over the shared sockets: one <c>sendto</c> here, the answer from the socket's receive thread, the
    /// time-out from the multiplexer's sweep. Falls back to a socket of its own only when prepared bytes keep an ID that
    /// every shared socket has outstanding (or recently finished) with this server.
    /// </summary>
    private async Task<DnsExchangeOutcome> ExchangeSharedAsync(
        ReadOnlyMemory<byte> query, bool mayChangeId, DnsQuestion? asked, IPEndPoint server, TimeSpan timeout, CancellationToken cancellationToken, bool anySource = false)
    {
        var start = _time.GetTimestamp();
        if (!_multiplexer!.TryStart(query, mayChangeId, asked, server, timeout, cancellationToken, out var pending, anySource))
        {
            return await ExchangeCoreAsync(query, server, DnsTransportProtocol.Udp, anySource, timeout, cancellationToken).ConfigureAwait(false);
        }

        var reply = await pending.ConfigureAwait(false);
        var elapsed = reply.Kind == UdpReplyKind.Datagram ? _time.GetElapsedTime(start, reply.Received) : _time.GetElapsedTime(start);
        const DnsTransportProtocol udp = DnsTransportProtocol.Udp;
        return reply.Kind switch
        {
            UdpReplyKind.Datagram when anySource => Classify(BinaryPrimitives.ReadUInt16BigEndian(query.Span), asked, reply.Datagram!, query, server, udp, elapsed) with { AnsweredFrom = reply.From ?? server },
            UdpReplyKind.Datagram => Classify(BinaryPrimitives.ReadUInt16BigEndian(query.Span), asked, reply.Datagram!, query, server, udp, elapsed),
            UdpReplyKind.TimedOut => new ExchangeTimedOut { Query = query, Server = server, Protocol = udp, Elapsed = elapsed },
            UdpReplyKind.Error when reply.Error == SocketError.ConnectionRefused => new ExchangeConnectionRefused { Query = query, Server = server, Protocol = udp, Elapsed = elapsed },
            UdpReplyKind.Error => new ExchangeNetworkError(reply.Error.ToString()) { Query = query, Server = server, Protocol = udp, Elapsed = elapsed },
            _ => throw new OperationCanceledException(cancellationToken),
        };
    }

    private static async Task<byte[]?> ExchangeUdpAsync(Socket socket, IPEndPoint server, ReadOnlyMemory<byte> query, CancellationToken token)
    {
        // Connected, so the kernel filters other sources and reports ICMP port unreachable as ConnectionRefused.
        await socket.ConnectAsync(server, token).ConfigureAwait(false);

        await socket.SendAsync(query, SocketFlags.None, token).ConfigureAwait(false);

        // Wait for the datagram without a buffer (a zero-byte peek leaves it queued), then read it at once. Holding a
        // 64 KiB receive buffer through the wait, as before, emptied the shared pool with hundreds of exchanges in
        // flight, and the fresh 64 KiB arrays were a quarter of the monitor's CPU time in garbage collection.
        await socket.ReceiveAsync(Memory<byte>.Empty, SocketFlags.Peek, token).ConfigureAwait(false);
        var buffer = ArrayPool<byte>.Shared.Rent(DnsMessage.MaxLength);
        try
        {
            var received = socket.Receive(buffer, SocketFlags.None);
            return buffer.AsSpan(0, received).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static async Task<(byte[]? Response, IPEndPoint? From)> ExchangeUdpAnySourceAsync(Socket socket, IPEndPoint server, ReadOnlyMemory<byte> query, ushort id, CancellationToken token)
    {
        socket.Bind(new IPEndPoint(server.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0));
        await socket.SendToAsync(query, SocketFlags.None, server, token).ConfigureAwait(false);
        var buffer = ArrayPool<byte>.Shared.Rent(DnsMessage.MaxLength);
        try
        {
            EndPoint any = new IPEndPoint(server.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
            for (var stray = 0; stray <= MaxStrayDatagrams; stray++)
            {
                var received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, any, token).ConfigureAwait(false);
                var from = (IPEndPoint)received.RemoteEndPoint;
                var fromServer = from.Address.Equals(server.Address) && from.Port == server.Port;
                if (fromServer || (received.ReceivedBytes >= 2 && BinaryPrimitives.ReadUInt16BigEndian(buffer) == id))
                {
                    return (buffer.AsSpan(0, received.ReceivedBytes).ToArray(), from);
                }
            }

            return (null, null);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task<byte[]?> ExchangeTcpAsync(Socket socket, IPEndPoint server, ReadOnlyMemory<byte> query, CancellationToken token)
    {
        await socket.ConnectAsync(server, token).ConfigureAwait(false);
        var framed = new byte[query.Length + 2];
        BinaryPrimitives.WriteUInt16BigEndian(framed, checked((ushort)query.Length));
        query.CopyTo(framed.AsMemory(2));
        await socket.SendAsync(framed, SocketFlags.None, token).ConfigureAwait(false);

        var prefix = new byte[2];
        if (!await ReadExactlyAsync(socket, prefix, token).ConfigureAwait(false))
        {
            return null;
        }

        // The prefix bounds the read at 65535; the limit may bound it lower.
        int length = BinaryPrimitives.ReadUInt16BigEndian(prefix);
        if (length > _limits.MaxMessageSize)
        {
            throw new DnsFormatException(0, DnsFormatError.MessageTooLarge, "TCP length prefix");
        }

        var message = new byte[length];
        return await ReadExactlyAsync(socket, message, token).ConfigureAwait(false) ? message : null;
    }

    private static async Task<bool> ReadExactlyAsync(Socket socket, Memory<byte> destination, CancellationToken token)
    {
        var filled = 0;
        while (filled < destination.Length)
        {
            var read = await socket.ReceiveAsync(destination[filled..], SocketFlags.None, token).ConfigureAwait(false);
            if (read == 0)
            {
                return false;
            }

            filled += read;
        }

        return true;
    }

    private DnsExchangeOutcome Classify(ushort id, DnsQuestion? asked, byte[] response, ReadOnlyMemory<byte> query, IPEndPoint server, DnsTransportProtocol protocol, TimeSpan elapsed)
    {
        DnsMessage message;
        try
        {
            message = DnsMessage.Parse(response, _limits);
        }
        catch (DnsFormatException ex)
        {
            return new ExchangeMalformed(ex.Message, response, ex) { Query = query, Server = server, Protocol = protocol, Elapsed = elapsed };
        }

        if (message.Id != id)
        {
            return new ExchangeIdMismatch(response, id, message.Id) { Query = query, Server = server, Protocol = protocol, Elapsed = elapsed };
        }

        if (!message.IsResponse)
        {
            return new ExchangeMalformed("QR bit not set", response, null) { Query = query, Server = server, Protocol = protocol, Elapsed = elapsed };
        }

        // A response may omit the question (some FORMERR/NOTIMP answers); when present it must match.
        if (message.Questions.Length > 0 && asked is { } question)
        {
            var answered = message.Questions[0];
            if (!QuestionComparer.Same(question, message.Bytes.Span, answered.NameOffset, answered.Type, answered.Class))
            {
                return new ExchangeQuestionMismatch(response, message) { Query = query, Server = server, Protocol = protocol, Elapsed = elapsed };
            }
        }

        return new ExchangeAnswered(response, message) { Query = query, Server = server, Protocol = protocol, Elapsed = elapsed };
    }
}
