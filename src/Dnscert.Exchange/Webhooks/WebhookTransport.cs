using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Dnscert.Exchange.Notifications;

namespace Dnscert.Exchange.Webhooks;

/// <summary>
/// Delivers webhook messages as a signed JSON POST (<see cref="WebhookSignature"/>). A 2xx answer is delivered; 408,
/// 429, 5xx and network errors are retried; any other status fails the message for good.
/// </summary>
public sealed class WebhookTransport : INotificationTransport
{
    private readonly HttpClient _http;
    private readonly TimeProvider _time;

    public WebhookTransport(HttpClient http, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(time);
        _http = http;
        _time = time;
    }

    public NotificationChannel Channel => NotificationChannel.Webhook;

    public async Task SendAsync(OutboxMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (string.IsNullOrEmpty(message.WebhookSecret))
        {
            throw new NotificationDeliveryException("the webhook has no shared secret, so its requests cannot be signed", permanent: true);
        }

        if (!Uri.TryCreate(message.Address, UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http"))
        {
            throw new NotificationDeliveryException("the webhook address is not an http(s) URL", permanent: true);
        }

        var body = Encoding.UTF8.GetBytes(message.Body);
        var timestamp = _time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(message.WebhookSecret, timestamp, body));
        request.Headers.Add("X-Dnscert-Message-Id", message.Id.ToString("D"));
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new NotificationDeliveryException($"webhook request failed: {e.HttpRequestError}", permanent: false, e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new NotificationDeliveryException("webhook request timed out", permanent: false, e);
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                return;
            }

            var retry = response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || status >= 500;
            throw new NotificationDeliveryException($"webhook answered HTTP {status}", permanent: !retry);
        }
    }
}
