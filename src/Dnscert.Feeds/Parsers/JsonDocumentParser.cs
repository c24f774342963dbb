using System.Text.Json;

namespace Dnscert.Feeds.Parsers;

/// <summary>
/// Shared part of the formats that come as one JSON document (MISP events, STIX bundles): the document is read up to
/// <see cref="FeedLimits.MaxDocumentBytes"/> and parsed with the depth limit; a broken document is one rejection.
/// </summary>
public abstract class JsonDocumentParser : IFeedParser
{
    protected JsonDocumentParser(FeedLimits? limits)
    {
        Limits = limits ?? FeedLimits.Default;
    }

    public abstract string Id { get; }

    protected FeedLimits Limits { get; }

    public IEnumerable<FeedItem> Parse(Stream feed, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(feed);
        var bytes = ReadBounded(feed, Limits.MaxDocumentBytes, cancellationToken);
        if (bytes is null)
        {
            return [FeedItem.Rejected(1, $"document larger than {Limits.MaxDocumentBytes} bytes", string.Empty)];
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = Limits.MaxJsonDepth });
        }
        catch (JsonException ex)
        {
            return [FeedItem.Rejected(1, "bad JSON: " + ex.Message, string.Empty)];
        }

        return Walk(document, cancellationToken);
    }

    /// <summary>Items of the parsed document; <paramref name="root"/> stays valid while the sequence is enumerated.</summary>
    protected abstract IEnumerable<FeedItem> ParseDocument(JsonElement root, CancellationToken cancellationToken);

    protected static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private IEnumerable<FeedItem> Walk(JsonDocument document, CancellationToken cancellationToken)
    {
        using (document)
        {
            long count = 0;
            foreach (var item in ParseDocument(document.RootElement, cancellationToken))
            {
                if (++count > Limits.MaxEntries)
                {
                    yield return FeedItem.Rejected(count, $"item limit {Limits.MaxEntries} reached; rest of feed ignored", string.Empty);
                    yield break;
                }

                yield return item;
            }
        }
    }

    private static byte[]? ReadBounded(Stream feed, long limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = feed.Read(chunk, 0, chunk.Length)) > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
