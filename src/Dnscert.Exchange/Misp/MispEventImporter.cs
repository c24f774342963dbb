using System.Text.Json;
using Dnscert.Core;
using Dnscert.Core.Store;
using Dnscert.Exchange.Import;

namespace Dnscert.Exchange.Misp;

/// <summary>
/// Reads a MISP event (<c>{"Event": {...}}</c>, MISP core format) into observations: one per attribute of type
/// domain, hostname, ip-dst, ip-src or url, in the event or in its objects. Other attribute types are counted as
/// ignored. A bad attribute is rejected with its path and reason; the rest goes through. A document that is not
/// JSON, over a limit or without an <c>Event</c> raises <see cref="ExchangeFormatException"/>.
/// </summary>
public sealed class MispEventImporter
{
    private const string Format = "MISP event";
    private readonly TimeProvider _time;
    private readonly ImportLimits _limits;
    private readonly string _defaultThreatTypeId;

    /// <param name="time">Gives the observation ids (version 7) and the time of attributes that carry none.</param>
    /// <param name="defaultThreatTypeId">The threat type of attributes whose tags name none dnscert knows.</param>
    /// <param name="limits">Bounds on the document.</param>
    public MispEventImporter(TimeProvider time, string defaultThreatTypeId, ImportLimits? limits = null)
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
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("Event", out var mispEvent) || mispEvent.ValueKind != JsonValueKind.Object)
        {
            throw new ExchangeFormatException($"{Format}: the document has no \"Event\" object at its top level.");
        }

        var now = _time.GetUtcNow();
        var eventTime = JsonInput.Time(mispEvent, "timestamp") ?? now;
        var eventTags = Tags(mispEvent);
        var eventTlp = TlpOf(eventTags) ?? Tlp.Amber;
        var severity = SeverityOf(JsonInput.String(mispEvent, "threat_level_id"));
        var info = JsonInput.String(mispEvent, "info") ?? "";
        var context = new EventContext(eventTime, eventTags, eventTlp, severity, info);

        var observations = new List<Observation>();
        var rejections = new List<ImportRejection>();
        var ignored = 0;
        var seen = 0;
        void Visit(JsonElement attributes, string path)
        {
            if (attributes.ValueKind != JsonValueKind.Array)
            {
                rejections.Add(new ImportRejection(path, "not an array"));
                return;
            }

            var index = 0;
            foreach (var attribute in attributes.EnumerateArray())
            {
                if (++seen > _limits.MaxObjects)
                {
                    throw new ExchangeFormatException($"{Format}: more than {_limits.MaxObjects} attributes (at {path}[{index}]).");
                }

                var location = $"{path}[{index++}]";
                switch (Read(attribute, context, out var observation))
                {
                    case null:
                        ignored++;
                        break;
                    case { Length: > 0 } reason:
                        rejections.Add(new ImportRejection(location, reason));
                        break;
                    default:
                        observations.Add(observation!);
                        break;
                }
            }
        }

        if (mispEvent.TryGetProperty("Attribute", out var eventAttributes))
        {
            Visit(eventAttributes, "Event.Attribute");
        }

        if (mispEvent.TryGetProperty("Object", out var objects) && objects.ValueKind == JsonValueKind.Array)
        {
            var index = 0;
            foreach (var mispObject in objects.EnumerateArray())
            {
                if (mispObject.ValueKind == JsonValueKind.Object && mispObject.TryGetProperty("Attribute", out var objectAttributes))
                {
                    Visit(objectAttributes, $"Event.Object[{index}].Attribute");
                }

                index++;
            }
        }

        return new ImportResult(observations, rejections) { Ignored = ignored };
    }

    /// <summary>Null when the attribute type is not imported, "" with an observation, or the reason of a rejection.</summary>
    private string? Read(JsonElement attribute, EventContext context, out Observation? observation)
    {
        observation = null;
        if (attribute.ValueKind != JsonValueKind.Object)
        {
            return "an attribute must be an object";
        }

        var type = JsonInput.String(attribute, "type");
        var value = JsonInput.String(attribute, "value");
        if (type is null)
        {
            return "the attribute has no string \"type\"";
        }

        if (type is not ("domain" or "hostname" or "ip-dst" or "ip-src" or "url" or "link"))
        {
            return null;
        }

        if (value is null)
        {
            return $"the {type} attribute has no string \"value\"";
        }

        if (value.Length > _limits.MaxValueLength)
        {
            return $"the {type} value has {value.Length} characters, more than {_limits.MaxValueLength}";
        }

        Subject? subject;
        string? reason;
        var ok = type switch
        {
            "domain" => SubjectReader.TryDomain(value, SubjectKind.Domain, _limits.MaxValueLength, out subject, out reason),
            "hostname" => SubjectReader.TryDomain(value, SubjectKind.NameServer, _limits.MaxValueLength, out subject, out reason),
            "ip-dst" or "ip-src" => SubjectReader.TryAddress(value, out subject, out reason),
            _ => SubjectReader.TryUrl(value, _limits.MaxValueLength, out subject, out reason),
        };
        if (!ok)
        {
            return reason;
        }

        var tags = Tags(attribute);
        var threatType = ThreatTypeOf(tags) ?? ThreatTypeOf(context.Tags) ?? _defaultThreatTypeId;
        var lastSeen = JsonInput.Time(attribute, "last_seen") ?? JsonInput.Time(attribute, "timestamp") ?? context.Time;
        var firstSeen = JsonInput.Time(attribute, "first_seen") ?? lastSeen;
        if (firstSeen > lastSeen)
        {
            return "first_seen is after last_seen";
        }

        var comment = JsonInput.String(attribute, "comment");
        var summary = string.IsNullOrWhiteSpace(comment) ? context.Info : comment;
        if (summary.Length > _limits.MaxValueLength)
        {
            summary = summary[.._limits.MaxValueLength];
        }

        var uuid = JsonInput.String(attribute, "uuid");
        observation = new Observation(
            Guid.CreateVersion7(_time.GetUtcNow()),
            subject!,
            threatType,
            context.Severity,
            TlpOf(tags) ?? context.Tlp,
            firstSeen,
            lastSeen,
            ObservationState.Open,
            uuid is not null && Guid.TryParse(uuid, out var id) ? "misp:" + id.ToString("D") : $"misp:{threatType}:{subject}",
            [],
            summary);
        return "";
    }

    private static List<string> Tags(JsonElement element)
    {
        var tags = new List<string>();
        if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty("Tag", out var array) && array.ValueKind == JsonValueKind.Array)
        {
            foreach (var tag in array.EnumerateArray())
            {
                if (JsonInput.String(tag, "name") is { } name)
                {
                    tags.Add(name);
                }
            }
        }

        return tags;
    }

    private static Tlp? TlpOf(List<string> tags)
    {
        foreach (var tag in tags)
        {
            if (TlpMarking.FromMispTag(tag) is { } marking)
            {
                return marking.Tlp;
            }
        }

        return null;
    }

    /// <summary>dnscert's own tag first, then a taxonomy tag that exactly one threat type maps to.</summary>
    private static string? ThreatTypeOf(List<string> tags)
    {
        foreach (var tag in tags)
        {
            if (tag.StartsWith(MispEventExporter.ThreatTypeTagPrefix, StringComparison.Ordinal))
            {
                var id = tag[MispEventExporter.ThreatTypeTagPrefix.Length..].Trim('"');
                if (id.Length is > 0 and <= 64 && id.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '-'))
                {
                    return id;
                }
            }
        }

        foreach (var tag in tags)
        {
            var matches = ThreatMapping.All.Where(m => m.ThreatsToDnsTag == tag).Take(2).ToList();
            if (matches.Count == 1)
            {
                return matches[0].ThreatTypeId;
            }
        }

        return null;
    }

    private static Severity SeverityOf(string? threatLevel) => threatLevel switch
    {
        "1" => Severity.Error,
        "2" => Severity.Warning,
        "3" => Severity.Notice,
        _ => Severity.Info,
    };

    private sealed record EventContext(DateTimeOffset Time, List<string> Tags, Tlp Tlp, Severity Severity, string Info);
}
