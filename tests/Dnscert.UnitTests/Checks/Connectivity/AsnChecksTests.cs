using System.Net;
using CsCheck;
using Dnscert.Checks.Connectivity;
using Dnscert.Checks.Facts;
using Dnscert.Checks.Rules;
using Dnscert.Core;
using static Dnscert.UnitTests.Checks.TestFacts;

namespace Dnscert.UnitTests.Checks.Connectivity;

/// <summary>CONNECTIVITY03/04 and the Team Cymru TXT format they read.</summary>
public sealed class AsnChecksTests
{
    private const string Zone = "example.test.";

    private static AsnLookup Found(string address, string prefix, params long[] asns) =>
        new(IPAddress.Parse(address), AsnLookupStatus.Found, asns, IPNetwork.Parse(prefix), null, []);

    private static ZoneFacts Facts(params AsnLookup[] lookups) => new(Name(Zone))
    {
        ChildFound = true,
        AsnLookups = lookups,
        Servers = [.. lookups.Select((l, i) => new ServerFacts(new NameServerAddress(Name($"ns{i + 1}.example.test."), l.Address), Name(Zone)) { InDelegation = true })],
    };

    private static List<string> Tags(Dnscert.Checks.ICheck check, ZoneFacts facts) => [.. check.Evaluate(facts).Select(m => m.Tag.Name)];

    [Fact]
    public void A_Cymru_record_gives_its_ASNs_and_prefix_and_the_most_specific_of_several_wins()
    {
        Assert.True(CymruOriginRecord.TryParse("23028 64500 | 216.90.108.0/24 | US | arin | 1998-09-25", out var record, out _));
        Assert.Equal([23028L, 64500L], record!.Asns);
        Assert.Equal("216.90.108.0/24", record.Prefix.ToString());
        var best = CymruOriginRecord.MostSpecific(["64500 | 192.0.2.0/23 | ZZ | x | y", "64501 | 192.0.2.0/24 | ZZ | x | y"], out _);
        Assert.Equal(64501, Assert.Single(best!.Asns));
    }

    [Theory]
    [InlineData("", "no '|'")]
    [InlineData("64500", "no '|'")]
    [InlineData("AS64500 | 192.0.2.0/24", "not an AS number")]
    [InlineData("0 | 192.0.2.0/24", "not an AS number")]
    [InlineData("4294967296 | 192.0.2.0/24", "not an AS number")]
    [InlineData(" | 192.0.2.0/24", "no AS number")]
    [InlineData("64500 | 192.0.2.0", "not a CIDR prefix")]
    [InlineData("64500 | 192.0.2.1/24", "not a CIDR prefix")]
    public void A_malformed_record_is_refused_with_the_reason(string text, string reason)
    {
        Assert.False(CymruOriginRecord.TryParse(text, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Any_string_is_parsed_or_refused_without_an_exception() =>
        Gen.String.Sample(text =>
        {
            var ok = CymruOriginRecord.TryParse(text, out var record, out var error);
            Assert.True(ok ? record is not null && error is null : record is null && error is not null);
        }, iter: 5000);

    [Fact]
    public void Servers_in_different_ASes_and_prefixes_are_info_only()
    {
        var facts = Facts(Found("192.0.2.1", "192.0.2.0/24", 64500), Found("198.51.100.1", "198.51.100.0/24", 64501));
        Assert.Equal(["IPV4_DIFFERENT_ASN"], Tags(new AsnDiversityCheck(), facts));
        Assert.Equal(["CN04_IPV4_DIFFERENT_PREFIX"], Tags(new PrefixDiversityCheck(), facts));
    }

    [Fact]
    public void One_AS_for_every_server_is_a_warning_and_a_shared_set_of_ASes_a_notice()
    {
        var one = new AsnDiversityCheck().Evaluate(Facts(Found("192.0.2.1", "192.0.2.0/24", 64500), Found("192.0.2.2", "192.0.2.0/24", 64500))).Single();
        Assert.Equal("IPV4_ONE_ASN", one.Tag.Name);
        Assert.Equal(Severity.Warning, one.Severity);
        Assert.Equal("64500", one.Arguments["asn"].ToString());
        Assert.Equal(["IPV4_SAME_ASN"], Tags(new AsnDiversityCheck(), Facts(Found("192.0.2.1", "192.0.2.0/24", 64500, 64501), Found("192.0.2.2", "192.0.2.0/24", 64501, 64500))));
    }

    [Fact]
    public void Servers_sharing_a_prefix_are_named_together_and_the_others_listed_apart()
    {
        var facts = Facts(Found("192.0.2.1", "192.0.2.0/24", 64500), Found("192.0.2.2", "192.0.2.0/24", 64500), Found("2001:db8::1", "2001:db8::/32", 64502));
        var messages = new PrefixDiversityCheck().Evaluate(facts).ToList();
        Assert.Equal(["CN04_IPV4_SAME_PREFIX", "CN04_IPV6_DIFFERENT_PREFIX"], messages.Select(m => m.Tag.Name));
        Assert.Equal("192.0.2.0/24", messages[0].Arguments["ip_prefix"].ToString());
        Assert.Contains("ns2.example.test.", messages[0].Arguments["ns_list"].ToString(), StringComparison.Ordinal);
        Assert.Equal(["IPV4_ONE_ASN", "IPV6_ONE_ASN"], Tags(new AsnDiversityCheck(), facts));
    }

    [Fact]
    public void A_silent_or_unknowing_database_is_a_notice_not_the_zones_error()
    {
        var facts = Facts(
            new AsnLookup(IPAddress.Parse("192.0.2.1"), AsnLookupStatus.Empty, [], null, null, []),
            new AsnLookup(IPAddress.Parse("192.0.2.2"), AsnLookupStatus.Error, [], null, "the ASN database did not answer", []));
        var messages = new AsnDiversityCheck().Evaluate(facts).ToList();
        Assert.Equal(["EMPTY_ASN_SET", "ERROR_ASN_DATABASE"], messages.Select(m => m.Tag.Name));
        Assert.All(messages, m => Assert.Equal(Severity.Notice, m.Severity));
        Assert.Equal(["CN04_EMPTY_PREFIX_SET", "CN04_ERROR_PREFIX_DATABASE"], Tags(new PrefixDiversityCheck(), facts));
    }

    [Fact]
    public void Without_lookups_nothing_is_said() => Assert.Empty(Tags(new AsnDiversityCheck(), Facts()));
}
