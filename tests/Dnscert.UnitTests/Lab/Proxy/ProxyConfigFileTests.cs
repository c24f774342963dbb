using System.Net;
using Dnscert.Lab.Proxy;

namespace Dnscert.UnitTests.Lab.Proxy;

public sealed class ProxyConfigFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("dnscert-proxy-config-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static string Wrap(string endpoint) => $$"""{ "version": 1, "endpoints": [ {{endpoint}} ] }""";

    [Fact]
    public async Task Round_trips_endpoints_and_rules_through_a_file()
    {
        ProxyEndpoint[] endpoints =
        [
            new(IPEndPoint.Parse("127.53.1.1:53"), IPEndPoint.Parse("127.53.0.1:53"), TimeSpan.FromMilliseconds(50),
            [
                new FaultRule(FaultKind.TruncateUdp) { QTypes = ["DNSKEY", "TYPE65280"], Transport = "udp", QName = "x.test." },
                new FaultRule(FaultKind.AddAnswer) { Records = ["www.x.test. 3600 IN TXT \"other\"", "www.x.test. 60 IN A 192.0.2.7"] },
            ]),
            new(IPEndPoint.Parse("[::1]:5353"), null, TimeSpan.Zero, [new FaultRule(FaultKind.Drop)]),
        ];
        var path = Path.Combine(_directory, "proxy.json");

        await ProxyConfigFile.SaveAsync(path, endpoints, TestContext.Current.CancellationToken);
        var loaded = await ProxyConfigFile.LoadAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(2, loaded.Count);
        for (var i = 0; i < endpoints.Length; i++)
        {
            Assert.Equal(endpoints[i].Listen, loaded[i].Listen);
            Assert.Equal(endpoints[i].Backend, loaded[i].Backend);
            Assert.Equal(endpoints[i].OneWayDelay, loaded[i].OneWayDelay);
            Assert.Equal(endpoints[i].Faults.Count, loaded[i].Faults.Count);
            for (var j = 0; j < endpoints[i].Faults.Count; j++)
            {
                var expected = endpoints[i].Faults[j];
                var actual = loaded[i].Faults[j];
                Assert.Equal(expected.Kind, actual.Kind);
                Assert.Equal(expected.QTypes, actual.QTypes);
                Assert.Equal(expected.Transport, actual.Transport);
                Assert.Equal(expected.Records, actual.Records);
                Assert.Equal(expected.QName, actual.QName);
            }
        }

        Assert.Equal(ProxyConfigFile.Serialize(endpoints), ProxyConfigFile.Serialize(ProxyConfigFile.Load(path)));
    }

    [Theory]
    [InlineData("""{ "listen": "127.53.1.1:53", "faults": [ { "kind": "Explode" } ] }""", "endpoints[0].faults[0].kind")]
    [InlineData("""{ "listen": "127.53.1.1:53", "faults": [ { "kind": "7" } ] }""", "endpoints[0].faults[0].kind")]
    [InlineData("""{ "listen": "127.53.1.1:53", "faults": [ { "kind": "AddAnswer", "records": [ "www.x.test. IN SOA x" ] } ] }""", "endpoints[0].faults[0].records[0]")]
    [InlineData("""{ "listen": "127.53.1.1:53", "faults": [ { "kind": "AddAnswer", "records": [ "www.x.test IN A 192.0.2.1" ] } ] }""", "endpoints[0].faults[0].records[0]")]
    [InlineData("""{ "listen": "127.53.1.1:53", "faults": [ { "kind": "AddAnswer" } ] }""", "endpoints[0].faults[0].records")]
    [InlineData("""{ "listen": "127.53.1.1:53", "faults": [ { "kind": "Drop", "records": [ "a. A 192.0.2.1" ] } ] }""", "endpoints[0].faults[0].records")]
    [InlineData("""{ "listen": "127.53.1.1:53", "faults": [ { "kind": "Drop", "qtypes": [ "NOPE" ] } ] }""", "endpoints[0].faults[0].qtypes[0]")]
    [InlineData("""{ "listen": "127.53.1.1:53", "faults": [ { "kind": "Drop", "transport": "quic" } ] }""", "endpoints[0].faults[0].transport")]
    [InlineData("""{ "listen": "127.53.1.1:53", "faults": [ { "kind": "TruncateUdp", "transport": "tcp" } ] }""", "endpoints[0].faults[0].transport")]
    [InlineData("""{ "listen": "127.53.1.1:53", "faults": [ { "kind": "Drop", "qname": "relative.name" } ] }""", "endpoints[0].faults[0].qname")]
    [InlineData("""{ "listen": "127.53.1.1" }""", "endpoints[0].listen")]
    [InlineData("""{ "listen": "192.0.2.1:53" }""", "endpoints[0].listen")]
    [InlineData("""{ }""", "endpoints[0].listen")]
    [InlineData("""{ "listen": "127.53.1.1:53", "backend": "198.51.100.1:53" }""", "endpoints[0].backend")]
    [InlineData("""{ "listen": "127.53.1.1:53", "oneWayDelay": "50ms" }""", "endpoints[0].oneWayDelay")]
    [InlineData("""{ "listen": "127.53.1.1:53", "oneWayDelay": "00:05:00" }""", "endpoints[0].oneWayDelay")]
    public void Names_the_field_of_an_invalid_endpoint(string endpoint, string field)
    {
        var error = Assert.Throws<ProxyConfigException>(() => ProxyConfigFile.Parse(Wrap(endpoint)));

        Assert.Equal(field, error.Field);
        Assert.StartsWith(field, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Names_the_path_of_an_unknown_json_property()
    {
        var error = Assert.Throws<ProxyConfigException>(() => ProxyConfigFile.Parse(Wrap("""{ "listen": "127.53.1.1:53", "delay": 5 }""")));

        Assert.Contains("endpoints[0]", error.Field, StringComparison.Ordinal);
        Assert.Contains("delay", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_a_listen_endpoint_given_twice()
    {
        var json = """{ "version": 1, "endpoints": [ { "listen": "127.53.1.1:53" }, { "listen": "127.53.1.1:53" } ] }""";

        var error = Assert.Throws<ProxyConfigException>(() => ProxyConfigFile.Parse(json));

        Assert.Equal("endpoints[1].listen", error.Field);
    }

    [Theory]
    [InlineData("""{ "version": 2, "endpoints": [] }""", "version")]
    [InlineData("""{ "version": 1 }""", "endpoints")]
    [InlineData("""[]""", "$")]
    public void Names_the_field_of_an_invalid_document(string json, string field)
    {
        var error = Assert.Throws<ProxyConfigException>(() => ProxyConfigFile.Parse(json));

        Assert.Equal(field, error.Field);
    }
}
