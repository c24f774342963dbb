using Dnscert.Checks.Monitor;
using Dnscert.Checks.Rules;

namespace Dnscert.UnitTests.Checks.Monitor;

public sealed class StaleSerialDetectorTests
{
    private const string Primary = "ns1.example.test./192.0.2.1";
    private const string Secondary = "ns2.example.test./192.0.2.2";
    private static readonly DateTimeOffset s_now = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan s_threshold = TimeSpan.FromHours(4);

    private static (DateTimeOffset, IReadOnlyList<ServerSerial>) Run(double hoursAgo, long primary, long secondary) =>
        (s_now.AddHours(-hoursAgo), [new ServerSerial(Primary, primary), new ServerSerial(Secondary, secondary)]);

    private static IReadOnlyList<StaleSerial> Find(long primary, long secondary, params (DateTimeOffset, IReadOnlyList<ServerSerial>)[] history) =>
        StaleSerialDetector.Find(s_now, [new ServerSerial(Primary, primary), new ServerSerial(Secondary, secondary)], history, s_threshold);

    [Fact]
    public void A_secondary_stuck_on_an_old_serial_longer_than_the_threshold_is_stale_since_the_first_run_that_showed_it()
    {
        var stale = Assert.Single(Find(12, 10, Run(1, 12, 10), Run(3, 11, 10), Run(5, 11, 10), Run(7, 10, 10)));
        Assert.Equal(Secondary, stale.Server);
        Assert.Equal(10, stale.Serial);
        Assert.Equal(12, stale.LeaderSerial);
        Assert.Equal(s_now.AddHours(-5), stale.Since);
    }

    [Fact]
    public void A_secondary_that_lags_only_briefly_is_a_transfer_under_way_not_a_stale_server() =>
        Assert.Empty(Find(12, 11, Run(1, 12, 11), Run(3, 11, 11)));

    [Fact]
    public void A_secondary_that_follows_the_primary_a_step_behind_is_not_stale_because_its_serial_moves() =>
        Assert.Empty(Find(14, 13, Run(2, 13, 12), Run(4, 12, 11), Run(6, 11, 10)));

    [Fact]
    public void Servers_on_the_same_serial_and_a_first_run_without_history_report_nothing()
    {
        Assert.Empty(Find(12, 12, Run(5, 12, 12)));
        Assert.Empty(Find(12, 10));
    }

    [Fact]
    public void Serials_compare_in_RFC_1982_arithmetic_so_a_primary_that_wrapped_around_is_still_ahead()
    {
        Assert.True(SerialArithmetic.IsBefore(4294967290, 5));
        Assert.False(SerialArithmetic.IsBefore(5, 4294967290));
        var stale = Assert.Single(Find(5, 4294967290, Run(6, 4294967295, 4294967290)));
        Assert.Equal(5, stale.LeaderSerial);
    }

    [Fact]
    public void The_observation_is_an_error_while_lagging_and_critical_after_SOA_expire_with_the_servers_evidence()
    {
        var stale = new StaleSerial(Secondary, 10, 12, s_now.AddHours(-5));
        var evidence = new Dictionary<string, string> { [Secondary] = "abc" };
        var lagging = Assert.Single(ObservationBuilder.FromStaleSerials("example.test", [stale], s_now, TimeSpan.FromDays(14), evidence));
        Assert.Equal(Dnscert.Core.Severity.Error, lagging.Severity);
        Assert.Equal("infra.inconsistent-zone", lagging.ThreatTypeId);
        Assert.Equal(["abc"], lagging.EvidenceIds);
        Assert.Contains("ns2.example.test./192.0.2.2 has served SOA serial 10", lagging.Summary, StringComparison.Ordinal);
        var expired = Assert.Single(ObservationBuilder.FromStaleSerials("example.test", [stale], s_now, TimeSpan.FromHours(2), evidence));
        Assert.Equal(Dnscert.Core.Severity.Critical, expired.Severity);
    }

    [Fact]
    public void Stored_runs_give_back_the_serials_they_recorded_and_older_runs_without_them_give_none()
    {
        const string json = """{"schema":"dnscert.check/1","servers":[{"name":"ns1.example.test.","address":"192.0.2.1","answers":true,"soa_serial":7},{"name":"ns2.example.test.","address":"192.0.2.2","answers":false,"soa_serial":null}],"messages":[]}""";
        Assert.Equal([new ServerSerial(Primary, 7)], RunSerials.FromJson(json));
        Assert.Empty(RunSerials.FromJson("""{"schema":"dnscert.check/1","messages":[]}"""));
    }
}
