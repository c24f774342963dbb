using System.Net;
using System.Text.Json;
using Dnscert.Checks.Dnssec;
using Dnscert.Checks.Engine;
using Dnscert.Checks.Facts;
using Dnscert.Checks.Messages;
using Dnscert.Checks.Nameserver;
using Dnscert.Checks.Output;
using Dnscert.Dns;
using Dnscert.UnitTests.Checks.Nameserver;

namespace Dnscert.UnitTests.Checks.Output;

/// <summary>
/// The hand-written JSON writer must produce byte for byte what the reflection-based serializer it replaced produced
/// (the schema dnscert.check/1 did not change): the old serialization is kept here as the oracle.
/// </summary>
public sealed class CheckJsonTests
{
    private static CheckRun Run()
    {
        var zone = NameserverFactsBuilder.Zone;
        var ns = new NameServerAddress(DomainName.Parse("NS1.Example.test."), IPAddress.Parse("127.53.9.1"));
        var evidence = EvidenceBuilder.From(ns, NameserverFactsBuilder.Answer());
        var whois = new Evidence("riswhois.test", IPAddress.Parse("127.76.0.1"), "whois -F -M 127.53.9.1", "whois/TCP", "AS64500 127.53.9.0/24", TimeSpan.FromMilliseconds(12.34), "q"u8.ToArray(), ReadOnlyMemory<byte>.Empty);
        var facts = new ZoneFacts(zone)
        {
            ChildFound = true,
            Servers = [new ServerFacts(ns, zone) { SoaUdp = NameserverFactsBuilder.GoodEdns() }, new ServerFacts(ns with { Address = IPAddress.Parse("127.53.9.2") }, zone)],
        };
        List<CheckMessage> messages =
        [
            new("NAMESERVER04", "Nameserver", SourceAddressCheck.DifferentSource, new Dictionary<string, string> { ["ns"] = ns.ToString(), ["source"] = "127.53.9.99:53" }, [evidence, whois]),
            new("DNSSEC19", "DNSSEC", ChainOfTrustCheck.Secure, new Dictionary<string, string> { ["anchor"] = "lab", ["domain"] = "example.test.", ["path"] = ". → test. → «é»" }, []),
        ];
        return new CheckRun(zone, facts, messages, new DateTimeOffset(2026, 11, 29, 4, 30, 1, 123, TimeSpan.Zero), TimeSpan.FromMilliseconds(432.56), 77);
    }

    [Theory]
    [InlineData("en", false)]
    [InlineData("fr", false)]
    [InlineData("es", true)]
    public void The_written_JSON_is_what_the_reflection_serializer_wrote(string language, bool withEvidenceIds)
    {
        var run = Run();
        var texts = MessageTexts.For(language);
        Func<Evidence, string?>? ids = withEvidenceIds ? e => "sha256-" + e.Server : null;
        Assert.Equal(Oracle(run, texts, ids), CheckJson.Serialize(run, texts, ids));
    }

    [Fact]
    public void The_output_is_valid_JSON_with_the_schema_and_tags_as_strings()
    {
        var root = JsonDocument.Parse(CheckJson.Serialize(Run(), MessageTexts.For("en"))).RootElement;
        Assert.Equal(CheckJson.Schema, root.GetProperty("schema").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("servers")[1].GetProperty("soa_serial").ValueKind);
        Assert.Equal("DIFFERENT_SOURCE_IP", root.GetProperty("messages")[0].GetProperty("tag").GetString());
    }

    private static readonly JsonSerializerOptions s_json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private static string Oracle(CheckRun run, MessageTexts texts, Func<Evidence, string?>? evidenceId) => JsonSerializer.Serialize(new
    {
        schema = CheckJson.Schema,
        zone = run.Zone.ToString(),
        language = texts.Language,
        started = run.Started,
        elapsed_ms = Math.Round(run.Elapsed.TotalMilliseconds),
        queries = run.Queries,
        servers = run.Facts.Servers.Select(s => new
        {
            name = s.Server.Name.ToString().ToLowerInvariant(),
            address = s.Server.Address.ToString(),
            answers = s.Answers,
            soa_serial = s.Soa?.Serial,
        }),
        messages = run.Messages.Select(m => new
        {
            check_id = m.CheckId,
            module = m.Module,
            tag = m.Tag.Name,
            severity = m.Severity.ToString().ToUpperInvariant(),
            threat_type = m.Tag.Threat?.Id,
            arguments = m.Arguments,
            text = texts.Text(m),
            advice = texts.Advice(m.Tag),
            evidence = m.Evidence.Select(e => new
            {
                server = e.Server,
                address = e.Address.ToString(),
                query = e.Query,
                transport = e.Transport,
                outcome = e.Outcome,
                elapsed_ms = Math.Round(e.Elapsed.TotalMilliseconds, 1),
                query_base64 = evidenceId is null ? Convert.ToBase64String(e.QueryBytes.Span) : null,
                response_base64 = evidenceId is null ? Convert.ToBase64String(e.ResponseBytes.Span) : null,
                evidence_id = evidenceId?.Invoke(e),
            }),
        }),
    }, s_json);
}
