using System.Text;
using CsCheck;
using Dnscert.Core.Store;
using Dnscert.Exchange;
using Dnscert.Exchange.Misp;
using Dnscert.Exchange.Stix21;
using Microsoft.Extensions.Time.Testing;

namespace Dnscert.UnitTests.Exchange;

public sealed class ImporterTests
{
    private static readonly FakeTimeProvider s_time = new(ExchangeSamples.Opened);
    private static readonly MispEventImporter s_misp = new(s_time, "abuse.unclassified", new ImportLimits { MaxDocumentBytes = 64 * 1024, MaxObjects = 50, MaxValueLength = 300 });
    private static readonly StixBundleImporter s_stix = new(s_time, "abuse.unclassified", new ImportLimits { MaxDocumentBytes = 64 * 1024, MaxObjects = 80, MaxValueLength = 300 });
    private static readonly byte[] s_mispSample = Encoding.UTF8.GetBytes(new MispEventExporter(ExchangeSamples.Organisation).ExportJson(ExchangeSamples.Incident()));
    private static readonly byte[] s_stixSample = Encoding.UTF8.GetBytes(new StixBundleExporter(ExchangeSamples.Organisation, ExchangeSamples.Since).ExportJson(ExchangeSamples.Incident()));

    [Fact]
    public void A_bad_MISP_attribute_is_rejected_with_its_path_and_reason_and_the_rest_goes_through()
    {
        const string json = """
            {"Event": {"info": "x", "threat_level_id": "2", "Tag": [{"name": "tlp:green"}],
              "Attribute": [
                {"type": "domain", "value": "good.example", "timestamp": "1764000000"},
                {"type": "domain", "value": "bad..example"},
                {"type": "ip-dst", "value": "999.1.1.1"},
                {"type": "sha256", "value": "00"},
                {"type": "url", "value": "javascript:alert(1)"},
                {"type": "ip-src", "value": "198.51.100.0/24"},
                42
              ]}}
            """;
        var result = s_misp.Import(Encoding.UTF8.GetBytes(json));
        Assert.Equal(["good.example", "198.51.100.0/24"], result.Observations.Select(o => o.Subject.Value));
        Assert.Equal(SubjectKind.Prefix, result.Observations[1].Subject.Kind);
        Assert.All(result.Observations, o => Assert.Equal(Tlp.Green, o.Tlp));
        Assert.All(result.Observations, o => Assert.Equal(Dnscert.Core.Severity.Warning, o.Severity));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1764000000), result.Observations[0].LastSeen);
        Assert.Equal(1, result.Ignored);
        Assert.Equal(["Event.Attribute[1]", "Event.Attribute[2]", "Event.Attribute[4]", "Event.Attribute[6]"], result.Rejections.Select(r => r.Location));
        Assert.Contains("label of 0 characters", result.Rejections[0].Reason, StringComparison.Ordinal);
        Assert.Contains("not an IP address", result.Rejections[1].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_STIX_indicator_is_rejected_and_the_rest_goes_through()
    {
        const string json = """
            {"type": "bundle", "id": "bundle--9f1c0e2a-0000-4000-8000-000000000001", "objects": [
              {"type": "indicator", "id": "indicator--9f1c0e2a-0000-4000-8000-000000000002", "pattern_type": "stix", "valid_from": "2026-11-01T00:00:00Z",
               "pattern": "[domain-name:value = 'c2.example']", "object_marking_refs": ["marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1"]},
              {"type": "indicator", "id": "indicator--9f1c0e2a-0000-4000-8000-000000000003", "pattern_type": "stix",
               "pattern": "[domain-name:value = 'a.example'] OR [domain-name:value = 'b.example']"},
              {"type": "indicator", "id": "indicator--9f1c0e2a-0000-4000-8000-000000000004", "pattern_type": "sigma", "pattern": "x"},
              {"type": "malware", "id": "malware--9f1c0e2a-0000-4000-8000-000000000005"},
              "not an object"
            ]}
            """;
        var result = s_stix.Import(Encoding.UTF8.GetBytes(json));
        var observation = Assert.Single(result.Observations);
        Assert.Equal(new Subject(SubjectKind.Domain, "c2.example"), observation.Subject);
        Assert.Equal(Tlp.Red, observation.Tlp);
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), observation.FirstSeen);
        Assert.Equal(["objects[1]", "objects[2]", "objects[4]"], result.Rejections.Select(r => r.Location));
        Assert.Equal(1, result.Ignored);
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("{\"Event\": 3}")]
    [InlineData("{\"Event\": {\"Attribute\": [")]
    public void A_MISP_document_without_an_event_is_refused_with_a_format_error(string json)
    {
        var e = Assert.Throws<ExchangeFormatException>(() => s_misp.Import(Encoding.UTF8.GetBytes(json)));
        Assert.StartsWith("MISP event:", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Documents_over_the_limits_are_refused_naming_the_limit()
    {
        var big = new byte[64 * 1024 + 1];
        Assert.Contains("more than the limit of 65536", Assert.Throws<ExchangeFormatException>(() => s_stix.Import(big)).Message, StringComparison.Ordinal);
        var deep = string.Concat(Enumerable.Repeat("[", 40)) + string.Concat(Enumerable.Repeat("]", 40));
        Assert.Throws<ExchangeFormatException>(() => s_stix.Import(Encoding.UTF8.GetBytes("{\"type\":\"bundle\",\"objects\":" + deep + "}")));
        var many = "{\"Event\":{\"Attribute\":[" + string.Join(",", Enumerable.Repeat("{\"type\":\"domain\",\"value\":\"a.example\"}", 51)) + "]}}";
        Assert.Contains("more than 50 attributes", Assert.Throws<ExchangeFormatException>(() => s_misp.Import(Encoding.UTF8.GetBytes(many))).Message, StringComparison.Ordinal);
    }

    // Mutations of a valid document: flipped bytes, cut tails, inserted bytes. Either an import result or the format
    // exception, never anything else.
    private static readonly Gen<(int Kind, int Position, byte Value)> s_mutation = Gen.Select(Gen.Int[0, 2], Gen.Int[0, int.MaxValue], Gen.Byte);

    private static byte[] Mutate(byte[] sample, (int Kind, int Position, byte Value)[] mutations)
    {
        var bytes = new List<byte>(sample);
        foreach (var (kind, position, value) in mutations)
        {
            if (bytes.Count == 0)
            {
                break;
            }

            var at = position % bytes.Count;
            switch (kind)
            {
                case 0: bytes[at] = value; break;
                case 1: bytes.RemoveRange(at, bytes.Count - at); break;
                default: bytes.Insert(at, value); break;
            }
        }

        return [.. bytes];
    }

    [Fact]
    public void Mutated_MISP_events_give_a_result_or_the_format_exception()
    {
        s_mutation.Array[1, 8].Sample(mutations =>
        {
            var input = Mutate(s_mispSample, mutations);
            try
            {
                var result = s_misp.Import(input);
                return result.Observations.Count + result.Rejections.Count + result.Ignored <= 50;
            }
            catch (ExchangeFormatException)
            {
                return true;
            }
        }, iter: 2000);
    }

    [Fact]
    public void Mutated_STIX_bundles_give_a_result_or_the_format_exception()
    {
        s_mutation.Array[1, 8].Sample(mutations =>
        {
            var input = Mutate(s_stixSample, mutations);
            try
            {
                var result = s_stix.Import(input);
                return result.Observations.All(o => o.Subject.Value.Length <= 300 && o.FirstSeen <= o.LastSeen);
            }
            catch (ExchangeFormatException)
            {
                return true;
            }
        }, iter: 2000);
    }

    [Fact]
    public void Random_JSON_values_in_attribute_fields_give_a_result_or_the_format_exception()
    {
        var value = Gen.OneOf(Gen.String.Select(s => System.Text.Json.JsonSerializer.Serialize(s)), Gen.Long.Select(l => l.ToString(System.Globalization.CultureInfo.InvariantCulture)), Gen.Const("null"), Gen.Const("{}"), Gen.Const("[]"));
        Gen.Select(Gen.OneOf(Gen.Const("domain"), Gen.Const("hostname"), Gen.Const("ip-dst"), Gen.Const("url"), Gen.Const("x")), value, value, value).Sample((type, v, ts, tags) =>
        {
            var json = "{\"Event\":{\"timestamp\":" + ts + ",\"Attribute\":[{\"type\":\"" + type + "\",\"value\":" + v + ",\"first_seen\":" + ts + ",\"Tag\":" + tags + "}]}}";
            try
            {
                var result = s_misp.Import(Encoding.UTF8.GetBytes(json));
                return result.Observations.Count + result.Rejections.Count + result.Ignored == 1;
            }
            catch (ExchangeFormatException)
            {
                return true;
            }
        }, iter: 2000);
    }
}
