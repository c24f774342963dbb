using System.Text.Json;
using System.Text.RegularExpressions;
using Dnscert.Core;
using Dnscert.Core.Store;
using Dnscert.Exchange.Import;

namespace Dnscert.Exchange.Stix21;

/// <summary>
/// Reads a STIX 2.1 bundle into observations: one per indicator whose pattern is a single comparison
/// <c>[domain-name:value = '…']</c> (also ipv4-addr, ipv6-addr, url), and one per cyber-observable an observed-data
/// references. Other objects are counted as ignored; a malformed one is rejected with its index and reason. TLP comes
/// from the TLP 2.0 marking ids in <c>object_marking_refs</c> (AMBER when none is given).
/// </summary>
public sealed partial class StixBundleImporter
{
    private const string Format = "STIX bundle";
    private readonly TimeProvider _time;
    private readonly ImportLimits _limits;
    private readonly string _defaultThreatTypeId;

    public StixBundleImporter(TimeProvider time, string defaultThreatTypeId, ImportLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentException.ThrowIfNullOrWhiteSpace(defaultThreatTypeId);
        _time = time;
        _defaultThreatTypeId = defaultThreatTypeId;
        _limits = limits ?? ImportLimits.Default;
    }

    public ImportResult Import(ReadOnlyMemory<byte> utf8)
    {
        using var document = JsonInput.Parse(utf8, _limits, Format);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || JsonInput.String(root, "type") != "bundle")
        {
            throw new ExchangeFormatException($"{Format}: the top-level object is not of type \"bundle\".");
        }

        if (!root.TryGetProperty("objects", out var objects) || objects.ValueKind != JsonValueKind.Array)
        {
            return new ImportResult([], []);
        }

        if (objects.GetArrayLength() > _limits.MaxObjects)
        {
            throw new ExchangeFormatException($"{Format}: {objects.GetArrayLength()} objects, more than the limit of {_limits.MaxObjects}.");
        }

