using System.Text.Json;
using Dnscert.Core.Catalog;

namespace Dnscert.UnitTests.Catalog;

/// <summary>
/// Checks every mapping of the catalogue against the published vocabularies. They are not in the repository, so
/// these tests read them from DNSCERT_STANDARDS_DIR and are skipped when it is unset (scripts/verify-standards.sh).
/// </summary>
public sealed class StandardsMappingTests
{
    private static string Standards()
    {
        var dir = Environment.GetEnvironmentVariable("DNSCERT_STANDARDS_DIR");
        Assert.SkipWhen(string.IsNullOrEmpty(dir), "DNSCERT_STANDARDS_DIR is not set (see scripts/verify-standards.sh).");
        Assert.True(Directory.Exists(dir), $"DNSCERT_STANDARDS_DIR {dir} does not exist.");
        return dir!;
    }

    [Fact]
    public void FIRST_techniques_match_the_misp_galaxy_cluster()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Standards(), "misp-galaxy", "clusters", "first-dns.json")));
        var galaxy = json.RootElement.GetProperty("values").EnumerateArray()
            .ToDictionary(v => v.GetProperty("uuid").GetString()!, v => v.GetProperty("value").GetString()!, StringComparer.Ordinal);
        var mapped = ThreatTypes.All.Where(t => t.Mappings.FirstTechniqueUuid is not null).ToList();
        Assert.All(mapped, t => Assert.Equal(galaxy.GetValueOrDefault(t.Mappings.FirstTechniqueUuid!), t.Mappings.FirstTechnique));
        Assert.Equal(galaxy.Keys.Order(StringComparer.Ordinal), mapped.Select(t => t.Mappings.FirstTechniqueUuid!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void MISP_tags_exist_in_their_taxonomies()
    {
        var root = Standards();
        foreach (var tag in ThreatTypes.All.SelectMany(t => t.Mappings.MispTags).Distinct(StringComparer.Ordinal))
        {
            var colon = tag.IndexOf(':', StringComparison.Ordinal);
            var eq = tag.IndexOf('=', StringComparison.Ordinal);
            var (ns, predicate, value) = (tag[..colon], tag[(colon + 1)..eq], tag[(eq + 2)..^1]);
            var file = Path.Combine(root, "misp-taxonomies", ns, "machinetag.json");
            Assert.True(File.Exists(file), $"{tag}: no taxonomy {ns}");
            using var json = JsonDocument.Parse(File.ReadAllText(file));
            var values = json.RootElement.TryGetProperty("values", out var v) ? v.EnumerateArray().ToList() : [];
            var entries = values.Where(x => x.GetProperty("predicate").GetString() == predicate)
                .SelectMany(x => x.GetProperty("entry").EnumerateArray()).Select(e => e.GetProperty("value").GetString()).ToList();
            Assert.True(entries.Contains(value), $"{tag}: {ns} has no value {value} under predicate {predicate}");
        }
    }

    [Fact]
    public void IntelMQ_types_belong_to_their_taxonomy()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Standards(), "intelmq-harmonization", "classification.json")));
        var table = json.RootElement.GetProperty("type_to_taxonomy");
        foreach (var t in ThreatTypes.All.Where(t => t.Mappings.RsitType is not null))
        {
            Assert.True(table.TryGetProperty(t.Mappings.RsitType!, out var taxonomy), $"{t.Id}: unknown classification.type {t.Mappings.RsitType}");
            Assert.Equal(taxonomy.GetString(), t.Mappings.RsitTaxonomy);
        }
    }

    [Fact]
    public void XARF_category_and_type_have_a_v4_schema()
    {
        var types = Path.Combine(Standards(), "xarf", "schemas", "v4", "types");
        foreach (var t in ThreatTypes.All.Where(t => t.Mappings.XarfType is not null))
        {
            var file = Path.Combine(types, $"{t.Mappings.XarfCategory}-{t.Mappings.XarfType}.json");
            Assert.True(File.Exists(file), $"{t.Id}: no X-ARF v4 schema {Path.GetFileName(file)}");
        }
    }
}
