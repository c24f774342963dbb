using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace Dnscert.Traffic.Dnstap;

/// <summary>
/// Receives dnstap from name servers over a unix socket or TCP with the bidirectional Frame Streams handshake
/// (READY → ACCEPT, START, data..., STOP → FINISH). Frames go through one bounded queue to a single consumer;
/// when the consumer falls behind, frames are dropped and counted in <see cref="Dropped"/> rather than
/// slowing the name server (whose own dnstap queue would overflow anyway). A peer must finish the handshake (READY
/// and START, or START alone) within <see cref="HandshakeTimeout"/>, so connections that never speak do not hold the
/// connection slots; after START a connection may stay idle as long as it likes, as a quiet name server's does.
/// </summary>
public sealed class DnstapListener : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly Channel<byte[]> _queue;
    private readonly int _maxFrameSize;
    private readonly SemaphoreSlim _connections;
    private readonly TimeProvider _time;
    private long _dropped;
    private long _received;
    private long _rejected;

    private DnstapListener(Socket socket, int queueCapacity, int maxFrameSize, int maxConnections, TimeSpan handshakeTimeout, TimeProvider time)
    {
        _socket = socket;
        _time = time;
        HandshakeTimeout = handshakeTimeout;
        _maxFrameSize = maxFrameSize;
        _connections = new SemaphoreSlim(maxConnections);
        _queue = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(queueCapacity)
        {
            FullMode = BoundedChannelFullMode.DropWrite,
            SingleReader = true,
        }, _ => Interlocked.Increment(ref _dropped));
    }

    /// <summary>Frames dropped because the queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Data frames received.</summary>
    public long Received => Interlocked.Read(ref _received);

    /// <summary>Connections refused by the handshake or broken by bad input (counted atomically: sessions run concurrently).</summary>
    public long RejectedConnections => Interlocked.Read(ref _rejected);

    /// <summary>How long a new connection may take to send READY/START (default 10 s).</summary>
    public TimeSpan HandshakeTimeout { get; }

    /// <summary>The last handshake or stream error, for the operator.</summary>
    public string? LastError { get; private set; }

    /// <summary>Parses <c>unix:PATH</c> or <c>tcp:HOST:PORT</c> and binds it.</summary>
    public static DnstapListener Bind(string address, int queueCapacity = 65_536, int maxFrameSize = 1 << 20, int maxConnections = 64, TimeSpan? handshakeTimeout = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        var timeout = handshakeTimeout ?? TimeSpan.FromSeconds(10);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero, nameof(handshakeTimeout));
        Socket socket;
        if (address.StartsWith("unix:", StringComparison.Ordinal))
        {
            var path = address[5..];
            if (File.Exists(path))
            {
                File.Delete(path);
            }

            socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            socket.Bind(new UnixDomainSocketEndPoint(path));
        }
        else if (address.StartsWith("tcp:", StringComparison.Ordinal) && IPEndPoint.TryParse(address[4..], out var endPoint))
        {
            socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(endPoint);
        }
        else
        {
            throw new ArgumentException($"dnstap address \"{address}\" is neither unix:PATH nor tcp:HOST:PORT.", nameof(address));
        }

        socket.Listen(16);
        return new DnstapListener(socket, queueCapacity, maxFrameSize, maxConnections, timeout, time ?? TimeProvider.System);
    }

    public EndPoint? LocalEndPoint => _socket.LocalEndPoint;

    /// <summary>Accepts connections until cancelled; frames are delivered by <see cref="ConsumeAsync"/>.</summary>
    public async Task AcceptAsync(CancellationToken cancellationToken)
    {
        var sessions = new List<Task>();
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var client = await _socket.AcceptAsync(cancellationToken).ConfigureAwait(false);
                if (!await _connections.WaitAsync(0, cancellationToken).ConfigureAwait(false))
                {
                    Interlocked.Increment(ref _rejected);
                    client.Dispose();
                    continue;
                }

                sessions.RemoveAll(t => t.IsCompleted);
                sessions.Add(ServeAsync(client, cancellationToken));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }

        await Task.WhenAll(sessions).ConfigureAwait(false);
        _queue.Writer.TryComplete();
    }

    /// <summary>Decodes queued frames and hands each transaction to <paramref name="consumer"/> until the queue completes or cancellation.</summary>
    public async Task<DnstapTransactionDecoder> ConsumeAsync(Action<DnsTransaction> consumer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(consumer);
        var decoder = new DnstapTransactionDecoder();
        try
        {
            await foreach (var payload in _queue.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    if (decoder.TryDecode(payload, out var transaction))
                    {
                        consumer(transaction);
                    }
                }
                catch (DnstapFormatException e)
                {
                    LastError = e.Message;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }

        return decoder;
    }

    public async ValueTask DisposeAsync()
    {
        var path = (_socket.LocalEndPoint as UnixDomainSocketEndPoint)?.ToString();
        _socket.Dispose();
        if (path is not null && File.Exists(path))
        {
            File.Delete(path);
        }

        _connections.Dispose();
        await Task.CompletedTask.ConfigureAwait(false);
    }

    private async Task ServeAsync(Socket client, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = new NetworkStream(client, ownsSocket: true);
            var reader = new FrameStreamReader(stream, _maxFrameSize);
            var writer = new FrameStreamWriter(stream);
            FrameStreamFrame first;
            using (var deadline = new CancellationTokenSource(HandshakeTimeout, _time))
            using (var handshake = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token))
            {
                try
                {
                    first = await reader.ReadFrameAsync(handshake.Token).ConfigureAwait(false);
                    if (first.Control == FrameStreamControl.Ready)
                    {
                        FrameStreamReader.RequireDnstap(reader.ContentTypes);
                        await writer.WriteControlAsync(FrameStreamControl.Accept, FrameStreamReader.DnstapContentType, handshake.Token).ConfigureAwait(false);
                        first = await reader.ReadFrameAsync(handshake.Token).ConfigureAwait(false);
                    }
                }
                catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    throw new DnstapFormatException($"No Frame Streams handshake (READY/START) within {HandshakeTimeout.TotalSeconds:0.#} s");
                }
            }

            if (first.Control != FrameStreamControl.Start)
            {
                throw new DnstapFormatException("Expected a Frame Streams START frame after the handshake");
            }

            FrameStreamReader.RequireDnstap(reader.ContentTypes);
            while (true)
            {
                var frame = await reader.ReadFrameAsync(cancellationToken).ConfigureAwait(false);
                if (frame.Control == FrameStreamControl.Stop)
                {
                    await writer.WriteControlAsync(FrameStreamControl.Finish, null, cancellationToken).ConfigureAwait(false);
                    return;
                }

                if (frame.IsData)
                {
                    Interlocked.Increment(ref _received);
                    _queue.Writer.TryWrite(frame.Data.ToArray());
                }
            }
        }
        catch (Exception e) when (e is DnstapFormatException or IOException or SocketException)
        {
            Interlocked.Increment(ref _rejected);
            LastError = e.Message;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            _connections.Release();
        }
    }
}
