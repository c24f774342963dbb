using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dnscert.Core.Store;

namespace Dnscert.Exchange.Stix21;

/// <summary>
/// Writes an incident as a STIX 2.1 bundle: the reporting identity, the TLP 2.0 marking definitions used, the
/// incident, and per observation a cyber-observable (domain-name, ipv4-addr, ipv6-addr, url), the observed-data that
/// holds it, an indicator with a STIX pattern, and the relationships between them. Every id is a version 5 UUID
/// (observables per STIX 2.1 §2.9, the rest from dnscert's ids), so a re-export of the same incident is the same bundle.
/// </summary>
public sealed class StixBundleExporter
{
    public const string Id = "stix21";

    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true };
    private readonly ReportingOrganisation _organisation;
    private readonly DateTimeOffset _organisationSince;

    /// <param name="organisation">The identity that creates every object.</param>
    /// <param name="organisationSince">The identity's fixed <c>created</c> time, so the identity object is the same in every export.</param>
    public StixBundleExporter(ReportingOrganisation organisation, DateTimeOffset organisationSince)
    {
        ArgumentNullException.ThrowIfNull(organisation);
        _organisation = organisation;
        _organisationSince = organisationSince;
    }

    public string IdentityId => "identity--" + NameBasedUuid.Create(NameBasedUuid.DnscertNamespace, "stix-identity:" + _organisation.Id.ToString("D")).ToString("D");

    public static string IncidentId(Guid incidentId) => Sdo("incident", "incident:" + incidentId.ToString("D"));

    public string ExportJson(ExchangeIncident incident) => Export(incident).ToJsonString(s_indented);

    public JsonObject Export(ExchangeIncident incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var objects = new JsonArray();
        var markings = new SortedSet<Tlp> { incident.Tlp };
        foreach (var observation in incident.Observations)
        {
            markings.Add(observation.Tlp);
        }

        objects.Add(new JsonObject
        {
            ["type"] = "identity",
            ["spec_version"] = "2.1",
            ["id"] = IdentityId,
            ["created"] = Time(_organisationSince),
            ["modified"] = Time(_organisationSince),
            ["name"] = _organisation.Name,
            ["identity_class"] = "organization",
        });
        foreach (var tlp in markings)
        {
            objects.Add(MarkingDefinition(TlpMarking.For(tlp)));
        }

        var incidentId = IncidentId(incident.Id);
        objects.Add(Common("incident", incidentId, incident.Opened, incident.Updated, incident.Tlp, new JsonObject
        {
            ["name"] = incident.Title,
            ["description"] = $"dnscert incident {incident.Id:D}, status {incident.Status}, severity {incident.Severity}.",
        }));

        var observables = new HashSet<string>(StringComparer.Ordinal);
        foreach (var observation in incident.Observations.OrderBy(o => o.Id))
        {
            var observable = Observable(observation.Subject);
            if (observable is null)
            {
                continue;
            }

            var scoId = (string)observable["id"]!;
            if (observables.Add(scoId))
            {
                objects.Add(observable);
            }

            var key = incident.Id.ToString("D") + "/" + observation.Id.ToString("D");
            var observedId = Sdo("observed-data", "observed-data:" + key);
            objects.Add(Common("observed-data", observedId, observation.FirstSeen, observation.LastSeen, observation.Tlp, new JsonObject
            {
                ["first_observed"] = Time(observation.FirstSeen),
                ["last_observed"] = Time(observation.LastSeen),
                ["number_observed"] = 1,
                ["object_refs"] = new JsonArray { scoId },
            }));

            var mapping = ThreatMapping.For(observation.ThreatTypeId);
            var indicatorId = Sdo("indicator", "indicator:" + key);
            objects.Add(Common("indicator", indicatorId, observation.FirstSeen, observation.LastSeen, observation.Tlp, new JsonObject
            {
                ["name"] = observation.ThreatTypeId + " " + observation.Subject.Value,
                ["description"] = observation.Summary,
                ["indicator_types"] = new JsonArray { mapping.SubjectIsIndicator ? "malicious-activity" : "anomalous-activity" },
                ["pattern"] = Pattern(observable),
                ["pattern_type"] = "stix",
                ["valid_from"] = Time(observation.FirstSeen),
                ["labels"] = new JsonArray { observation.ThreatTypeId, "severity:" + observation.Severity.ToString().ToLowerInvariant() },
            }));

            objects.Add(Relationship(indicatorId, "based-on", observedId, observation));
            objects.Add(Relationship(incidentId, "related-to", indicatorId, observation));
        }

        return new JsonObject
        {
            ["type"] = "bundle",
            ["id"] = "bundle--" + NameBasedUuid.Create(NameBasedUuid.DnscertNamespace, "stix-bundle:" + incident.Id.ToString("D")).ToString("D"),
            ["objects"] = objects,
        };
    }

    /// <summary>The cyber-observable of a subject (id per STIX 2.1 §2.9 from its <c>value</c>), or null for a kind STIX has no object for.</summary>
    internal static JsonObject? Observable(Subject subject)
    {
        var type = subject.Kind switch
        {
            SubjectKind.Zone or SubjectKind.Domain or SubjectKind.NameServer => "domain-name",
            SubjectKind.IpAddress or SubjectKind.Resolver or SubjectKind.Prefix => subject.Value.Contains(':', StringComparison.Ordinal) ? "ipv6-addr" : "ipv4-addr",
            SubjectKind.Url => "url",
            _ => null,
        };
        if (type is null)
        {
            return null;
        }

        // The contributing property of all four types is "value"; its canonical JSON (RFC 8785) is the id's name.
        var name = "{\"value\":" + JsonSerializer.Serialize(subject.Value) + "}";
        return new JsonObject
        {
            ["type"] = type,
            ["spec_version"] = "2.1",
            ["id"] = type + "--" + NameBasedUuid.Create(NameBasedUuid.StixObservableNamespace, name).ToString("D"),
            ["value"] = subject.Value,
        };
    }

    private static string Pattern(JsonObject observable)
    {
        var value = ((string)observable["value"]!).Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal);
        return $"[{(string)observable["type"]!}:value = '{value}']";
    }

    private JsonObject Relationship(string source, string type, string target, Observation observation) =>
        Common("relationship", Sdo("relationship", "relationship:" + source + "|" + type + "|" + target), observation.FirstSeen, observation.LastSeen, observation.Tlp, new JsonObject
        {
            ["relationship_type"] = type,
            ["source_ref"] = source,
            ["target_ref"] = target,
        });

    private JsonObject Common(string type, string id, DateTimeOffset created, DateTimeOffset modified, Tlp tlp, JsonObject properties)
    {
        var result = new JsonObject
        {
            ["type"] = type,
            ["spec_version"] = "2.1",
            ["id"] = id,
            ["created_by_ref"] = IdentityId,
            ["created"] = Time(created),
            ["modified"] = Time(modified < created ? created : modified),
            ["object_marking_refs"] = new JsonArray { TlpMarking.For(tlp).StixId },
        };
        foreach (var (name, value) in properties.ToList())
        {
            properties.Remove(name);
            result[name] = value;
        }

        return result;
    }

    private static JsonObject MarkingDefinition(TlpMarking marking) => new()
    {
        ["type"] = "marking-definition",
        ["spec_version"] = "2.1",
        ["id"] = marking.StixId,
        ["created"] = TlpMarking.StixCreated,
        ["name"] = marking.StixName,
        ["extensions"] = new JsonObject
        {
            [TlpMarking.StixExtensionId] = new JsonObject { ["extension_type"] = "property-extension", ["tlp_2_0"] = marking.Value },
        },
    };

    private static string Sdo(string type, string name) => type + "--" + NameBasedUuid.Create(NameBasedUuid.DnscertNamespace, "stix:" + name).ToString("D");

    internal static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
