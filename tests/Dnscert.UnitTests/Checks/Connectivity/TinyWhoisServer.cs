using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Dnscert.UnitTests.Checks.Connectivity;

/// <summary>
/// A whois server (RFC 3912) on 127.76.0.1 and a port of its own, for tests: reads one line, lets the test answer it,
/// then closes. Modes cover the server that drips slowly and the one that never stops talking. Never the real RIPE.
/// </summary>
internal sealed class TinyWhoisServer : IAsyncDisposable
{
    public static readonly IPAddress Address = IPAddress.Parse("127.76.0.1");

    private readonly TcpListener _listener = new(Address, 0);
    private readonly Func<string, string> _answer;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly List<string> _queries = [];

    public TinyWhoisServer(Func<string, string> answer, Mode mode = Mode.Answer)
    {
        _answer = answer;
        ServerMode = mode;
        _listener.Start();
        EndPoint = (IPEndPoint)_listener.LocalEndpoint;
        _loop = Task.Run(LoopAsync);
    }

    public enum Mode
    {
        Answer,
        Drip,
        Endless,
    }

    public Mode ServerMode { get; }

    public IPEndPoint EndPoint { get; }

    public IReadOnlyList<string> Queries
    {
        get
        {
            lock (_queries)
            {
                return [.. _queries];
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }
        catch (SocketException)
        {
        }

        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var line = new StringBuilder();
                var one = new byte[1];
                while (await stream.ReadAsync(one, _stop.Token) == 1 && one[0] != (byte)'\n')
                {
                    line.Append((char)one[0]);
                }

                var query = line.ToString().TrimEnd('\r');
                lock (_queries)
                {
                    _queries.Add(query);
                }

                var bytes = Encoding.ASCII.GetBytes(_answer(query));
                switch (ServerMode)
                {
                    case Mode.Answer:
                        await stream.WriteAsync(bytes, _stop.Token);
                        break;
                    case Mode.Drip:
                        foreach (var b in bytes)
                        {
                            await stream.WriteAsync(new[] { b }, _stop.Token);
                            await Task.Delay(200, _stop.Token);
                        }

                        break;
                    case Mode.Endless:
                        var chunk = Encoding.ASCII.GetBytes(new string('%', 1023) + "\n");
                        while (!_stop.IsCancellationRequested)
                        {
                            await stream.WriteAsync(chunk, _stop.Token);
                        }

                        break;
                }
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException or SocketException)
            {
                // The client went away or the test ended: nothing to serve.
            }
        }
    }
}
