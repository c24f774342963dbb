using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Dnscert.Cli;
using Dnscert.Core.Catalog;

namespace Dnscert.UnitTests.Catalog;

public sealed partial class ThreatCatalogTests
{
    /// <summary>The 21 technique names of the FIRST DNS Abuse Techniques Matrix (as the MISP galaxy spells them).</summary>
    private static readonly string[] s_firstTechniques =
    [
        "DGAs", "Domain name compromise", "Lame delegations", "DNS cache poisoning", "DNS rebinding", "DNS server compromise",
        "Stub resolver hijacking", "Local recursive resolver hijacking", "On-path DNS attack", "DoS against the DNS",
        "DNS as a vector for DoS", "Dynamic DNS resolution", "Dynamic DNS resolution: Fast flux", "Infiltration and exfiltration via the DNS",
        "Malicious registration of (effective) second level domains", "Creation of malicious subdomains under dynamic DNS providers",
        "Compromise of a non-DNS server to conduct abuse", "Spoofing or otherwise using unregistered domain names",
        "Spoofing of a registered domain", "DNS tunneling", "DNS beacons - C2 communication",
    ];

    [Fact]
    public void Ids_are_unique_and_dotted_lower_case()
    {
        Assert.Equal(ThreatTypes.All.Count, ThreatTypes.All.Select(t => t.Id).Distinct(StringComparer.Ordinal).Count());
        Assert.All(ThreatTypes.All, t => Assert.Matches(IdPattern(), t.Id));
        Assert.All(ThreatTypes.All, t => Assert.StartsWith(t.Family == ThreatTypes.InfrastructureFamily ? "infra." : t.Family + ".", t.Id, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_FIRST_technique_is_in_the_catalogue_once_with_a_uuid()
    {
        // Exactly one abuse.* entry owns each technique; infra.* and attack.* entries may point at it too.
        var mapped = ThreatTypes.All.Where(t => t.Family == ThreatTypes.AbuseFamily && t.Mappings.FirstTechnique is not null).ToList();
        Assert.Equal(s_firstTechniques.Order(StringComparer.Ordinal), mapped.Select(t => t.Mappings.FirstTechnique!).Order(StringComparer.Ordinal));
        Assert.All(mapped, t => Assert.True(Guid.TryParse(t.Mappings.FirstTechniqueUuid, out _), t.Id));
        Assert.Equal(21, mapped.Select(t => t.Mappings.FirstTechniqueUuid).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void The_four_DAAR_categories_are_present()
    {
        foreach (var id in new[] { "abuse.phishing", "abuse.malware", "abuse.botnet-c2", "abuse.spam" })
        {
            Assert.Contains(ThreatTypes.All, t => t.Id == id);
        }
    }

    [Fact]
    public void Every_abuse_entry_is_mapped_as_documented()
    {
        // docs/threat-catalogue.md: every abuse entry has an IntelMQ taxonomy/type; all but the four without an X-ARF
        // type have one; all but lame delegations carry at least one MISP tag; tags are namespace:predicate="value".
        var abuse = ThreatTypes.All.Where(t => t.Family == ThreatTypes.AbuseFamily).ToList();
        Assert.Equal(25, abuse.Count);
        Assert.All(abuse, t => Assert.False(string.IsNullOrEmpty(t.Mappings.RsitTaxonomy) || string.IsNullOrEmpty(t.Mappings.RsitType), t.Id));
        Assert.Equal(
            ["abuse.cache-poisoning", "abuse.dns-exfiltration", "abuse.dns-tunnelling", "abuse.on-path-attack"],
            abuse.Where(t => t.Mappings.XarfType is null).Select(t => t.Id).Order(StringComparer.Ordinal));
        Assert.Equal(["abuse.lame-delegation"], abuse.Where(t => t.Mappings.MispTags.Count == 0).Select(t => t.Id));
        Assert.All(abuse.SelectMany(t => t.Mappings.MispTags), tag => Assert.Matches(TagPattern(), tag));
    }

    [Fact]
    public void Every_infrastructure_and_attack_entry_is_mapped_as_documented()
    {
        // docs/threat-catalogue.md: each has an IntelMQ taxonomy/type and a MISP tag; X-ARF v4 has no type for an
        // unreachable server, cache poisoning or tunnelling; the FIRST matrix has techniques only for the entries listed.
        var entries = ThreatTypes.All.Where(t => t.Family is ThreatTypes.InfrastructureFamily or ThreatTypes.AttackFamily).ToList();
        Assert.Equal(21, entries.Count);
        Assert.All(entries, t => Assert.False(string.IsNullOrEmpty(t.Mappings.RsitTaxonomy) || string.IsNullOrEmpty(t.Mappings.RsitType), t.Id));
        Assert.All(entries, t => Assert.NotEmpty(t.Mappings.MispTags));
        Assert.All(entries.SelectMany(t => t.Mappings.MispTags), tag => Assert.Matches(TagPattern(), tag));
        Assert.Equal(
            ["attack.cache-poisoning", "attack.dns-tunnelling", "infra.unreachable-nameserver"],
            entries.Where(t => t.Mappings.XarfType is null).Select(t => t.Id).Order(StringComparer.Ordinal));
        Assert.Equal(
            ["attack.amplification", "attack.cache-poisoning", "attack.dga", "attack.dns-tunnelling", "attack.nxdomain-storm", "attack.query-flood",
             "attack.random-subdomain", "infra.delegation-changed", "infra.lame-delegation", "infra.mail-policy", "infra.open-resolver"],
            entries.Where(t => t.Mappings.FirstTechnique is not null).Select(t => t.Id).Order(StringComparer.Ordinal));

        // A technique named here is spelled exactly as the abuse.* entry that owns it (same uuid, same name).
        var owners = ThreatTypes.All.Where(t => t.Family == ThreatTypes.AbuseFamily && t.Mappings.FirstTechniqueUuid is not null)
            .ToDictionary(t => t.Mappings.FirstTechniqueUuid!, t => t.Mappings.FirstTechnique, StringComparer.Ordinal);
        Assert.All(entries.Where(t => t.Mappings.FirstTechniqueUuid is not null), t => Assert.Equal(owners[t.Mappings.FirstTechniqueUuid!], t.Mappings.FirstTechnique));
    }

    [Fact]
    public void Checks_and_detectors_export_with_the_vocabulary_of_their_abuse_counterpart()
    {
        // The random-subdomain detector's finding and a DoS report from a feed must land in the same MISP/X-ARF bucket.
        Assert.Equal(ThreatTypes.DosAgainstDns.Mappings.Xarf, ThreatTypes.RandomSubdomain.Mappings.Xarf);
        Assert.Equal(ThreatTypes.DosAgainstDns.Mappings.FirstTechniqueUuid, ThreatTypes.QueryFlood.Mappings.FirstTechniqueUuid);
        Assert.Equal(ThreatTypes.LameDelegationAbuse.Mappings.Rsit, ThreatTypes.LameDelegation.Mappings.Rsit);
        Assert.Contains(ThreatTypes.CachePoisoningAbuse.Mappings.MispTags[0], ThreatTypes.CachePoisoning.Mappings.MispTags);
        Assert.Equal("vulnerable/ddos-amplifier", ThreatTypes.OpenResolver.Mappings.Rsit);
    }

    [Fact]
    public void Existing_constructor_still_works_without_mappings()
    {
        var type = new ThreatType("infra.example", ThreatTypes.InfrastructureFamily, "Example");
        Assert.Same(ThreatMappings.None, type.Mappings);
    }

    [Fact]
    public void The_threat_catalogue_page_is_not_stale()
    {
        var page = File.ReadAllText(Path.Combine(RepoRoot(), "docs", "threat-catalogue.md"));
        Assert.Equal(CatalogCommands.Markdown(), page.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Catalog_threats_json_lists_every_entry_with_its_mappings()
    {
        var (code, output, _) = await Dnscert.UnitTests.Cli.InProcessCli.Run(["catalog", "threats", "--json"]);
        Assert.Equal(0, code);
        using var json = System.Text.Json.JsonDocument.Parse(output);
        Assert.Equal(ThreatTypes.All.Count, json.RootElement.GetArrayLength());
        var phishing = json.RootElement.EnumerateArray().Single(e => e.GetProperty("id").GetString() == "abuse.phishing");
        Assert.Equal("fraud", phishing.GetProperty("intelMq").GetProperty("taxonomy").GetString());
        Assert.Equal("phishing", phishing.GetProperty("xarf").GetProperty("type").GetString());
    }

    internal static string RepoRoot([CallerFilePath] string path = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", "..", ".."));

    [GeneratedRegex("^[a-z]+(\\.[a-z0-9]+(-[a-z0-9]+)*)+$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[a-z0-9-]+:[a-z0-9-]+=\"[a-zA-Z0-9-]+\"$")]
    private static partial Regex TagPattern();
}
