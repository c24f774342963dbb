using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dnscert.Core;
using Dnscert.Core.Store;

namespace Dnscert.Exchange.Misp;

/// <summary>
/// Writes an incident as a MISP event in the MISP core format (JSON): the event with its TLP and threat tags, and
/// one attribute per linked observation. MISP encodes numbers and timestamps as strings; that encoding lives only
/// here. Ids are version 5 UUIDs of the incident and observation ids, so a re-export updates the same event.
/// </summary>
public sealed class MispEventExporter
{
    public const string Id = "misp";

    /// <summary>The attribute tag that carries dnscert's threat type id, so an import back reads it exactly.</summary>
    public const string ThreatTypeTagPrefix = "dnscert:threat-type=";

    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true };
    private readonly ReportingOrganisation _organisation;

    public MispEventExporter(ReportingOrganisation organisation)
    {
        ArgumentNullException.ThrowIfNull(organisation);
        _organisation = organisation;
    }

    /// <summary>The event's uuid for an incident id.</summary>
    public static Guid EventUuid(Guid incidentId) => NameBasedUuid.Create(NameBasedUuid.DnscertNamespace, "misp-event:" + incidentId.ToString("D"));

    /// <summary>An attribute's uuid for an observation id within an incident.</summary>
    public static Guid AttributeUuid(Guid incidentId, Guid observationId) =>
        NameBasedUuid.Create(NameBasedUuid.DnscertNamespace, "misp-attribute:" + incidentId.ToString("D") + "/" + observationId.ToString("D"));

    public string ExportJson(ExchangeIncident incident) => Export(incident).ToJsonString(s_indented);

    public JsonObject Export(ExchangeIncident incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var tags = new JsonArray { Tag(TlpMarking.For(incident.Tlp).MispTag) };
        var seenTags = new HashSet<string>(StringComparer.Ordinal) { TlpMarking.For(incident.Tlp).MispTag };
        var attributes = new JsonArray();
        foreach (var observation in incident.Observations.OrderBy(o => o.Id))
        {
            var mapping = ThreatMapping.For(observation.ThreatTypeId);
            foreach (var tag in new[] { mapping.RsitTag, mapping.ThreatsToDnsTag })
            {
                if (tag is not null && seenTags.Add(tag))
                {
                    tags.Add(Tag(tag));
                }
            }

            attributes.Add(Attribute(incident, observation, mapping));
        }

        var mispEvent = new JsonObject
        {
            ["uuid"] = EventUuid(incident.Id).ToString("D"),
            ["info"] = incident.Title,
            ["date"] = incident.Opened.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["threat_level_id"] = ThreatLevel(incident.Severity),
            ["analysis"] = Analysis(incident.Status),
            ["distribution"] = Distribution(incident.Tlp),
            ["timestamp"] = Unix(incident.Updated),
            ["published"] = false,
            ["attribute_count"] = attributes.Count.ToString(CultureInfo.InvariantCulture),
            ["Orgc"] = new JsonObject { ["uuid"] = _organisation.Id.ToString("D"), ["name"] = _organisation.Name },
            ["Tag"] = tags,
            ["Attribute"] = attributes,
        };
        return new JsonObject { ["Event"] = mispEvent };
    }

    private static JsonObject Attribute(ExchangeIncident incident, Observation observation, ThreatMapping mapping)
    {
        var (type, value) = AttributeType(observation.Subject);
        var comment = observation.Summary;
        if (observation.EvidenceIds.Count > 0)
        {
            comment += " Evidence (SHA-256): " + string.Join(", ", observation.EvidenceIds) + ".";
        }

        var tags = new JsonArray { Tag(ThreatTypeTagPrefix + "\"" + observation.ThreatTypeId + "\"") };
        if (observation.Tlp != incident.Tlp)
        {
            tags.Add(Tag(TlpMarking.For(observation.Tlp).MispTag));
        }

        return new JsonObject
        {
            ["uuid"] = AttributeUuid(incident.Id, observation.Id).ToString("D"),
            ["type"] = type,
            ["category"] = "Network activity",
            ["to_ids"] = mapping.SubjectIsIndicator,
            ["value"] = value,
            ["comment"] = comment,
            ["timestamp"] = Unix(observation.LastSeen),
            // 5 = inherit the event's distribution; the attribute's own TLP travels as a tag when it differs.
            ["distribution"] = "5",
            ["Tag"] = tags,
        };
    }

    internal static (string Type, string Value) AttributeType(Subject subject) => subject.Kind switch
    {
        SubjectKind.Zone or SubjectKind.Domain => ("domain", subject.Value),
        SubjectKind.NameServer => ("hostname", subject.Value),
        SubjectKind.IpAddress or SubjectKind.Resolver or SubjectKind.Prefix => ("ip-dst", subject.Value),
        SubjectKind.Url => ("url", subject.Value),
        _ => ("text", subject.ToString()),
    };

    private static JsonObject Tag(string name) => new() { ["name"] = name };

    private static string Unix(DateTimeOffset time) => time.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    // MISP threat levels: 1 high, 2 medium, 3 low, 4 undefined.
    internal static string ThreatLevel(Severity severity) => severity switch
    {
        >= Severity.Error => "1",
        Severity.Warning => "2",
        Severity.Notice or Severity.Info => "3",
        _ => "4",
    };

    // MISP analysis: 0 initial, 1 ongoing, 2 completed.
    private static string Analysis(string status) => status.ToUpperInvariant() switch
    {
        "NEW" => "0",
        "RESOLVED" or "MITIGATED" or "CLOSED" or "REJECTED" => "2",
        _ => "1",
    };

    // MISP distribution: 0 your organisation only, 1 this community only, 3 all communities. TLP:AMBER and stricter
    // stay with the organisation; the sharing decision beyond it is made by the visibility filter before export.
    internal static string Distribution(Tlp tlp) => tlp switch
    {
        Tlp.Clear => "3",
        Tlp.Green => "1",
        _ => "0",
    };
}
