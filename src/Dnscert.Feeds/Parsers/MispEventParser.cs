using System.Globalization;
using System.Text.Json;

namespace Dnscert.Feeds.Parsers;

/// <summary>
/// One MISP event file of a MISP feed (<c>{"Event":{...}}</c>): attributes of the event and of its objects with type
/// domain, hostname, url, ip-dst, ip-src (or domain|ip) become entries; attributes with <c>to_ids</c> false are rejected
/// as not meant for detection. The threat comes from a tag of the attribute, else of the event.
/// </summary>
public sealed class MispEventParser(FeedLimits? limits = null) : JsonDocumentParser(limits)
{
    public const string ParserId = "misp";

    public override string Id => ParserId;

    protected override IEnumerable<FeedItem> ParseDocument(JsonElement root, CancellationToken cancellationToken)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("Event", out var ev) || ev.ValueKind != JsonValueKind.Object)
        {
            yield return FeedItem.Rejected(1, "not a MISP event (no Event object)", string.Empty);
            yield break;
        }

        var eventThreat = ThreatOf(ev);
        long number = 0;
        foreach (var attribute in Attributes(ev))
        {
            number++;
            if ((number & 1023) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            yield return Entry(attribute, eventThreat, number);
        }
    }

    private static IEnumerable<JsonElement> Attributes(JsonElement ev)
    {
        if (ev.TryGetProperty("Attribute", out var attributes) && attributes.ValueKind == JsonValueKind.Array)
        {
            foreach (var attribute in attributes.EnumerateArray())
            {
                yield return attribute;
            }
        }

        if (ev.TryGetProperty("Object", out var objects) && objects.ValueKind == JsonValueKind.Array)
        {
            foreach (var obj in objects.EnumerateArray())
            {
                if (obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty("Attribute", out var inner) && inner.ValueKind == JsonValueKind.Array)
                {
                    foreach (var attribute in inner.EnumerateArray())
                    {
                        yield return attribute;
                    }
                }
            }
        }
    }

    private static FeedItem Entry(JsonElement attribute, string? eventThreat, long number)
    {
        var raw = attribute.GetRawText();
        var type = Text(attribute, "type");
        var value = Text(attribute, "value");
        if (type is null || value is null)
        {
            return FeedItem.Rejected(number, "attribute without type or value", raw);
        }

        if (attribute.TryGetProperty("to_ids", out var toIds) && (toIds.ValueKind == JsonValueKind.False || (toIds.ValueKind == JsonValueKind.String && toIds.GetString() is "0" or "false")))
        {
            return FeedItem.Rejected(number, "to_ids is false", raw);
        }

        var threat = ThreatOf(attribute) ?? eventThreat;
        DateTimeOffset? seen = null;
        if (Text(attribute, "timestamp") is { } stamp && long.TryParse(stamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds < 253402300799)
        {
            seen = DateTimeOffset.FromUnixTimeSeconds(seconds);
        }

        return type switch
        {
            "domain" or "hostname" => IndicatorText.Domain(value, threat, seen, number, raw),
            "domain|ip" => IndicatorText.Domain(value.Split('|')[0], threat, seen, number, raw),
            "url" => IndicatorText.Url(value, threat, seen, number, raw),
            "ip-dst" or "ip-src" => IndicatorText.Address(value, threat, seen, number, raw),
            _ => FeedItem.Rejected(number, $"attribute type {(type.Length > 40 ? type[..40] : type)} not used", raw),
        };
    }

    private static string? ThreatOf(JsonElement element)
    {
        if (element.TryGetProperty("Tag", out var tags) && tags.ValueKind == JsonValueKind.Array)
        {
            foreach (var tag in tags.EnumerateArray())
            {
                if (ThreatTypeMap.Resolve(Text(tag, "name")) is { } id)
                {
                    return id;
                }
            }
        }

        return null;
    }
}
