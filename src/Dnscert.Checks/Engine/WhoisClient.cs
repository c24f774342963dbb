using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Dnscert.Checks.Engine;

/// <summary>
/// The whois protocol (RFC 3912): connect to TCP port 43, send one line ending in CRLF, read the text until the
/// server closes. Written by hand because it is that small and no maintained .NET whois library exists; bounded
/// by a deadline for the whole exchange and a size limit for the answer, so a slow-dripping or endless server
/// ends as a failure, never a hang.
/// </summary>
public sealed class WhoisClient(TimeProvider time)
{
    /// <summary>The standard whois port.</summary>
    public const int Port = 43;

    /// <summary>Answer bytes read at most; RIS answers for one address are a few hundred bytes.</summary>
    public const int MaxResponseBytes = 64 * 1024;

    public async Task<WhoisExchange> QueryAsync(string serverName, IPEndPoint server, string query, TimeSpan timeout, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentException.ThrowIfNullOrEmpty(query);
        if (query.Contains('\r', StringComparison.Ordinal) || query.Contains('\n', StringComparison.Ordinal))
        {
            throw new ArgumentException("A whois query is one line.", nameof(query));
        }

        var start = time.GetTimestamp();
        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);
        using var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        string? response = null;
        string? failure = null;
        try
        {
            await socket.ConnectAsync(server, linked.Token).ConfigureAwait(false);
            await socket.SendAsync(Encoding.ASCII.GetBytes(query + "\r\n"), SocketFlags.None, linked.Token).ConfigureAwait(false);
            var buffer = new byte[MaxResponseBytes + 1];
            var filled = 0;
            while (true)
            {
                var read = await socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, linked.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                filled += read;
                if (filled > MaxResponseBytes)
                {
                    failure = $"the answer is larger than {MaxResponseBytes} bytes";
                    break;
                }
            }

            // Whois text has no declared encoding; RIS sends ASCII. Invalid bytes become U+FFFD rather than an exception.
            response = failure is null ? Encoding.UTF8.GetString(buffer, 0, filled) : null;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            failure = $"no complete answer within {timeout.TotalSeconds:0.#} s";
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionRefused)
        {
            failure = "connection refused";
        }
        catch (SocketException ex)
        {
            failure = $"network error {ex.SocketErrorCode}";
        }

        return new WhoisExchange(serverName, server, query, response, failure, time.GetElapsedTime(start));
    }
}
