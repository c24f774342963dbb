using System.Net;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using Dnscert.Dns;
using Dnscert.Dns.Transport;
using Dnscert.Dns.Wire;

namespace Dnscert.Benchmarks;

/// <summary>
/// UDP exchanges of <see cref="DnsClientTransport"/> against a loopback responder on 127.89.0.10 (a thread that echoes
/// each query back with the QR bit set, so the server side costs little): 64 exchanges in flight at a time, as the
/// monitor has many, over the shared sockets and with a connected socket per exchange. Results are per exchange
/// (OperationsPerInvoke); the allocation column is what one exchange allocates, answer and outcome included.
/// <c>dotnet run -c Release --project bench/Dnscert.Benchmarks -- --filter '*Transport*'</c>
/// </summary>
[MemoryDiagnoser]
public class TransportBenchmarks : IDisposable
{
    private const int InFlight = 64;

    private static readonly DnsQuery s_query = new(DomainName.Parse("www.example."), RRType.A) { Edns = new EdnsQueryOptions() };

    private readonly Task<DnsExchangeOutcome>[] _exchanges = new Task<DnsExchangeOutcome>[InFlight];
    private Socket? _responder;
    private Thread? _responderThread;
    private IPEndPoint _server = new(IPAddress.Loopback, 0);
    private DnsClientTransport? _shared;
    private DnsClientTransport? _perExchange;

    [GlobalSetup]
    public void Setup()
    {
        _responder = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = 4 << 20 };
        _responder.Bind(new IPEndPoint(IPAddress.Parse("127.89.0.10"), 0));
        _server = (IPEndPoint)_responder.LocalEndPoint!;
        _responderThread = new Thread(Respond) { IsBackground = true };
        _responderThread.Start();
        _shared = new DnsClientTransport(TimeProvider.System, sharedUdpSockets: DnsClientTransport.DefaultSharedUdpSockets);
        _perExchange = new DnsClientTransport(TimeProvider.System);
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _shared?.Dispose();
        _perExchange?.Dispose();
        _responder?.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>One sendto each, answers demultiplexed by the shared sockets' receive threads, one sweep for all time-outs.</summary>
    [Benchmark(OperationsPerInvoke = InFlight)]
    public Task<int> SharedSockets() => RunAsync(_shared!);

    /// <summary>The plain path: socket, connect, send, readiness peek, receive, close, a timer and linked token each.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = InFlight)]
    public Task<int> ConnectedSocketPerExchange() => RunAsync(_perExchange!);

    private async Task<int> RunAsync(DnsClientTransport transport)
    {
        for (var i = 0; i < InFlight; i++)
        {
            _exchanges[i] = transport.ExchangeAsync(s_query, _server, DnsTransportProtocol.Udp, TimeSpan.FromSeconds(5));
        }

        var answered = 0;
        foreach (var exchange in _exchanges)
        {
            answered += await exchange.ConfigureAwait(false) is ExchangeAnswered ? 1 : 0;
        }

        return answered == InFlight ? answered : throw new InvalidOperationException($"{InFlight - answered} exchanges not answered");
    }

    private void Respond()
    {
        var buffer = new byte[4096];
        var from = new SocketAddress(AddressFamily.InterNetwork);
        try
        {
            while (true)
            {
                var length = _responder!.ReceiveFrom(buffer, SocketFlags.None, from);
                buffer[2] |= 0x80;
                _responder.SendTo(buffer.AsSpan(0, length), SocketFlags.None, from);
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Cleanup closed the socket.
        }
    }
}
