using System.Text.Json;
using Dnscert.IntegrationTests.Infrastructure;
using Dnscert.IntegrationTests.Lab;

namespace Dnscert.IntegrationTests.Checks;

/// <summary>
/// <c>dnscert check --trust-anchor</c> against the real lab: DNSSEC19 must agree with the planted state that the
/// independent BIND resolver of <see cref="ChainOfTrustTests"/> also checks (secure or bogus), and say why it is bogus.
/// </summary>
public sealed class DnssecChainCheckTests(LabFixture lab)
{
    private async Task<List<JsonElement>> MessagesAsync(string zone, params string[] extra)
    {
        var output = await ProcessRunner.DnscertAsync(["check", zone, "--json", "--hints", lab.HintsFile, .. extra]);
        Assert.True(output.ExitCode is 0 or 1, output.ToString());
        return [.. JsonDocument.Parse(output.Output).RootElement.GetProperty("messages").EnumerateArray()];
    }

    private static string Tag(JsonElement m) => m.GetProperty("tag").GetString()!;

    [Theory]
    [MemberData(nameof(ChainOfTrustTests.SignedZones), MemberType = typeof(ChainOfTrustTests))]
    public async Task The_chain_of_trust_from_the_labs_anchor_is_what_the_scenario_planted(string zone, string expected)
    {
        lab.RequireUp();
        var messages = await MessagesAsync(zone.TrimEnd('.'), "--trust-anchor", lab.TrustAnchorFile);
        var chain = messages.Single(m => Tag(m).StartsWith("DS19_", StringComparison.Ordinal));
        if (expected == "secure")
        {
            Assert.Equal("DS19_CHAIN_SECURE", Tag(chain));
            Assert.DoesNotContain(messages, m => Tag(m) is "DS08_DNSKEY_RRSIG_EXPIRED" or "DS09_SOA_RRSIG_EXPIRED" or "DS10_NXDOMAIN_NOT_PROVEN");
        }
        else
        {
            Assert.Equal("DS19_CHAIN_BOGUS", Tag(chain));
            Assert.True(chain.GetProperty("evidence").GetArrayLength() > 0);
            var reason = chain.GetProperty("arguments").GetProperty("reason").GetString()!;
            var record = chain.GetProperty("arguments").GetProperty("record").GetString()!;
            Assert.Contains(zone, record, StringComparison.Ordinal);
            Assert.True(reason.Contains("expired", StringComparison.Ordinal) || reason.Contains("matches the DS", StringComparison.Ordinal), reason);
        }
    }

    [Fact]
    public async Task The_expired_zone_is_bogus_because_its_DNSKEY_signature_expired_and_DNSSEC08_09_10_say_so()
    {
        lab.RequireUp();
        var messages = await MessagesAsync("rrsig-expired.test", "--trust-anchor", lab.TrustAnchorFile);
        var chain = messages.Single(m => Tag(m) == "DS19_CHAIN_BOGUS");
        Assert.Equal("rrsig-expired.test. DNSKEY", chain.GetProperty("arguments").GetProperty("record").GetString());
        Assert.Contains("expired", chain.GetProperty("arguments").GetProperty("reason").GetString()!, StringComparison.Ordinal);
        Assert.Contains(messages, m => Tag(m) == "DS08_DNSKEY_RRSIG_EXPIRED");
        Assert.Contains(messages, m => Tag(m) == "DS09_SOA_RRSIG_EXPIRED");
        Assert.Contains(messages, m => Tag(m) == "DS10_NXDOMAIN_NOT_PROVEN");
    }

    [Fact]
    public async Task The_DS_mismatch_zone_is_bogus_at_its_DS_with_the_DS_key_tag()
    {
        lab.RequireUp();
        var messages = await MessagesAsync("ds-mismatch.test", "--trust-anchor", lab.TrustAnchorFile);
        var args = messages.Single(m => Tag(m) == "DS19_CHAIN_BOGUS").GetProperty("arguments");
        Assert.Equal("ds-mismatch.test. DS", args.GetProperty("record").GetString());
        Assert.NotEqual("none", args.GetProperty("keytag").GetString());
    }

