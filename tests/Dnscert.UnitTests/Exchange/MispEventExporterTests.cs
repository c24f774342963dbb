using System.Text;
using System.Text.Json.Nodes;
using Dnscert.Core.Catalog;
using Dnscert.Core.Store;
using Dnscert.Exchange.Misp;
using Microsoft.Extensions.Time.Testing;

namespace Dnscert.UnitTests.Exchange;

public sealed class MispEventExporterTests
{
    private static readonly MispEventExporter s_exporter = new(ExchangeSamples.Organisation);

    private static JsonObject Event(Tlp tlp = Tlp.Amber) => s_exporter.Export(ExchangeSamples.Incident(tlp))["Event"]!.AsObject();

    [Fact]
    public void The_event_carries_the_fields_a_MISP_instance_requires_as_strings()
    {
        var mispEvent = Event();
        Assert.Equal("Lame delegation and DGA names under example.test", (string)mispEvent["info"]!);
        Assert.Equal("2026-11-20", (string)mispEvent["date"]!);
        Assert.Equal("1", (string)mispEvent["threat_level_id"]!);
        Assert.Equal("1", (string)mispEvent["analysis"]!);
        Assert.Equal("0", (string)mispEvent["distribution"]!);
        Assert.Equal(ExchangeSamples.Opened.AddDays(1).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), (string)mispEvent["timestamp"]!);
        Assert.True(Guid.TryParse((string)mispEvent["uuid"]!, out _));
        Assert.Equal(ExchangeSamples.Organisation.Id.ToString("D"), (string)mispEvent["Orgc"]!["uuid"]!);
    }

    [Theory]
    [InlineData(Tlp.Clear, "tlp:clear", "3")]
    [InlineData(Tlp.Green, "tlp:green", "1")]
    [InlineData(Tlp.Amber, "tlp:amber", "0")]
    [InlineData(Tlp.AmberStrict, "tlp:amber+strict", "0")]
    [InlineData(Tlp.Red, "tlp:red", "0")]
    public void The_TLP_becomes_the_taxonomy_tag_and_the_distribution(Tlp tlp, string tag, string distribution)
    {
        var mispEvent = Event(tlp);
        Assert.Equal(tag, (string)mispEvent["Tag"]![0]!["name"]!);
        Assert.Equal(distribution, (string)mispEvent["distribution"]!);
    }

    [Fact]
    public void Threat_tags_come_from_the_threat_types_once_each()
    {
        var tags = Event()["Tag"]!.AsArray().Select(t => (string)t!["name"]!).ToList();
        Assert.Contains("rsit:availability=\"misconfiguration\"", tags);
        Assert.Contains("threats-to-dns:dns-abuse-or-misuse=\"dns-reflection-dns-amplification\"", tags);
        Assert.Contains("threats-to-dns:dns-abuse-or-misuse=\"malicious-or-compromised-domains-ips-malicious-dgas\"", tags);
        Assert.Contains("rsit:fraud=\"phishing\"", tags);
        Assert.Equal(tags.Count, tags.Distinct().Count());
    }

    [Fact]
    public void Each_observation_becomes_an_attribute_of_the_matching_type()
    {
        var attributes = Event()["Attribute"]!.AsArray().Select(a => a!.AsObject()).ToList();
        Assert.Equal(
            ["domain", "hostname", "ip-dst", "ip-dst", "domain", "url"],
            attributes.Select(a => (string)a["type"]!));
        Assert.Equal(["example.test", "ns1.example.test", "192.0.2.53", "2001:db8::53", "xkqjzvw.example.test", "http://bad.example.test/login?a='b'"], attributes.Select(a => (string)a["value"]!));
        // A lame delegation's zone is a victim, a DGA name an indicator to block.
        Assert.False((bool)attributes[0]["to_ids"]!);
        Assert.True((bool)attributes[4]["to_ids"]!);
        Assert.Contains("ab12cd34ab12cd34", (string)attributes[0]["comment"]!, StringComparison.Ordinal);
        Assert.Equal("dnscert:threat-type=\"" + ThreatTypes.LameDelegation.Id + "\"", (string)attributes[0]["Tag"]![0]!["name"]!);
        // The RED observation in an AMBER incident keeps its own TLP as an attribute tag.
        Assert.Contains(attributes[4]["Tag"]!.AsArray(), t => (string)t!["name"]! == "tlp:red");
    }

    [Fact]
    public void A_re_export_keeps_every_uuid_and_byte()
    {
        var first = s_exporter.ExportJson(ExchangeSamples.Incident());
        var second = new MispEventExporter(ExchangeSamples.Organisation).ExportJson(ExchangeSamples.Incident());
        Assert.Equal(first, second);
        var uuids = Event()["Attribute"]!.AsArray().Select(a => (string)a!["uuid"]!).ToList();
        Assert.Equal(uuids.Count, uuids.Distinct().Count());
    }

    [Fact]
    public void Importing_the_export_gives_back_the_subjects_threat_types_and_TLP()
    {
        var incident = ExchangeSamples.Incident();
        var importer = new MispEventImporter(new FakeTimeProvider(ExchangeSamples.Opened.AddDays(2)), "abuse.unclassified");
        var result = importer.Import(Encoding.UTF8.GetBytes(s_exporter.ExportJson(incident)));
        Assert.Empty(result.Rejections);
        Assert.Equal(
            incident.Observations.Select(o => (o.Subject.Value, o.ThreatTypeId, o.Tlp)),
            result.Observations.Select(o => (o.Subject.Value, o.ThreatTypeId, o.Tlp)));
        Assert.Equal(SubjectKind.Domain, result.Observations[0].Subject.Kind);
        Assert.Equal(SubjectKind.NameServer, result.Observations[1].Subject.Kind);
    }
}
