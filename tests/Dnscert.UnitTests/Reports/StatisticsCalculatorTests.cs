using Dnscert.Core.Statistics;
using Dnscert.Core;
using Dnscert.Reports.Statistics;
using static Dnscert.UnitTests.Reports.ReportData;

namespace Dnscert.UnitTests.Reports;

public sealed class StatisticsCalculatorTests
{
    [Fact]
    public void Counts_per_tld_region_threat_and_source_count_each_observation_once_over_its_days()
    {
        var observations = new[]
        {
            Make("a.fr", "infra.lame-delegation", Severity.Error, 0, 9),
            Make("b.fr", "infra.lame-delegation", Severity.Warning, 2, 3, resolved: true),
            Make("c.de", "abuse.phishing", Severity.Critical, 5, 5),
            Make("d.com", "attack.random-subdomain", Severity.Notice, 1, 30),
            Make("e.br", "abuse.phishing", Severity.Error, 40, 41), // outside the period
        };
        var calc = new StatisticsCalculator(DailyAggregate.Rebuild(observations).Cells, StatisticsPeriod.Create(Day(0), Day(9)));

        Assert.Equal(4, calc.TotalAffected);
        Assert.Equal([new("fr", 2), new("com", 1), new("de", 1)], calc.ByTld());
        Assert.Equal([new("europe", 3), new("global", 1)], calc.ByRegion());
        Assert.Equal([new("infra.lame-delegation", 2), new("abuse.phishing", 1), new("attack.random-subdomain", 1)], calc.ByThreatType());
        Assert.Equal([new("checks", 2), new("feeds", 1), new("traffic", 1)], calc.BySource());
        var severities = calc.SeverityDistribution().ToDictionary(p => p.Key, p => p.Value);
        Assert.Equal(1, severities[Severity.Critical]);
        Assert.Equal(1, severities[Severity.Error]);
        Assert.Equal(1, severities[Severity.Warning]);
        Assert.Equal(1, severities[Severity.Notice]);
        Assert.Equal(0, severities[Severity.Info]);
    }

    [Fact]
    public void A_period_starting_mid_observation_counts_it_once_on_its_first_day()
    {
        var observations = new[] { Make("a.fr", "infra.lame-delegation", Severity.Error, 0, 20) };
        var calc = new StatisticsCalculator(DailyAggregate.Rebuild(observations).Cells, StatisticsPeriod.Create(Day(5), Day(15)));

        Assert.Equal(1, calc.TotalAffected);
        var daily = calc.Daily();
        Assert.Equal(11, daily.Count);
        Assert.All(daily, d => Assert.Equal(1, d.Active));
        Assert.All(daily, d => Assert.Equal(0, d.New));
    }

    [Fact]
    public void Monthly_rate_is_the_median_of_daily_counts_per_10000_domains_including_quiet_days()
    {
        // March 2026 has 31 days. Day i (0-based) has i % 4 active observations in .fr for days 0..19 and none after.
        var observations = new List<Dnscert.Core.Store.Observation>();
        for (var day = 0; day < 20; day++)
        {
            for (var n = 0; n < day % 4; n++)
            {
                observations.Add(Make($"x{day}-{n}.fr", "abuse.phishing", Severity.Error, day, day));
            }
        }

        var calc = new StatisticsCalculator(DailyAggregate.Rebuild(observations).Cells, StatisticsPeriod.Create(Day(0), Day(30)));
        var rates = calc.MonthlyRates(new Dictionary<string, long> { ["fr"] = 4_000 });

        var expectedDaily = Enumerable.Range(0, 31).Select(d => d < 20 ? (double)(d % 4) : 0).ToList();
        var sorted = expectedDaily.Order().ToList();
        var rate = Assert.Single(rates);
        Assert.Equal(31, rate.Days);
        Assert.Equal(sorted[15], rate.MedianAffected);
        Assert.Equal(sorted[15] * 10_000 / 4_000, rate.MedianPer10k, 9);
        Assert.Equal((2026, 3), (rate.Year, rate.Month));
    }

