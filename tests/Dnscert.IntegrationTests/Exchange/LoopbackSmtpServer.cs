using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Dnscert.IntegrationTests.Infrastructure;
using MimeKit;

namespace Dnscert.IntegrationTests.Exchange;

/// <summary>
/// A real SMTP server (Debian's python3-aiosmtpd) on 127.65.0.1 that saves every message it accepts into a maildir,
/// so a test reads exactly what arrived. Skips on a laptop and fails on CI when aiosmtpd is missing.
/// </summary>
public sealed class LoopbackSmtpServer : IAsyncDisposable
{
    public const string Address = "127.65.0.1";
    private readonly Process _process;
    private readonly string _directory;
    private bool _disposed;

    private LoopbackSmtpServer(Process process, string directory, int port, string address)
    {
        BoundAddress = address;
        _process = process;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The loopback address it listens on (<see cref="Address"/> unless the test gave its own).</summary>
    public string BoundAddress { get; }

    public static async Task<LoopbackSmtpServer> StartAsync(string address = Address)
    {
        TestEnvironment.RequireTools("aiosmtpd");
        var probe = new TcpListener(IPAddress.Parse(address), 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var directory = Path.Combine(Path.GetTempPath(), "dnscert-smtp-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var start = new ProcessStartInfo(TestEnvironment.FindTool("aiosmtpd")!)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        foreach (var argument in new[] { "-n", "-l", $"{address}:{port}", "-c", "aiosmtpd.handlers.Mailbox", Path.Combine(directory, "maildir") })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        var server = new LoopbackSmtpServer(process, directory, port, address);
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(address, port);
                return server;
            }
            catch (SocketException)
            {
                if (process.HasExited)
                {
                    break;
                }

                await Task.Delay(100);
            }
        }

        var error = process.HasExited ? await process.StandardError.ReadToEndAsync() : "no answer after 10 s";
        await server.DisposeAsync();
        throw new InvalidOperationException($"aiosmtpd did not start on {address}:{port}: {error}");
    }

    /// <summary>The messages saved so far, parsed by MimeKit.</summary>
    public IReadOnlyList<MimeMessage> Messages()
    {
        var inbox = Path.Combine(_directory, "maildir", "new");
        return Directory.Exists(inbox)
            ? [.. Directory.EnumerateFiles(inbox).Order(StringComparer.Ordinal).Select(f => MimeMessage.Load(f))]
            : [];
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
