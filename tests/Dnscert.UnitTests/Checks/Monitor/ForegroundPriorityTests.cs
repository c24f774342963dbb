using Dnscert.Checks.Monitor;
using Dnscert.Core.Monitoring;

namespace Dnscert.UnitTests.Checks.Monitor;

/// <summary>The "web requests first" setting and the request counter the scheduler reads.</summary>
public sealed class ForegroundPriorityTests
{
    [Fact]
    public void Without_the_setting_requests_get_no_priority()
    {
        var options = new MonitorOptions { MaxConcurrentChecks = 64 };
        Assert.Equal(64, options.EffectiveChecksWhileWebBusy);
        Assert.Empty(options.Check());
    }

    [Fact]
    public void The_setting_never_allows_more_checks_than_MaxConcurrentChecks()
    {
        Assert.Equal(8, new MonitorOptions { MaxConcurrentChecks = 64, ChecksWhileWebBusy = 8 }.EffectiveChecksWhileWebBusy);
        Assert.Equal(16, new MonitorOptions { MaxConcurrentChecks = 16, ChecksWhileWebBusy = 100 }.EffectiveChecksWhileWebBusy);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(5000)]
    public void A_setting_out_of_range_is_refused_by_name(int value)
    {
        var problems = new MonitorOptions { ChecksWhileWebBusy = value }.Check();
        Assert.Contains(problems, p => p.Contains("Dnscert:Monitor:ChecksWhileWebBusy", StringComparison.Ordinal));
    }

    [Fact]
    public void A_request_still_in_flight_keeps_the_web_busy_at_every_poll()
    {
        var activity = new ForegroundActivity();
        activity.Started();
        Assert.True(activity.BusySinceLastAsked());
        Assert.True(activity.BusySinceLastAsked());
        activity.Ended();
        Assert.False(activity.BusySinceLastAsked());
        Assert.Equal(0, activity.InFlight);
    }
}