    [Fact]
    public void Rates_split_by_month_and_skip_tlds_without_size()
    {
        var observations = new[] { Make("a.fr", "abuse.phishing", Severity.Error, 25, 35), Make("a.de", "abuse.phishing", Severity.Error, 25, 35) };
        var calc = new StatisticsCalculator(DailyAggregate.Rebuild(observations).Cells, StatisticsPeriod.Create(Day(20), Day(40)));

        var rates = calc.MonthlyRates(new Dictionary<string, long> { ["fr"] = 100 });

        Assert.Equal(2, rates.Count);
        Assert.All(rates, r => Assert.Equal("fr", r.Tld));
        Assert.Equal(11, rates[0].Days); // 21..31 March
        Assert.Equal(1, rates[0].MedianAffected); // active 26..31 March = 6 of 11 days
        Assert.Equal(100, rates[0].MedianPer10k, 9);
        Assert.Equal(10, rates[1].Days); // 1..10 April
        Assert.Equal(0.5, rates[1].MedianAffected); // active 1..5 April = 5 of 10 days
    }

    [Fact]
    public void Time_to_mitigate_averages_first_seen_to_resolved_of_the_observations_resolved_in_the_period()
    {
        var observations = new[]
        {
            Make("a.fr", "infra.lame-delegation", Severity.Error, 0, 1, resolved: true, firstHour: 0, lastHour: 12), // 36 h
            Make("b.fr", "infra.lame-delegation", Severity.Error, 2, 2, resolved: true, firstHour: 0, lastHour: 12), // 12 h
            Make("c.fr", "infra.lame-delegation", Severity.Error, 2, 5), // still open
        };
        var calc = new StatisticsCalculator(DailyAggregate.Rebuild(observations).Cells, StatisticsPeriod.Create(Day(0), Day(9)));

        var time = Assert.Single(calc.MitigationTimes());
        Assert.Equal(2, time.Resolved);
        Assert.Equal(TimeSpan.FromHours(24), time.Mean);
    }

    [Theory]
    [InlineData(new double[] { }, 0)]
    [InlineData(new double[] { 5 }, 5)]
    [InlineData(new double[] { 3, 1, 2 }, 2)]
    [InlineData(new double[] { 4, 1, 3, 2 }, 2.5)]
    public void Median_is_the_middle_value_or_the_mean_of_the_two_middle_values(double[] values, double expected) =>
        Assert.Equal(expected, StatisticsCalculator.Median(values));

    [Fact]
    public void Periods_longer_than_a_year_or_reversed_are_refused_with_the_dates()
    {
        var reversed = Assert.Throws<ArgumentException>(() => StatisticsPeriod.Create(Day(5), Day(1)));
        Assert.Contains("2026-03-02", reversed.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => StatisticsPeriod.Create(Day(0), Day(400)));
    }

    [Theory]
    [InlineData("example.fr", "fr", "europe")]
    [InlineData("Example.BR.", "br", "latin-america")]
    [InlineData("shop.ke", "ke", "africa")]
    [InlineData("example.com", "com", "global")]
    [InlineData("example.zz", "zz", "unknown")]
    public void Tld_and_region_come_from_the_last_label(string name, string tld, string region)
    {
        var found = Regions.TldOf(new Dnscert.Core.Store.Subject(Dnscert.Core.Store.SubjectKind.Domain, name));
        Assert.Equal(tld, found);
        Assert.Equal(region, Regions.RegionOf(found));
    }

    [Fact]
    public void Addresses_have_no_tld_and_an_unknown_region()
    {
        var tld = Regions.TldOf(new Dnscert.Core.Store.Subject(Dnscert.Core.Store.SubjectKind.IpAddress, "192.0.2.1"));
        Assert.Equal(Regions.NoTld, tld);
        Assert.Equal(Regions.Unknown, Regions.RegionOf(tld));
        Assert.Equal("org", Regions.TldOf(new Dnscert.Core.Store.Subject(Dnscert.Core.Store.SubjectKind.Url, "https://login.example.org/x")));
    }
}
