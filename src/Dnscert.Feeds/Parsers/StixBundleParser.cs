using System.Text.Json;
using System.Text.RegularExpressions;

namespace Dnscert.Feeds.Parsers;

/// <summary>
/// STIX 2.1 bundles: every <c>domain-name</c>, <c>url</c>, <c>ipv4-addr</c> and <c>ipv6-addr</c> equality in an
/// indicator's STIX pattern, top-level SCOs of those types, and the objects of observed-data. A pattern with no such
/// comparison (e.g. a file hash) is rejected with that reason.
/// </summary>
public sealed partial class StixBundleParser(FeedLimits? limits = null) : JsonDocumentParser(limits)
{
    public const string ParserId = "stix";

    /// <summary>Longest pattern matched; the comparison regex is linear, this bounds the work per indicator.</summary>
    private const int MaxPatternLength = 65536;

    public override string Id => ParserId;

    protected override IEnumerable<FeedItem> ParseDocument(JsonElement root, CancellationToken cancellationToken)
    {
        if (root.ValueKind != JsonValueKind.Object || Text(root, "type") != "bundle" || !root.TryGetProperty("objects", out var objects) || objects.ValueKind != JsonValueKind.Array)
        {
            yield return FeedItem.Rejected(1, "not a STIX bundle (type bundle with objects)", string.Empty);
            yield break;
        }

        long number = 0;
        foreach (var obj in objects.EnumerateArray())
        {
            number++;
            if ((number & 1023) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var raw = obj.GetRawText();
            var type = Text(obj, "type");
            var threat = ThreatOf(obj);
            if (type == "indicator")
            {
                var pattern = Text(obj, "pattern");
                if (pattern is null || (Text(obj, "pattern_type") is { } kind && kind != "stix"))
                {
                    yield return FeedItem.Rejected(number, "indicator without a STIX pattern", raw);
                    continue;
                }

                if (pattern.Length > MaxPatternLength)
                {
                    yield return FeedItem.Rejected(number, $"pattern longer than {MaxPatternLength} characters", raw);
                    continue;
                }

                var any = false;
                foreach (Match match in Comparison().Matches(pattern))
                {
                    any = true;
                    var value = match.Groups["value"].Value.Replace("\\'", "'", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);
                    yield return ItemOf(match.Groups["type"].Value, value, threat, number, raw);
                }

                if (!any)
                {
                    yield return FeedItem.Rejected(number, "pattern compares no domain-name, url or IP value", raw);
                }
            }
            else if (type is "domain-name" or "url" or "ipv4-addr" or "ipv6-addr")
            {
                yield return ItemOf(type, Text(obj, "value") ?? string.Empty, threat, number, raw);
            }
            else if (type == "observed-data" && obj.TryGetProperty("objects", out var observed) && observed.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in observed.EnumerateObject())
                {
                    if (Text(property.Value, "type") is { } inner and ("domain-name" or "url" or "ipv4-addr" or "ipv6-addr"))
                    {
                        yield return ItemOf(inner, Text(property.Value, "value") ?? string.Empty, threat, number, raw);
                    }
                }
            }
        }
    }

    private static FeedItem ItemOf(string type, string value, string? threat, long number, string raw) => type switch
    {
        "domain-name" => IndicatorText.Domain(value, threat, null, number, raw),
        "url" => IndicatorText.Url(value, threat, null, number, raw),
        _ => IndicatorText.Address(value, threat, null, number, raw),
    };

    private static string? ThreatOf(JsonElement obj)
    {
        foreach (var name in (string[])["indicator_types", "labels"])
        {
            if (obj.TryGetProperty(name, out var values) && values.ValueKind == JsonValueKind.Array)
            {
                foreach (var value in values.EnumerateArray())
                {
                    if (value.ValueKind == JsonValueKind.String && ThreatTypeMap.Resolve(value.GetString()) is { } id)
                    {
                        return id;
                    }
                }
            }
        }

        return null;
    }

    [GeneratedRegex(@"(?<type>domain-name|url|ipv4-addr|ipv6-addr):value\s*=\s*'(?<value>(?:[^'\\]|\\.){0,8192})'", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Comparison();
}
