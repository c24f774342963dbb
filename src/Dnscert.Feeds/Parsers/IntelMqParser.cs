using System.Globalization;
using System.Text.Json;

namespace Dnscert.Feeds.Parsers;

/// <summary>
/// IntelMQ events as JSON lines with the harmonization's flat dotted keys: the subject from <c>source.fqdn</c>, else
/// <c>source.url</c>, else <c>source.ip</c>; the threat from <c>classification.type</c>; the time from <c>time.source</c>.
/// </summary>
public sealed class IntelMqParser(FeedLimits? limits = null) : LineFeedParser(limits)
{
    public const string ParserId = "intelmq";

    public override string Id => ParserId;

    private protected override IEnumerable<FeedItem> ParseLine(string line, long number, FeedLineReader reader)
    {
        if (line.AsSpan().Trim().IsEmpty)
        {
            return [];
        }

        try
        {
            using var document = JsonDocument.Parse(line, new JsonDocumentOptions { MaxDepth = Limits.MaxJsonDepth });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return [FeedItem.Rejected(number, "not a JSON object", line)];
            }

            var root = document.RootElement;
            var threat = ThreatTypeMap.Resolve(Text(root, "classification.type"));
            DateTimeOffset? seen = null;
            if (Text(root, "time.source") is { } time)
            {
                if (!DateTimeOffset.TryParse(time, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
                {
                    return [FeedItem.Rejected(number, "bad time.source", line)];
                }

                seen = parsed;
            }

            if (Text(root, "source.fqdn") is { } fqdn)
            {
                return [IndicatorText.Domain(fqdn, threat, seen, number, line)];
            }

            if (Text(root, "source.url") is { } url)
            {
                return [IndicatorText.Url(url, threat, seen, number, line)];
            }

            if (Text(root, "source.ip") is { } ip)
            {
                return [IndicatorText.Address(ip, threat, seen, number, line)];
            }

            return [FeedItem.Rejected(number, "no source.fqdn, source.url or source.ip", line)];
        }
        catch (JsonException)
        {
            return [FeedItem.Rejected(number, "bad JSON", line)];
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;
}
