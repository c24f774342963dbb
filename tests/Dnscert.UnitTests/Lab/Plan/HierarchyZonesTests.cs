using Dnscert.Lab.Plan;
using Dnscert.Lab.Scenarios;

namespace Dnscert.UnitTests.Lab.Plan;

public sealed class HierarchyZonesTests
{
    private static DelegationSpec Delegation(string zone, params (string Name, string[] Addresses)[] ns) => new()
    {
        Zone = zone,
        Ns = [.. ns.Select(n => new NameServerSpec { Name = n.Name, Addresses = [.. n.Addresses] })],
        Ds = "auto",
    };

    [Fact]
    public void Glue_is_published_for_in_bailiwick_names_only()
    {
        var text = HierarchyZones.Tld(7, [(Delegation("a.test.", ("ns1.a.test.", ["127.53.5.1"]), ("ns.b.test.", ["127.53.5.2"])), [])]);
        Assert.Contains("ns1.a.test. IN A 127.53.5.1", text, StringComparison.Ordinal);
        Assert.DoesNotContain("127.53.5.2", text, StringComparison.Ordinal);
        Assert.Contains("a.test. IN NS ns.b.test.", text, StringComparison.Ordinal);
    }

    [Fact]
    public void An_in_bailiwick_name_without_addresses_gets_no_glue()
    {
        var text = HierarchyZones.Tld(7, [(Delegation("c.test.", ("ns1.c.test.", [])), [])]);
        Assert.Contains("c.test. IN NS ns1.c.test.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("ns1.c.test. IN A", text, StringComparison.Ordinal);
    }

    [Fact]
    public void DS_records_are_written_under_the_delegation()
    {
        var text = HierarchyZones.Tld(7, [(Delegation("d.test.", ("ns1.d.test.", ["127.53.6.1"])), ["12345 13 2 ABCDEF"])]);
        Assert.Contains("d.test. IN DS 12345 13 2 ABCDEF", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_serial_appears_in_the_SOA_of_both_zones()
    {
        Assert.Contains(" 4242 ", HierarchyZones.Tld(4242, []), StringComparison.Ordinal);
        Assert.Contains(" 4242 ", HierarchyZones.Root(4242, []), StringComparison.Ordinal);
    }

    [Fact]
    public void The_root_delegates_test_with_glue_and_DS()
    {
        var text = HierarchyZones.Root(1, ["111 13 2 AA"]);
        Assert.Contains("test. IN NS ns1.nic.test.", text, StringComparison.Ordinal);
        Assert.Contains("ns1.nic.test. IN A 127.53.0.3", text, StringComparison.Ordinal);
        Assert.Contains("test. IN DS 111 13 2 AA", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_hints_name_only_lab_addresses()
    {
        var hints = HierarchyZones.Hints();
        Assert.Contains("127.53.0.1", hints, StringComparison.Ordinal);
        Assert.Contains("127.53.0.2", hints, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"\b(?!127\.)\d+\.\d+\.\d+\.\d+\b", hints);
    }

    [Theory]
    [InlineData("ns1.a.test.", "a.test.", true)]
    [InlineData("a.test.", "a.test.", true)]
    [InlineData("ns1.ba.test.", "a.test.", false)]
    [InlineData("NS1.A.TEST.", "a.test.", true)]
    public void At_or_below_compares_labels_not_suffixes(string name, string zone, bool expected) =>
        Assert.Equal(expected, HierarchyZones.IsAtOrBelow(name, zone));
}