        var observables = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var stixObject in objects.EnumerateArray())
        {
            if (JsonInput.String(stixObject, "type") is "domain-name" or "ipv4-addr" or "ipv6-addr" or "url" && JsonInput.String(stixObject, "id") is { } id)
            {
                observables.TryAdd(id, stixObject);
            }
        }

        var observations = new List<Observation>();
        var rejections = new List<ImportRejection>();
        var ignored = 0;
        var index = -1;
        foreach (var stixObject in objects.EnumerateArray())
        {
            index++;
            var location = $"objects[{index}]";
            if (stixObject.ValueKind != JsonValueKind.Object)
            {
                rejections.Add(new ImportRejection(location, "a STIX object must be a JSON object"));
                continue;
            }

            switch (JsonInput.String(stixObject, "type"))
            {
                case "indicator":
                    ReadIndicator(stixObject, location, observations, rejections);
                    break;
                case "observed-data":
                    ReadObservedData(stixObject, location, observables, observations, rejections);
                    break;
                case null:
                    rejections.Add(new ImportRejection(location, "the object has no string \"type\""));
                    break;
                default:
                    ignored++;
                    break;
            }
        }

        return new ImportResult(observations, rejections) { Ignored = ignored };
    }

    private void ReadIndicator(JsonElement indicator, string location, List<Observation> observations, List<ImportRejection> rejections)
    {
        var pattern = JsonInput.String(indicator, "pattern");
        if (pattern is null || JsonInput.String(indicator, "pattern_type") is { } type && type != "stix")
        {
            rejections.Add(new ImportRejection(location, "the indicator has no STIX pattern"));
            return;
        }

        if (pattern.Length > _limits.MaxValueLength + 64)
        {
            rejections.Add(new ImportRejection(location, $"the pattern has {pattern.Length} characters, more than {_limits.MaxValueLength + 64}"));
            return;
        }

        Match match;
        try
        {
            match = SimplePattern().Match(pattern);
        }
        catch (RegexMatchTimeoutException)
        {
            rejections.Add(new ImportRejection(location, "the pattern took too long to read"));
            return;
        }

        if (!match.Success)
        {
            rejections.Add(new ImportRejection(location, $"pattern '{SubjectReader.Shorten(pattern)}' is not a single [type:value = '...'] comparison on domain-name, ipv4-addr, ipv6-addr or url"));
            return;
        }

        var value = Unescape(match.Groups["value"].Value);
        var validFrom = JsonInput.Time(indicator, "valid_from") ?? JsonInput.Time(indicator, "created");
        var modified = JsonInput.Time(indicator, "modified") ?? validFrom;
        Add(indicator, location, match.Groups["type"].Value, value, validFrom, modified, observations, rejections);
    }

    private void ReadObservedData(JsonElement observed, string location, Dictionary<string, JsonElement> observables, List<Observation> observations, List<ImportRejection> rejections)
    {
        if (!observed.TryGetProperty("object_refs", out var refs) || refs.ValueKind != JsonValueKind.Array)
        {
            rejections.Add(new ImportRejection(location, "the observed-data has no object_refs array (STIX 2.1; the deprecated \"objects\" is not read)"));
            return;
        }

        var first = JsonInput.Time(observed, "first_observed");
        var last = JsonInput.Time(observed, "last_observed") ?? first;
        foreach (var reference in refs.EnumerateArray())
        {
            if (reference.ValueKind == JsonValueKind.String && observables.TryGetValue(reference.GetString()!, out var observable))
            {
                if (JsonInput.String(observable, "value") is not { } value)
                {
                    rejections.Add(new ImportRejection(location, $"the referenced {JsonInput.String(observable, "type")} has no string value"));
                    continue;
                }

                Add(observed, location, JsonInput.String(observable, "type")!, value, first, last, observations, rejections);
            }
        }
    }

    private void Add(JsonElement source, string location, string type, string value, DateTimeOffset? first, DateTimeOffset? last, List<Observation> observations, List<ImportRejection> rejections)
    {
        if (value.Length > _limits.MaxValueLength)
        {
            rejections.Add(new ImportRejection(location, $"the {type} value has {value.Length} characters, more than {_limits.MaxValueLength}"));
            return;
        }

        Subject? subject;
        string? reason;
        var ok = type switch
        {
            "domain-name" => SubjectReader.TryDomain(value, SubjectKind.Domain, _limits.MaxValueLength, out subject, out reason),
            "url" => SubjectReader.TryUrl(value, _limits.MaxValueLength, out subject, out reason),
            _ => SubjectReader.TryAddress(value, out subject, out reason),
        };
        if (!ok)
        {
            rejections.Add(new ImportRejection(location, reason!));
            return;
        }

        var now = _time.GetUtcNow();
        var firstSeen = first ?? now;
        var lastSeen = last ?? firstSeen;
        if (firstSeen > lastSeen)
        {
            rejections.Add(new ImportRejection(location, "the first time is after the last time"));
            return;
        }

        var summary = JsonInput.String(source, "description") ?? JsonInput.String(source, "name") ?? $"Imported from STIX {JsonInput.String(source, "type")}.";
        if (summary.Length > _limits.MaxValueLength)
        {
            summary = summary[.._limits.MaxValueLength];
        }

        var threatType = ThreatTypeOf(source) ?? _defaultThreatTypeId;
        var id = JsonInput.String(source, "id");
        observations.Add(new Observation(
            Guid.CreateVersion7(now),
            subject!,
            threatType,
            SeverityOf(source),
            TlpOf(source) ?? Tlp.Amber,
            firstSeen,
            lastSeen,
            ObservationState.Open,
            id is not null && id.Length <= 100 ? $"stix:{id}:{subject}" : $"stix:{threatType}:{subject}",
            [],
            summary));
    }

    private static Tlp? TlpOf(JsonElement source)
    {
        if (source.TryGetProperty("object_marking_refs", out var refs) && refs.ValueKind == JsonValueKind.Array)
        {
            Tlp? strictest = null;
            foreach (var reference in refs.EnumerateArray())
            {
                if (reference.ValueKind == JsonValueKind.String && TlpMarking.FromStixId(reference.GetString()!) is { } marking && (strictest is null || marking.Tlp > strictest))
                {
                    strictest = marking.Tlp;
                }
            }

            return strictest;
        }

        return null;
    }

    /// <summary>A label that is a known threat type id (dnscert's own exports carry one).</summary>
    private static string? ThreatTypeOf(JsonElement source)
    {
        if (source.TryGetProperty("labels", out var labels) && labels.ValueKind == JsonValueKind.Array)
        {
            foreach (var label in labels.EnumerateArray())
            {
                if (label.ValueKind == JsonValueKind.String && ThreatMapping.All.FirstOrDefault(m => m.ThreatTypeId == label.GetString()) is { } mapping)
                {
                    return mapping.ThreatTypeId;
                }
            }
        }

        return null;
    }

    private static Severity SeverityOf(JsonElement source)
    {
        if (source.TryGetProperty("labels", out var labels) && labels.ValueKind == JsonValueKind.Array)
        {
            foreach (var label in labels.EnumerateArray())
            {
                if (label.ValueKind == JsonValueKind.String && label.GetString() is { } text && text.StartsWith("severity:", StringComparison.Ordinal)
                    && Enum.TryParse<Severity>(text["severity:".Length..], ignoreCase: true, out var severity) && Enum.IsDefined(severity))
                {
                    return severity;
                }
            }
        }

        return Severity.Warning;
    }

    private static string Unescape(string value) => value.Replace("\\'", "'", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);

    // One comparison only: dnscert does not evaluate STIX patterning, it reads the common single-value indicator.
    [GeneratedRegex(@"^\s*\[\s*(?<type>domain-name|ipv4-addr|ipv6-addr|url):value\s*=\s*'(?<value>(?:[^'\\]|\\.)*)'\s*\]\s*$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex SimplePattern();
}
