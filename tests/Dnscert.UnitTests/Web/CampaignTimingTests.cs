using CsCheck;
using Dnscert.Core.Store;
using Dnscert.Web.Campaigns;

namespace Dnscert.UnitTests.Web;

public sealed class CampaignTimingTests
{
    private static readonly DateTimeOffset s_t0 = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Median_and_p90_per_stakeholder_count_open_shares_without_timing_them()
    {
        var rows = new List<CampaignPartyTiming>();
        for (var h = 1; h <= 10; h++)
        {
            rows.Add(new CampaignPartyTiming(Guid.NewGuid(), "registry-fr", s_t0, s_t0.AddHours(h), h <= 4 ? s_t0.AddDays(h) : null));
        }

        rows.Add(new CampaignPartyTiming(Guid.NewGuid(), "registry-es", s_t0, null, null));
        var timings = StakeholderTiming.Compute(rows);
        Assert.Equal(["registry-es", "registry-fr"], timings.Select(t => t.StakeholderId));
        Assert.Equal(new StakeholderTiming("registry-es", 1, 0, 0, null, null, null, null), timings[0]);
        var fr = timings[1];
        Assert.Equal((10, 10, 4), (fr.Notified, fr.Acknowledged, fr.Completed));
        Assert.Equal((TimeSpan.FromHours(5), TimeSpan.FromHours(9)), (fr.MedianToAcknowledge, fr.P90ToAcknowledge));
        Assert.Equal((TimeSpan.FromDays(2), TimeSpan.FromDays(4)), (fr.MedianToComplete, fr.P90ToComplete));
        Assert.Equal(("–", "45 min", "5.5 h", "3.2 d"), (StakeholderTiming.Format(null), StakeholderTiming.Format(TimeSpan.FromMinutes(45)), StakeholderTiming.Format(TimeSpan.FromHours(5.5)), StakeholderTiming.Format(TimeSpan.FromDays(3.2))));
    }

    [Fact]
    public void The_nearest_rank_percentile_is_a_value_of_the_list_with_enough_values_at_or_below_it()
    {
        Gen.Select(Gen.Int[0, 100_000].List[1, 50], Gen.Double[0.01, 1]).Sample((minutes, p) =>
        {
            var sorted = minutes.Select(m => TimeSpan.FromMinutes(m)).Order().ToList();
            var value = StakeholderTiming.Percentile(sorted, p)!.Value;
            var atOrBelow = sorted.Count(v => v <= value);
            var below = sorted.Count(v => v < value);
            return sorted.Contains(value) && atOrBelow >= p * sorted.Count - 1e-9 && below < p * sorted.Count;
        });
    }

    [Fact]
    public void Due_times_are_a_number_and_a_unit_within_a_year_and_anything_else_is_refused()
    {
        Assert.True(CampaignDue.TryParse("7d", out var week));
        Assert.Equal(TimeSpan.FromDays(7), week);
        Assert.True(CampaignDue.TryParse("36H", out var hours));
        Assert.Equal(TimeSpan.FromHours(36), hours);
        foreach (var bad in new[] { "", "7", "d", "-1d", "0d", "367d", "53w", "1.5d", "7 d", "99999999d" })
        {
            Assert.False(CampaignDue.TryParse(bad, out _), bad);
        }

        Gen.String.Sample(text => !CampaignDue.TryParse(text, out var due) || (due > TimeSpan.Zero && due <= CampaignDue.Max));
    }
}
