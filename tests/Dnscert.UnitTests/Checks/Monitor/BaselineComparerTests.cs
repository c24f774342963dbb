using Dnscert.Checks.Monitor;
using Dnscert.Core;
using Dnscert.Core.Store;

namespace Dnscert.UnitTests.Checks.Monitor;

public sealed class BaselineComparerTests
{
    private static readonly ZoneBaseline s_baseline = new("example.test", ["ns1.example.test.", "ns2.example.test."], ["1 13 2 AA"], ["257 3 13 KEY"],
        ["ns1.example.test. 192.0.2.1", "ns2.example.test. 192.0.2.2"], 2026112801, DateTimeOffset.UnixEpoch);

    private static ZoneSnapshot Same() => new(s_baseline.NameServers, s_baseline.DsRecords, s_baseline.DnskeyRecords, s_baseline.GlueAddresses, s_baseline.SoaSerial);

    [Fact]
    public void The_same_delegation_in_another_order_and_a_newer_serial_are_no_change() =>
        Assert.Empty(BaselineComparer.Compare(s_baseline, Same() with { NameServers = [.. s_baseline.NameServers.Reverse()], SoaSerial = 2026112900 }));

    [Fact]
    public void A_new_name_server_is_a_critical_NS_set_change_with_before_and_after()
    {
        var change = Assert.Single(BaselineComparer.Compare(s_baseline, Same() with { NameServers = ["ns1.example.test.", "ns.evil.test."] }));
        Assert.Equal(Severity.Critical, change.Severity);
        Assert.Contains("before [ns1.example.test., ns2.example.test.]", change.Describe(), StringComparison.Ordinal);
        Assert.Contains("ns.evil.test.", change.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void New_addresses_for_the_same_names_are_critical_too() =>
        Assert.Equal(Severity.Critical, Assert.Single(BaselineComparer.Compare(s_baseline, Same() with { GlueAddresses = ["ns1.example.test. 198.51.100.9", "ns2.example.test. 192.0.2.2"] })).Severity);

    [Fact]
    public void A_DS_change_is_an_error_and_a_key_rollover_only_a_notice()
    {
        var changes = BaselineComparer.Compare(s_baseline, Same() with { DsRecords = ["2 13 2 BB"], DnskeyRecords = ["257 3 13 NEWKEY"] });
        Assert.Equal([Severity.Error, Severity.Notice], changes.Select(c => c.Severity));
    }

    [Theory]
    [InlineData(2026112800L, true)]
    [InlineData(2026112802L, false)]
    [InlineData(4000000000L, false)]
    [InlineData(5L, true)]
    public void A_serial_that_goes_backwards_in_RFC_1982_arithmetic_is_reported(long serial, bool reported) =>
        Assert.Equal(reported, BaselineComparer.Compare(s_baseline, Same() with { SoaSerial = serial }).Any(c => c.What.StartsWith("SOA serial", StringComparison.Ordinal)));
}
