using System.Net;
using Dnscert.Checks.Engine;
using Microsoft.Extensions.Time.Testing;

namespace Dnscert.UnitTests.Checks.Engine;

public sealed class QueryLimitsTests
{
    private static readonly IPAddress s_server = IPAddress.Parse("192.0.2.53");

    [Fact]
    public async Task A_rate_per_server_spaces_queries_one_interval_apart_and_other_servers_do_not_wait()
    {
        var time = new FakeTimeProvider();
        using var limits = new QueryLimits(total: 10, perServer: 10, ratePerServer: 10, time);
        var first = limits.EnterAsync(s_server, TestContext.Current.CancellationToken);
        var second = limits.EnterAsync(s_server, TestContext.Current.CancellationToken);
        var third = limits.EnterAsync(s_server, TestContext.Current.CancellationToken);
        var elsewhere = limits.EnterAsync(IPAddress.Parse("192.0.2.54"), TestContext.Current.CancellationToken);
        Assert.True(first.IsCompletedSuccessfully);
        Assert.True(elsewhere.IsCompletedSuccessfully);
        Assert.False(second.IsCompleted);

        time.Advance(TimeSpan.FromMilliseconds(100));
        (await second).Dispose();
        Assert.False(third.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(100));
        (await third).Dispose();
        (await first).Dispose();
        (await elsewhere).Dispose();
    }

    [Fact]
    public async Task The_per_server_limit_holds_the_next_query_until_one_in_flight_ends()
    {
        using var limits = new QueryLimits(total: 10, perServer: 1);
        var first = await limits.EnterAsync(s_server, TestContext.Current.CancellationToken);
        var second = limits.EnterAsync(s_server, TestContext.Current.CancellationToken);
        Assert.False(second.IsCompleted);
        first.Dispose();
        (await second).Dispose();
    }

    [Theory]
    [InlineData(-1, 0d)]
    [InlineData(6, 0d)]
    [InlineData(0, -1d)]
    public void Retries_and_rate_out_of_range_are_refused(int retries, double rate) =>
        Assert.NotEmpty(new CheckOptions { Retries = retries, RatePerServer = rate }.Check());
}
