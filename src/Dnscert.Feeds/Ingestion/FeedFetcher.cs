using System.Net;
using System.Net.Http.Headers;
using Dnscert.Core;

namespace Dnscert.Feeds.Ingestion;

/// <summary>
/// Downloads a feed over http(s) with conditional requests and hard limits. The body is copied into memory up to
/// <see cref="FeedFetchLimits.MaxBytes"/> so a slow or endless server cannot hold a parser open forever.
/// </summary>
public sealed class FeedFetcher : IDisposable
{
    private readonly HttpClient _http;
    private readonly FeedFetchLimits _limits;

    public FeedFetcher(FeedFetchLimits limits, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(limits);
        _limits = limits;
        _http = handler is null ? new HttpClient() : new HttpClient(handler);
        _http.Timeout = limits.Timeout;
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("dnscert", "0.1"));
    }

    public async Task<FeedFetchResult> FetchAsync(Uri url, FeedFetchState? previous, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (url.Scheme is not ("http" or "https"))
        {
            throw new DnscertException($"Feed URL {url} is not http or https.");
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (previous?.ETag is { } etag && EntityTagHeaderValue.TryParse(etag, out var tag))
        {
            request.Headers.IfNoneMatch.Add(tag);
        }

        if (previous?.LastModified is { } modified)
        {
            request.Headers.IfModifiedSince = modified;
        }

        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotModified)
            {
                return new FeedFetchResult(null, previous ?? new FeedFetchState(null, null));
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new DnscertException($"Feed {url}: HTTP {(int)response.StatusCode} {response.ReasonPhrase}.");
            }

            if (response.Content.Headers.ContentLength > _limits.MaxBytes)
            {
                throw new DnscertException($"Feed {url}: {response.Content.Headers.ContentLength} bytes is more than the limit of {_limits.MaxBytes}.");
            }

            var body = new MemoryStream();
            await using (var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false))
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    if (body.Length + read > _limits.MaxBytes)
                    {
                        await body.DisposeAsync().ConfigureAwait(false);
                        throw new DnscertException($"Feed {url}: body larger than the limit of {_limits.MaxBytes} bytes.");
                    }

                    body.Write(buffer, 0, read);
                }
            }

            body.Position = 0;
            return new FeedFetchResult(body, new FeedFetchState(response.Headers.ETag?.ToString(), response.Content.Headers.LastModified));
        }
        catch (HttpRequestException ex)
        {
            throw new DnscertException($"Feed {url}: {ex.Message}", ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new DnscertException($"Feed {url}: no complete answer within {_limits.Timeout}.", ex);
        }
    }

    public void Dispose() => _http.Dispose();
}
