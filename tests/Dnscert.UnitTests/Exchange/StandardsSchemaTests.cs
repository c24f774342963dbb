using System.Text.Json;
using System.Text.Json.Nodes;
using Dnscert.Core.Store;
using Dnscert.Exchange;
using Dnscert.Exchange.Misp;
using Dnscert.Exchange.Stix21;
using Json.Schema;

namespace Dnscert.UnitTests.Exchange;

/// <summary>
/// Validates the exports against the published schemas. The schemas are not part of the repository: the tests read
/// them from the directory named by DNSCERT_STANDARDS_DIR and are skipped when it is unset
/// (scripts/verify-standards.sh sets it).
/// </summary>
public sealed class StandardsSchemaTests
{
    private static readonly string? s_directory = Environment.GetEnvironmentVariable("DNSCERT_STANDARDS_DIR");

    private static string Standards(string relative)
    {
        Assert.SkipWhen(string.IsNullOrEmpty(s_directory), "DNSCERT_STANDARDS_DIR is not set; run scripts/verify-standards.sh.");
        var path = Path.Combine(s_directory!, relative);
        Assert.True(Path.Exists(path), $"{path} does not exist under DNSCERT_STANDARDS_DIR.");
        return path;
    }

    private static void AssertValid(JsonSchema schema, JsonNode document)
    {
        using var json = JsonDocument.Parse(document.ToJsonString());
        var results = schema.Evaluate(json.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        var errors = (results.Details ?? []).Where(d => d.Errors is not null)
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Key} {e.Value}"));
        Assert.True(results.IsValid, string.Join(Environment.NewLine, errors.Take(20)));
    }

    [Theory]
    [InlineData(Tlp.Clear)]
    [InlineData(Tlp.Amber)]
    [InlineData(Tlp.Red)]
    public void The_MISP_export_validates_against_the_MISP_core_format_schema(Tlp tlp)
    {
        // The schema declares draft-04, which JsonSchema.Net does not implement; the keywords it uses (type, properties,
        // additionalProperties, items, uniqueItems, required, $ref to #/defs) mean the same in draft 7.
        var text = File.ReadAllText(Standards("misp-core-format/schema.json"))
            .Replace("http://json-schema.org/draft-04/schema#", "http://json-schema.org/draft-07/schema#", StringComparison.Ordinal)
            .Replace("\"id\": \"https://github.com/MISP", "\"$id\": \"https://github.com/MISP", StringComparison.Ordinal);
        // The published schema also has a stray "required": ["uuid"] inside sharing_group's properties (not a schema,
        // so strict builders refuse it); it is dropped here, which only loosens SharingGroup, which dnscert never writes.
        var node = JsonNode.Parse(text)!;
        node["defs"]!["sharing_group"]!["properties"]!.AsObject().Remove("required");
        var schema = JsonSchema.FromText(node.ToJsonString(), new BuildOptions { SchemaRegistry = new SchemaRegistry() });
        AssertValid(schema, new MispEventExporter(ExchangeSamples.Organisation).Export(ExchangeSamples.Incident(tlp)));
    }

    [Fact]
    public void Every_MISP_tag_the_exporter_uses_is_in_its_taxonomy()
    {
        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var taxonomy in new[] { "tlp", "rsit", "threats-to-dns" })
        {
            using var machinetag = JsonDocument.Parse(File.ReadAllText(Standards($"misp-taxonomies/{taxonomy}/machinetag.json")));
            var root = machinetag.RootElement;
            foreach (var predicate in root.GetProperty("predicates").EnumerateArray())
            {
                known.Add($"{taxonomy}:{predicate.GetProperty("value").GetString()}");
            }

            if (root.TryGetProperty("values", out var values))
            {
                foreach (var value in values.EnumerateArray())
                {
                    foreach (var entry in value.GetProperty("entry").EnumerateArray())
                    {
                        known.Add($"{taxonomy}:{value.GetProperty("predicate").GetString()}=\"{entry.GetProperty("value").GetString()}\"");
                    }
                }
            }
        }

        var used = ThreatMapping.All.SelectMany(m => new[] { m.RsitTag, m.ThreatsToDnsTag }).OfType<string>()
            .Concat(TlpMarking.All.Select(m => m.MispTag)).Append("rsit:other=\"undetermined\"").Distinct();
        Assert.All(used, tag => Assert.Contains(tag, known));
    }

    [Theory]
    [InlineData(Tlp.Green)]
    [InlineData(Tlp.AmberStrict)]
    public void The_STIX_export_validates_against_the_STIX_2_1_bundle_schema(Tlp tlp)
    {
        var root = Standards("stix-2.1/schemas");
        var options = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
        var byType = new Dictionary<string, JsonSchema>(StringComparer.Ordinal);
        // Register every schema first: bundle.json reaches the others through relative $refs.
        foreach (var file in Directory.EnumerateFiles(root, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            byType[Path.GetFileNameWithoutExtension(file)] = JsonSchema.FromFile(file, options);
        }

        var export = new StixBundleExporter(ExchangeSamples.Organisation, ExchangeSamples.Since).Export(ExchangeSamples.Incident(tlp));
        // Each object against its own type's schema first (the bundle's oneOf reports every branch when one fails).
        foreach (var stixObject in export["objects"]!.AsArray())
        {
            var type = (string)stixObject!["type"]!;
            AssertValid(byType[type], stixObject);
        }

        // bundle.json lists every 2.1 type but incident, and its custom-object branch matches an incident twice (core and
        // cyber-observable core), so the published bundle schema refuses any incident; the incident was validated
        // above against incident.json, and the rest of the bundle is validated against bundle.json here.
        var withoutIncident = export.DeepClone().AsObject();
        var objects = withoutIncident["objects"]!.AsArray();
        objects.Remove(objects.Single(o => (string)o!["type"]! == "incident"));
        AssertValid(byType["bundle"], withoutIncident);
    }

    [Fact]
    public void The_STIX_TLP_markings_are_the_ones_FIRST_publishes()
    {
        using var published = JsonDocument.Parse(File.ReadAllText(Standards("tlp-2.0/stix21-tlp2-marking-definitions.json")));
        var byId = published.RootElement.GetProperty("objects").EnumerateArray().ToDictionary(o => o.GetProperty("id").GetString()!, o => o.GetProperty("name").GetString());
        Assert.Equal(byId.OrderBy(p => p.Key), TlpMarking.All.Select(m => new KeyValuePair<string, string?>(m.StixId, m.StixName)).OrderBy(p => p.Key));
    }
}
