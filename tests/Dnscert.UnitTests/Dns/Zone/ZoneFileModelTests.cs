using Dnscert.Dns;
using Dnscert.Dns.Zone;
using static Dnscert.UnitTests.Dns.Zone.ZoneTestText;

namespace Dnscert.UnitTests.Dns.Zone;

/// <summary>The zone model: one SOA at the apex, nothing outside the origin, and the delegations with their glue.</summary>
public sealed class ZoneFileModelTests
{
    private const string Tld = """
        $ORIGIN tld.
        $TTL 86400
        @ SOA a.nic hostmaster.nic 2026112801 1800 900 604800 3600
        @ NS a.nic
        a.nic A 192.0.2.53
        ; in-domain glue
        example NS ns1.example
        example NS ns2.elsewhere.net.
        ns1.example A 192.0.2.1
        ns1.example AAAA 2001:db8::1
        example 3600 DS 12345 13 2 0102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F20
        ; sibling glue: other's server lives under example
        other 7200 NS ns1.example
        ; below a delegation: occluded, not a delegation of this zone
        deep.example NS ns.deep.example
        ns.deep.example A 192.0.2.99
        """;

    [Fact]
    public void Delegations_have_their_name_servers_glue_and_DS_and_skip_occluded_names()
    {
        var zone = ZoneFile.Parse(Tld, Options("tld."));
        var delegations = zone.GetDelegations();
        Assert.Equal(["example.tld.", "other.tld."], delegations.Select(d => d.Name.ToString()));

        var example = delegations[0];
        Assert.Equal(86400u, example.Ttl);
        Assert.Equal(["ns1.example.tld.", "ns2.elsewhere.net."], example.NameServers.Select(n => n.ToString()));
        Assert.Equal(["ns1.example.tld. 86400 IN A 192.0.2.1", "ns1.example.tld. 86400 IN AAAA 2001:db8::1"], example.Glue.Select(g => g.ToString()));
        Assert.Equal(12345, Assert.Single(example.Ds).KeyTag);

        var other = delegations[1];
        Assert.Equal(7200u, other.Ttl);
        Assert.Equal(2, other.Glue.Count);
        Assert.Empty(other.Ds);
    }

    [Fact]
    public void The_zone_knows_its_origin_SOA_and_records_in_file_order()
    {
        var zone = ZoneFile.Parse(Tld, Options("tld."));
        Assert.Equal(DomainName.Parse("tld."), zone.Origin);
        Assert.Equal(2026112801u, zone.SoaData.Serial);
        Assert.Equal(11, zone.Records.Count);
        Assert.Equal(RRType.SOA, zone.Records[0].Type);
    }

    [Fact]
    public void A_zone_without_an_SOA_is_refused()
    {
        var error = Assert.Throws<ZoneFileException>(() => ZoneFile.Parse("$TTL 1\n@ NS ns\n", Options()));
        Assert.Equal("test.zone: the zone 'example.' has no SOA record", error.Message);
    }

    [Fact]
    public void A_second_SOA_is_refused_on_its_line()
    {
        var error = Assert.Throws<ZoneFileException>(() => ZoneFile.Parse("$TTL 1\n@ SOA ns hm 1 2 3 4 5\n@ SOA ns hm 2 2 3 4 5\n", Options()));
        Assert.Equal((3, "the zone has a second SOA record"), (error.Line, error.Reason));
    }

    [Fact]
    public void An_SOA_below_the_apex_is_refused()
    {
        var error = Assert.Throws<ZoneFileException>(() => ZoneFile.Parse("$TTL 1\nsub SOA ns hm 1 2 3 4 5\n", Options()));
        Assert.Equal("the SOA record is at 'sub.example.', not at the zone's origin 'example.'", error.Reason);
    }

    [Fact]
    public void A_record_outside_the_origin_is_refused()
    {
        var error = Assert.Throws<ZoneFileException>(() => ZoneFile.Parse("$TTL 1\n@ SOA ns hm 1 2 3 4 5\nwww.other. A 192.0.2.1\n", Options()));
        Assert.Equal((3, "'www.other.' is outside the zone 'example.'"), (error.Line, error.Reason));
    }
}
