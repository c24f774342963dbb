using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Dnscert.Core.Store;
using Dnscert.Exchange;
using Dnscert.Exchange.Stix21;
using Microsoft.Extensions.Time.Testing;

namespace Dnscert.UnitTests.Exchange;

public sealed partial class StixBundleExporterTests
{
    private static readonly StixBundleExporter s_exporter = new(ExchangeSamples.Organisation, ExchangeSamples.Since);

    private static List<JsonObject> Objects(Tlp tlp = Tlp.Amber) =>
        s_exporter.Export(ExchangeSamples.Incident(tlp))["objects"]!.AsArray().Select(o => o!.AsObject()).ToList();

    [GeneratedRegex("^[a-z][a-z0-9-]+[a-z0-9]--[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")]
    private static partial Regex StixId();

    [Fact]
    public void The_bundle_holds_identity_incident_indicators_observed_data_observables_relationships_and_markings()
    {
        var types = Objects().Select(o => (string)o["type"]!).ToList();
        Assert.Equal(1, types.Count(t => t == "identity"));
        Assert.Equal(1, types.Count(t => t == "incident"));
        Assert.Equal(6, types.Count(t => t == "indicator"));
        Assert.Equal(6, types.Count(t => t == "observed-data"));
        Assert.Equal(12, types.Count(t => t == "relationship"));
        Assert.Equal(["domain-name", "domain-name", "ipv4-addr", "ipv6-addr", "domain-name", "url"], types.Where(t => t is "domain-name" or "ipv4-addr" or "ipv6-addr" or "url"));
        // AMBER for the incident, RED for the one RED observation.
        Assert.Equal(["TLP:AMBER", "TLP:RED"], Objects().Where(o => (string)o["type"]! == "marking-definition").Select(o => (string)o["name"]!));
    }

    [Fact]
    public void Every_id_has_the_STIX_form_and_every_reference_resolves_inside_the_bundle()
    {
        var objects = Objects();
        var ids = objects.Select(o => (string)o["id"]!).ToHashSet();
        Assert.Equal(objects.Count, ids.Count);
        foreach (var stixObject in objects)
        {
            var id = (string)stixObject["id"]!;
            Assert.Matches(StixId(), id);
            Assert.StartsWith((string)stixObject["type"]! + "--", id, StringComparison.Ordinal);
            Assert.Equal("2.1", (string)stixObject["spec_version"]!);
            foreach (var name in new[] { "created_by_ref", "source_ref", "target_ref" })
            {
                if (stixObject[name] is { } reference)
                {
                    Assert.Contains((string)reference!, ids);
                }
            }

            foreach (var name in new[] { "object_marking_refs", "object_refs" })
            {
                foreach (var reference in stixObject[name]?.AsArray() ?? [])
                {
                    Assert.Contains((string)reference!, ids);
                }
            }
        }
    }

    [Theory]
    [InlineData(Tlp.Clear, "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487")]
    [InlineData(Tlp.Green, "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb")]
    [InlineData(Tlp.Amber, "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421")]
    [InlineData(Tlp.AmberStrict, "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003")]
    [InlineData(Tlp.Red, "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1")]
    public void The_incident_is_marked_with_the_fixed_TLP_2_0_marking_definition(Tlp tlp, string markingId)
    {
        var incident = Objects(tlp).Single(o => (string)o["type"]! == "incident");
        Assert.Equal([markingId], incident["object_marking_refs"]!.AsArray().Select(r => (string)r!));
    }

    [Fact]
    public void Observables_get_the_ids_STIX_derives_from_their_value()
    {
        var domain = StixBundleExporter.Observable(new Subject(SubjectKind.Domain, "example.com"))!;
        Assert.Equal("domain-name--bedb4899-d24b-5401-bc86-8f6b4cc18ec7", (string)domain["id"]!);
        var address = StixBundleExporter.Observable(new Subject(SubjectKind.IpAddress, "198.51.100.3"))!;
        Assert.Equal("ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4", (string)address["id"]!);
    }

    [Fact]
    public void Patterns_quote_the_value_and_escape_its_quotes()
    {
        var patterns = Objects().Where(o => (string)o["type"]! == "indicator").Select(o => (string)o["pattern"]!).ToList();
        Assert.Contains("[domain-name:value = 'example.test']", patterns);
        Assert.Contains("[ipv6-addr:value = '2001:db8::53']", patterns);
        Assert.Contains("[url:value = 'http://bad.example.test/login?a=\\'b\\'']", patterns);
    }

    [Fact]
    public void A_re_export_is_the_same_bundle()
    {
        Assert.Equal(s_exporter.ExportJson(ExchangeSamples.Incident()), new StixBundleExporter(ExchangeSamples.Organisation, ExchangeSamples.Since).ExportJson(ExchangeSamples.Incident()));
    }

    [Fact]
    public void A_different_incident_gets_different_ids_but_shares_the_observables()
    {
        var other = ExchangeSamples.Incident() with { Id = new Guid("0193a111-2222-7333-8444-000000000001") };
        var first = Objects().Select(o => (string)o["id"]!).ToHashSet();
        var second = s_exporter.Export(other)["objects"]!.AsArray().Select(o => (string)o!["id"]!).ToHashSet();
        var shared = first.Intersect(second).Select(id => id[..id.IndexOf("--", StringComparison.Ordinal)]).Distinct().Order();
        Assert.Equal(["domain-name", "identity", "ipv4-addr", "ipv6-addr", "marking-definition", "url"], shared);
    }

    [Fact]
    public void Importing_the_export_gives_back_each_observation_from_its_indicator_and_its_observed_data()
    {
        var incident = ExchangeSamples.Incident();
        var importer = new StixBundleImporter(new FakeTimeProvider(ExchangeSamples.Opened.AddDays(2)), "abuse.unclassified");
        var result = importer.Import(Encoding.UTF8.GetBytes(s_exporter.ExportJson(incident)));
        Assert.Empty(result.Rejections);
        var fromIndicators = result.Observations.Where(o => o.Fingerprint.StartsWith("stix:indicator--", StringComparison.Ordinal)).ToList();
        Assert.Equal(
            incident.Observations.Select(o => (o.Subject.Value, o.ThreatTypeId, o.Tlp, o.Severity, o.FirstSeen)).Order(),
            fromIndicators.Select(o => (o.Subject.Value, o.ThreatTypeId, o.Tlp, o.Severity, o.FirstSeen)).Order());
        Assert.Equal(6, result.Observations.Count(o => o.Fingerprint.StartsWith("stix:observed-data--", StringComparison.Ordinal)));
    }
}
