using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Dnscert.IntegrationTests.Notifications;

/// <summary>
/// Structural checks of an exported MISP event and STIX 2.1 bundle (what a consumer relies on: ids, required fields,
/// TLP marking, the incident's subject), and, when DNSCERT_STANDARDS_DIR names the standards directory, validation
/// against the published JSON schemas as in the unit tests' StandardsSchemaTests.
/// </summary>
internal static class ExportChecks
{
    private static readonly string? s_standards = Environment.GetEnvironmentVariable("DNSCERT_STANDARDS_DIR");

    public static void Misp(string json, string tlpTag, string subject)
    {
        var root = JsonNode.Parse(json)!.AsObject();
        var e = Assert.IsType<JsonObject>(root["Event"]);
        Assert.True(Guid.TryParse((string?)e["uuid"], out _), "Event.uuid is not a UUID");
        Assert.False(string.IsNullOrWhiteSpace((string?)e["info"]));
        Assert.True(DateOnly.TryParseExact((string?)e["date"], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _), "Event.date is not yyyy-MM-dd");
        Assert.Contains((string?)e["threat_level_id"], new[] { "1", "2", "3", "4" });
        Assert.Contains((string?)e["analysis"], new[] { "0", "1", "2" });
        Assert.Contains((string?)e["distribution"], new[] { "0", "1", "2", "3", "4", "5" });
        Assert.Contains(e["Tag"]!.AsArray(), t => (string?)t!["name"] == tlpTag);
        var attributes = e["Attribute"]!.AsArray();
        Assert.NotEmpty(attributes);
        Assert.Equal(attributes.Count.ToString(CultureInfo.InvariantCulture), (string?)e["attribute_count"]);
        Assert.All(attributes, a =>
        {
            Assert.True(Guid.TryParse((string?)a!["uuid"], out _), "Attribute.uuid is not a UUID");
            Assert.False(string.IsNullOrEmpty((string?)a["type"]));
            Assert.False(string.IsNullOrEmpty((string?)a["category"]));
        });
        Assert.Contains(attributes, a => (string?)a!["value"] == subject);
        if (Schema("misp-core-format/schema.json") is { } path)
        {
            // Same adaptations as StandardsSchemaTests: draft-04 read as draft 7, and the stray "required" in sharing_group dropped.
            var text = File.ReadAllText(path)
                .Replace("http://json-schema.org/draft-04/schema#", "http://json-schema.org/draft-07/schema#", StringComparison.Ordinal)
                .Replace("\"id\": \"https://github.com/MISP", "\"$id\": \"https://github.com/MISP", StringComparison.Ordinal);
            var node = JsonNode.Parse(text)!;
            node["defs"]!["sharing_group"]!["properties"]!.AsObject().Remove("required");
            Valid(JsonSchema.FromText(node.ToJsonString(), new BuildOptions { SchemaRegistry = new SchemaRegistry() }), root);
        }
    }

    public static void Stix(string json, string subject)
    {
        var bundle = JsonNode.Parse(json)!.AsObject();
        Assert.Equal("bundle", (string?)bundle["type"]);
        Assert.StartsWith("bundle--", (string?)bundle["id"], StringComparison.Ordinal);
        var objects = bundle["objects"]!.AsArray();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var o in objects)
        {
            var type = (string?)o!["type"];
            var id = (string?)o["id"];
            Assert.False(string.IsNullOrEmpty(type));
            Assert.True(id is not null && id.StartsWith(type + "--", StringComparison.Ordinal) && Guid.TryParse(id[(type!.Length + 2)..], out _), $"bad STIX id {id}");
            Assert.True(ids.Add(id!), $"duplicate STIX id {id}");
            Assert.Equal("2.1", (string?)o["spec_version"]);
        }

        // Every reference points into the bundle (marking definitions of TLP 2.0 included).
        foreach (var o in objects)
        {
            foreach (var reference in (o!["object_marking_refs"]?.AsArray() ?? []).Select(r => (string?)r))
            {
                Assert.Contains(reference!, ids);
            }

            if ((string?)o["created_by_ref"] is { } creator)
            {
                Assert.Contains(creator, ids);
            }
        }

        foreach (var type in new[] { "identity", "incident", "marking-definition" })
        {
            Assert.Contains(objects, o => (string?)o!["type"] == type);
        }

        Assert.Contains(objects, o => (string?)o!["value"] == subject);
        if (Schema("stix-2.1/schemas") is { } root)
        {
            var options = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
            var byType = new Dictionary<string, JsonSchema>(StringComparer.Ordinal);
            foreach (var file in Directory.EnumerateFiles(root, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                byType[Path.GetFileNameWithoutExtension(file)] = JsonSchema.FromFile(file, options);
            }

            foreach (var o in objects)
            {
                Valid(byType[(string)o!["type"]!], o);
            }

            // The published bundle.json refuses every incident object (docs/exchange.md): the rest of the bundle is checked against it.
            var withoutIncident = bundle.DeepClone().AsObject();
            var list = withoutIncident["objects"]!.AsArray();
            list.Remove(list.Single(o => (string?)o!["type"] == "incident"));
            Valid(byType["bundle"], withoutIncident);
        }
    }

    private static string? Schema(string relative)
    {
        if (string.IsNullOrEmpty(s_standards))
        {
            return null;
        }

        var path = Path.Combine(s_standards, relative);
        Assert.True(Path.Exists(path), $"{path} does not exist under DNSCERT_STANDARDS_DIR.");
        return path;
    }

    private static void Valid(JsonSchema schema, JsonNode document)
    {
        using var json = JsonDocument.Parse(document.ToJsonString());
        var results = schema.Evaluate(json.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        var errors = (results.Details ?? []).Where(d => d.Errors is not null)
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Key} {e.Value}"));
        Assert.True(results.IsValid, string.Join(Environment.NewLine, errors.Take(20)));
    }
}