    [Fact]
    public async Task A_single_server_with_expired_signatures_is_named_while_the_other_server_validates()
    {
        lab.RequireUp();
        var messages = await MessagesAsync("one-server-expired.test", "--trust-anchor", lab.TrustAnchorFile);
        Assert.DoesNotContain(messages, m => Tag(m) is "DS19_CHAIN_SECURE" or "DS19_CHAIN_BOGUS");
        var faults = messages.Where(m => Tag(m) == "DS19_SERVER_BOGUS").ToList();
        Assert.NotEmpty(faults);
        Assert.All(faults, f =>
        {
            var args = f.GetProperty("arguments");
            Assert.Equal("ns2.one-server-expired.test./127.53.141.2", args.GetProperty("ns").GetString());
            Assert.Contains("expired", args.GetProperty("reason").GetString()!, StringComparison.Ordinal);
            Assert.Equal(1, f.GetProperty("evidence").GetArrayLength());
        });
        Assert.Contains(faults, f => f.GetProperty("arguments").GetProperty("record").GetString() == "one-server-expired.test. DNSKEY");
    }

    [Fact]
    public async Task Every_server_of_every_level_is_asked_so_a_healthy_zone_stays_secure_on_all_of_them()
    {
        lab.RequireUp();
        var output = await ProcessRunner.DnscertAsync(["check", "healthy-signed-ecdsa.test", "--json", "--hints", lab.HintsFile, "--trust-anchor", lab.TrustAnchorFile, "--verbose"]);
        var messages = JsonDocument.Parse(output.Output).RootElement.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal("DS19_CHAIN_SECURE", Tag(messages.Single(m => Tag(m).StartsWith("DS19_", StringComparison.Ordinal))));
        // The trace names every query: DNSKEY of the root at both lab roots, DS of the zone at both servers of test.
        Assert.Contains("@127.53.0.1 . DNSKEY +do", output.Error, StringComparison.Ordinal);
        Assert.Contains("@127.53.0.2 . DNSKEY +do", output.Error, StringComparison.Ordinal);
        Assert.Contains("@127.53.0.3 healthy-signed-ecdsa.test. DS +do", output.Error, StringComparison.Ordinal);
        Assert.Contains("@127.53.0.4 healthy-signed-ecdsa.test. DS +do", output.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("healthy-unsigned.test", "NSEC")]
    [InlineData("signed-no-ds.test", "NSEC")]
    public async Task An_unsigned_delegation_is_insecure_and_names_the_zone_where_it_starts(string zone, string proof)
    {
        lab.RequireUp();
        var messages = await MessagesAsync(zone, "--trust-anchor", lab.TrustAnchorFile);
        var args = messages.Single(m => Tag(m) == "DS19_CHAIN_INSECURE").GetProperty("arguments");
        Assert.Equal(zone + ".", args.GetProperty("zone").GetString());
        Assert.Contains(proof, args.GetProperty("reason").GetString()!, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("healthy-signed-ecdsa.test", "DS10_HAS_NSEC")]
    [InlineData("nsec3-no-iterations.test", "DS10_HAS_NSEC3")]
    public async Task Signed_zones_prove_NXDOMAIN_with_signed_denial(string zone, string kind)
    {
        lab.RequireUp();
        var tags = (await MessagesAsync(zone)).Select(Tag).ToList();
        Assert.Contains(kind, tags);
        Assert.Contains("DS10_NXDOMAIN_PROVEN", tags);
        Assert.Contains("DS19_NO_TRUST_ANCHOR", tags);
        Assert.DoesNotContain(tags, t => t.StartsWith("DS08_", StringComparison.Ordinal) || t.StartsWith("DS09_", StringComparison.Ordinal) || t.StartsWith("DS13_", StringComparison.Ordinal));
    }
}
