using System.Net;
using System.Net.Sockets;
using Dnscert.Exchange.Webhooks;

namespace Dnscert.UnitTests.Exchange.Notifications;

/// <summary>
/// A webhook receiver on 127.65.0.2 that checks each request's HMAC the way a real receiver would and answers with the
/// next status of a script (then 200).
/// </summary>
internal sealed class LoopbackWebhookReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Queue<HttpStatusCode> _script;
    private readonly string _secret;
    private readonly Func<DateTimeOffset> _now;
    private readonly Task _loop;

    public LoopbackWebhookReceiver(string secret, Func<DateTimeOffset> now, params HttpStatusCode[] script)
    {
        _secret = secret;
        _now = now;
        _script = new Queue<HttpStatusCode>(script);
        var probe = new TcpListener(IPAddress.Parse("127.65.0.2"), 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Url = $"http://127.65.0.2:{port}/hook/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public string Url { get; }

    /// <summary>Every request: its body and whether its signature verified.</summary>
    public List<(string Body, bool Verified)> Received { get; } = [];

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            using var buffer = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(buffer);
            var body = buffer.ToArray();
            var verified = WebhookSignature.Verify(
                _secret,
                context.Request.Headers[WebhookSignature.TimestampHeader],
                context.Request.Headers[WebhookSignature.SignatureHeader],
                body,
                _now(),
                TimeSpan.FromMinutes(5));
            HttpStatusCode status;
            lock (Received)
            {
                Received.Add((System.Text.Encoding.UTF8.GetString(body), verified));
                status = verified ? (_script.Count > 0 ? _script.Dequeue() : HttpStatusCode.OK) : HttpStatusCode.Unauthorized;
            }

            context.Response.StatusCode = (int)status;
            context.Response.Close();
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }
}
