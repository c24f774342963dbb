using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Dnscert.Dns.Wire;

namespace Dnscert.Dns.Transport;

/// <summary>
/// Sends one query to one server over UDP or TCP and reports what happened. No retries, no fallback from
/// TC=1 to TCP, no server selection: checks must see each server's own behaviour (docs/dns-layer.md).
/// With <c>pooledSocketsPerServer</c> above zero, UDP sockets are kept per server between exchanges
/// (<see cref="UdpSocketPool"/>); otherwise each exchange has its own socket.
/// </summary>
public sealed class DnsClientTransport : IDisposable
{
    /// <summary>Exchanges one pooled UDP socket (one source port) serves before it is closed.</summary>
    public const int MaxExchangesPerPooledSocket = UdpSocketPool.MaxUses;

    private readonly TimeProvider _time;
    private readonly ParseLimits _limits;
    private readonly UdpSocketPool? _pool;

    public DnsClientTransport(TimeProvider timeProvider, ParseLimits? limits = null, int pooledSocketsPerServer = 0)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentOutOfRangeException.ThrowIfNegative(pooledSocketsPerServer);
        _time = timeProvider;
        _limits = limits ?? ParseLimits.Default;
        _pool = pooledSocketsPerServer > 0 ? new UdpSocketPool(pooledSocketsPerServer) : null;
    }

    /// <summary>Closes the pooled sockets; exchanges still running finish with their own.</summary>
    public void Dispose() => _pool?.Dispose();

    /// <summary>Sends <paramref name="query"/> with a fresh random ID.</summary>
    public Task<DnsExchangeOutcome> ExchangeAsync(
        DnsQuery query, IPEndPoint server, DnsTransportProtocol protocol, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        return ExchangeAsync(query.WithRandomId().ToArray(), server, protocol, timeout, cancellationToken);
    }

    /// <summary>
    /// Sends prepared query bytes as they are (replay, hand-made probes). ID and question for matching are
    /// taken from the bytes. Only the caller's <paramref name="cancellationToken"/> makes this throw.
    /// </summary>
    public Task<DnsExchangeOutcome> ExchangeAsync(
        ReadOnlyMemory<byte> query, IPEndPoint server, DnsTransportProtocol protocol, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        ExchangeCoreAsync(query, server, protocol, anySource: false, timeout, cancellationToken);

    /// <summary>
    /// Sends <paramref name="query"/> (fresh random ID) over UDP from an unconnected socket and accepts the answer
    /// from any address, which <see cref="DnsExchangeOutcome.AnsweredFrom"/> then names: whether a server answers
    /// from the address it was asked on (RFC 2181 §4) can only be seen this way, because a connected socket drops
    /// datagrams from other addresses. A datagram from another address counts only when it carries the query's ID;
    /// at most <see cref="MaxStrayDatagrams"/> others are read and ignored. ICMP errors are not reported on such a
    /// socket, so a closed port shows as a time-out.
    /// </summary>
    public Task<DnsExchangeOutcome> ExchangeUdpFromAnySourceAsync(DnsQuery query, IPEndPoint server, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        return ExchangeCoreAsync(query.WithRandomId().ToArray(), server, DnsTransportProtocol.Udp, anySource: true, timeout, cancellationToken);
    }

    /// <summary>Datagrams from other addresses without the query's ID that an any-source exchange reads before giving up.</summary>
    public const int MaxStrayDatagrams = 16;

    private async Task<DnsExchangeOutcome> ExchangeCoreAsync(
        ReadOnlyMemory<byte> query, IPEndPoint server, DnsTransportProtocol protocol, bool anySource, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        var sent = DnsMessage.Parse(query, _limits);
        var start = _time.GetTimestamp();
        using var deadline = new CancellationTokenSource(timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var pooled = protocol == DnsTransportProtocol.Udp && !anySource ? _pool?.Rent(server) : null;
        var socket = pooled?.Socket ?? new Socket(server.AddressFamily, protocol == DnsTransportProtocol.Udp ? SocketType.Dgram : SocketType.Stream,
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
                    ? await ExchangeUdpAsync(socket, server, query, connected: pooled is not null, linked.Token).ConfigureAwait(false)
                    : await ExchangeTcpAsync(socket, server, query, linked.Token).ConfigureAwait(false);
            }

            outcome = response is null
                ? new ExchangeNetworkError(anySource ? $"more than {MaxStrayDatagrams} datagrams from other addresses without the query's ID" : "connection closed before a whole message arrived")
                { Query = query, Server = server, Protocol = protocol }
                : Classify(sent, response, query, server, protocol) with { AnsweredFrom = from };
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
            // Only a socket whose exchange got its whole answer may serve another; any other ending closes it.
            if (_pool is not null && protocol == DnsTransportProtocol.Udp && !anySource && outcome is ExchangeAnswered && !cancellationToken.IsCancellationRequested)
            {
                var entry = pooled ?? new UdpSocketPool.Entry(socket);
                entry.Uses++;
                _pool.Return(server, entry);
            }
            else
            {
                socket.Dispose();
            }
        }

        return outcome! with { Elapsed = _time.GetElapsedTime(start) };
    }

    private static async Task<byte[]?> ExchangeUdpAsync(Socket socket, IPEndPoint server, ReadOnlyMemory<byte> query, bool connected, CancellationToken token)
    {
        // Connected, so the kernel filters other sources and reports ICMP port unreachable as ConnectionRefused.
        if (!connected)
        {
            await socket.ConnectAsync(server, token).ConfigureAwait(false);
        }

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

    private DnsExchangeOutcome Classify(DnsMessage sent, byte[] response, ReadOnlyMemory<byte> query, IPEndPoint server, DnsTransportProtocol protocol)
    {
        DnsMessage message;
        try
        {
            message = DnsMessage.Parse(response, _limits);
        }
        catch (DnsFormatException ex)
        {
            return new ExchangeMalformed(ex.Message, response, ex) { Query = query, Server = server, Protocol = protocol };
        }

        if (message.Id != sent.Id)
        {
            return new ExchangeIdMismatch(response, sent.Id, message.Id) { Query = query, Server = server, Protocol = protocol };
        }

        if (!message.IsResponse)
        {
            return new ExchangeMalformed("QR bit not set", response, null) { Query = query, Server = server, Protocol = protocol };
        }

        // A response may omit the question (some FORMERR/NOTIMP answers); when present it must match.
        if (message.Questions.Length > 0 && sent.Questions.Length > 0 && !SameQuestion(sent.Questions[0], message.Questions[0]))
        {
            return new ExchangeQuestionMismatch(response, message) { Query = query, Server = server, Protocol = protocol };
        }

        return new ExchangeAnswered(response, message) { Query = query, Server = server, Protocol = protocol };
    }

    private static bool SameQuestion(DnsQuestion asked, DnsQuestion answered) =>
        asked.Type == answered.Type && asked.Class == answered.Class && asked.Name == answered.Name;
}
