using Dnscert.Lab.Scenarios;

namespace Dnscert.UnitTests.Lab.Scenarios;

public sealed class ScenarioLoaderTests : IDisposable
{
    private const string Zone = """
        $TTL 3600
        @ IN SOA ns1 hostmaster 1 7200 3600 1209600 3600
        @ IN NS ns1
        ns1 IN A 127.53.9.1
        """;

    private readonly string _root = Directory.CreateTempSubdirectory("dnscert-scenarios-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Write(string id, string json, string zone = Zone)
    {
        var dir = Path.Combine(_root, id);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "scenario.json"), json);
        File.WriteAllText(Path.Combine(dir, "zone.db"), zone);
        return Path.Combine(dir, "scenario.json");
    }

    private static string Json(string name, int block, string extra = "", string address = "") => $$"""
        {
          "description": "test",
          "servers": [ { "name": "ns1", "software": "nsd", "address": "{{(address.Length > 0 ? address : $"127.53.{block}.1")}}" } ],
          "zones": [ { "name": "{{name}}.test.", "file": "zone.db", "servers": ["ns1"] } ],
          "delegations": [ { "zone": "{{name}}.test.", "ns": [ { "name": "ns1.{{name}}.test.", "addresses": ["127.53.{{block}}.1"] } ] } ],
          "expect": [],
          "verify": [ { "server": "ns1", "qname": "{{name}}.test.", "qtype": "SOA", "expect": { "rcode": "NOERROR" } } ]
          {{extra}}
        }
        """;

    [Fact]
    public void Loads_a_valid_scenario_with_its_id_and_short_name()
    {
        Write("Basic/BASIC01/good", Json("good", 9));
        var set = ScenarioLoader.LoadAll(_root);
        Assert.Empty(set.Errors);
        var s = Assert.Single(set.Scenarios);
        Assert.Equal("Basic/BASIC01/good", s.Id);
        Assert.Equal("good", s.ShortName);
        Assert.Equal("good.test.", s.MainZone);
        Assert.Same(s, set.Find("good"));
    }

    [Fact]
    public void A_broken_file_is_reported_with_its_field_and_the_others_still_load()
    {
        Write("Basic/BASIC01/good", Json("good", 9));
        var bad = Write("Basic/BASIC01/bad", Json("bad", 10).Replace("\"nsd\"", "\"djbdns\"", StringComparison.Ordinal));
        var set = ScenarioLoader.LoadAll(_root);
        Assert.Equal("good", Assert.Single(set.Scenarios).ShortName);
        var error = Assert.Single(set.Errors);
        Assert.Equal(bad, error.File);
        Assert.Equal("$.servers[0].software", error.Field);
        Assert.Contains("djbdns", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_JSON_names_the_line()
    {
        Write("Basic/BASIC01/syntax", "{\n  \"servers\": [ ,\n}");
        var error = Assert.Single(ScenarioLoader.LoadAll(_root).Errors);
        Assert.Contains("line 2", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_field_is_refused_by_name()
    {
        Write("Basic/BASIC01/typo", Json("typo", 11, ", \"forbid_other\": true"));
        var error = Assert.Single(ScenarioLoader.LoadAll(_root).Errors);
        Assert.Contains("forbid_other", error.Problem + error.Field, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("192.0.2.1")]
    [InlineData("8.8.8.8")]
    [InlineData("127.0.0.1")]
    [InlineData("127.53.0.1")]
    [InlineData("::1")]
    public void A_server_address_outside_the_lab_range_is_refused(string address)
    {
        Write("Basic/BASIC01/offsite", Json("offsite", 12, address: address));
        var error = Assert.Single(ScenarioLoader.LoadAll(_root).Errors);
        Assert.Equal("$.servers[0].address", error.Field);
    }

    [Fact]
    public void A_zone_file_naming_an_address_off_the_machine_is_refused()
    {
        Write("Basic/BASIC01/leaky", Json("leaky", 13), Zone + "\nwww IN A 198.51.100.7 ; not loopback\n");
        var error = Assert.Single(ScenarioLoader.LoadAll(_root).Errors);
        Assert.Equal("$.zones[0].file", error.Field);
        Assert.Contains("198.51.100.7", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Glue_naming_an_address_off_the_machine_is_refused()
    {
        Write("Basic/BASIC01/glue", Json("glue", 14).Replace("\"addresses\": [\"127.53.14.1\"]", "\"addresses\": [\"203.0.113.5\"]", StringComparison.Ordinal));
        var error = Assert.Single(ScenarioLoader.LoadAll(_root).Errors);
        Assert.Equal("$.delegations[0].ns[0].addresses", error.Field);
    }

    [Fact]
    public void Two_scenarios_may_not_share_an_address()
    {
        Write("Basic/BASIC01/first", Json("first", 15));
        Write("Basic/BASIC01/second", Json("second", 15));
        var set = ScenarioLoader.LoadAll(_root);
        Assert.Single(set.Scenarios);
        Assert.Contains("already used", Assert.Single(set.Errors).Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_scenarios_may_not_serve_or_delegate_the_same_zone()
    {
        Write("Basic/BASIC01/first", Json("same", 17));
        Write("Basic/BASIC01/second", Json("same", 18));
        var set = ScenarioLoader.LoadAll(_root);
        Assert.Single(set.Scenarios);
        Assert.Contains("same.test.", Assert.Single(set.Errors).Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_variant_must_replace_an_existing_delegation()
    {
        Write("Basic/BASIC01/variant", Json("variant", 16, """
            , "variants": { "elsewhere": { "delegations": [ { "zone": "other.test.", "ns": [ { "name": "ns.other.test." } ] } ] } }
            """));
        var error = Assert.Single(ScenarioLoader.LoadAll(_root).Errors);
        Assert.Contains("no delegation in the scenario to replace", error.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("+30d", 30 * 24 * 60)]
    [InlineData("-1h", -60)]
    [InlineData("+90m", 90)]
    [InlineData("-2w", -2 * 7 * 24 * 60)]
    public void Relative_times_parse(string text, int minutes)
    {
        Assert.True(RelativeTime.TryParse(text, out var offset));
        Assert.Equal(TimeSpan.FromMinutes(minutes), offset);
    }

    [Theory]
    [InlineData("30d")]
    [InlineData("+d")]
    [InlineData("+3y")]
    [InlineData("")]
    public void Bad_relative_times_are_refused(string text) => Assert.False(RelativeTime.TryParse(text, out _));
}
