using Dnscert.Core;
using Dnscert.Core.Statistics;
using Dnscert.Core.Store;
using Dnscert.IntegrationTests.Store;
using Dnscert.Reports.Statistics;
using Dnscert.Store;

namespace Dnscert.IntegrationTests.Reports;

/// <summary>
/// The daily aggregate table on a real database: kept up to date by every observation save (new, updated, resolved,
/// batched), equal to a rebuild, and giving the report numbers the inputs imply. Run on SQLite and PostgreSQL.
/// </summary>
public abstract class ObservationStatisticsTests : IAsyncLifetime
{
    private static readonly DateTimeOffset s_start = new(2026, 5, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly StoreBackend _backend;
    private DnscertStore? _store;

    protected ObservationStatisticsTests(StoreBackend backend)
    {
        _backend = backend;
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }

        await _backend.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task Saves_and_resolves_keep_the_table_equal_to_a_rebuild_and_to_the_expected_counts()
    {
        var store = await OpenAsync();
        // 30 phishing observations on .fr (one new per day), 10 lame delegations on .de open 5 days each, batched.
        var phishing = Enumerable.Range(0, 30).Select(i => Make($"p{i}.fr", "abuse.phishing", Severity.Error, i, i)).ToList();
        foreach (var o in phishing)
        {
            await store.Observations.SaveAsync(o, Ct);
        }

        var lame = Enumerable.Range(0, 10).Select(i => Make($"l{i}.de", "infra.lame-delegation", Severity.Warning, i, i + 4)).ToList();
        await store.Observations.SaveAllAsync(lame, Ct);
        // The first 4 lame delegations are resolved 12 hours after their first day ends (5 days + 12 h after first seen).
        foreach (var o in lame.Take(4))
        {
            await store.Observations.SaveAsync(o with { LastSeen = o.FirstSeen.AddDays(5).AddHours(12), State = ObservationState.Resolved }, Ct);
        }

        var period = StatisticsPeriod.Create(DateOnly.FromDateTime(s_start.UtcDateTime), DateOnly.FromDateTime(s_start.UtcDateTime).AddDays(30));
        var incremental = await store.ObservationStatistics.ReadDailyAsync(period.From, period.To, Ct);
        var calc = new StatisticsCalculator(incremental, period);

        Assert.Equal(40, calc.TotalAffected);
        Assert.Equal([new("fr", 30), new("de", 10)], calc.ByTld());
        Assert.Equal([new("feeds", 30), new("checks", 10)], calc.BySource());
        var mitigation = Assert.Single(calc.MitigationTimes());
        Assert.Equal(4, mitigation.Resolved);
        Assert.Equal(TimeSpan.FromHours((5 * 24) + 12), mitigation.Mean);
        // May has 31 days; .fr has exactly one active observation on each of days 0..29 and none on day 30: median 1.
        var rate = Assert.Single(calc.MonthlyRates(new Dictionary<string, long> { ["fr"] = 2_000 }));
        Assert.Equal(1, rate.MedianAffected);
        Assert.Equal(5, rate.MedianPer10k, 9);

        var expected = DailyAggregate.Rebuild([.. phishing, .. lame.Take(4).Select(o => o with { LastSeen = o.FirstSeen.AddDays(5).AddHours(12), State = ObservationState.Resolved }), .. lame.Skip(4)]);
        Assert.Equal(expected.Cells.OrderBy(c => c.Key.ToString()), incremental.OrderBy(c => c.Key.ToString()));

        Assert.Equal(40, await store.ObservationStatistics.RebuildAsync(Ct));
        var rebuilt = await store.ObservationStatistics.ReadDailyAsync(period.From, period.To, Ct);
        Assert.Equal(incremental.OrderBy(c => c.Key.ToString()), rebuilt.OrderBy(c => c.Key.ToString()));
    }

    [Fact]
    public async Task The_summary_from_the_rollups_equals_the_sums_of_the_daily_cells_for_aligned_and_unaligned_periods()
    {
        var store = await OpenAsync();
        // Observations spread over three months (May to July 2026), some spanning a month boundary, some resolved later.
        var random = new Random(7);
        var saved = new List<Observation>();
        for (var i = 0; i < 120; i++)
        {
            var first = random.Next(0, 85);
            var tld = (i % 3) switch { 0 => "fr", 1 => "de", _ => "ke" };
            var threat = (i % 4) switch { 0 => "abuse.phishing", 1 => "infra.lame-delegation", 2 => "attack.random-subdomain", _ => "abuse.malware" };
            saved.Add(Make($"s{i}.{tld}", threat, (Severity)(2 + (i % 4)), first, first + random.Next(0, 12)));
        }

        await store.Observations.SaveAllAsync(saved, Ct);
        foreach (var o in saved.Where((_, i) => i % 5 == 0))
        {
            await store.Observations.SaveAsync(o with { LastSeen = o.LastSeen.AddDays(3), State = ObservationState.Resolved }, Ct);
        }

        var start = DateOnly.FromDateTime(s_start.UtcDateTime);
        (DateOnly From, DateOnly To)[] periods =
        [
            (start, start.AddMonths(3).AddDays(-1)),               // three whole months
            (start.AddDays(9), start.AddDays(70)),                  // partial, whole June, partial
            (start.AddDays(31), start.AddDays(31)),                 // one day
            (start.AddDays(-5), start.AddDays(40)),                 // starts before the data
            (start.AddDays(30), start.AddMonths(2).AddDays(-1)),    // the last day of May, then all of June
        ];
        foreach (var (from, to) in periods)
        {
            var cells = await store.ObservationStatistics.ReadDailyAsync(from, to, Ct);
            var expected = PeriodSummary.FromCells(cells, from, to).Canonical();
            var actual = (await store.ObservationStatistics.ReadSummaryAsync(from, to, Ct)).Canonical();
            Assert.True(expected.Totals.Count > 0, $"{from}..{to} has data");
            Assert.Equal(expected.Totals, actual.Totals);
            Assert.Equal(expected.Days, actual.Days);
        }

        // A rebuild recomputes the rollups from scratch and gives the same summary.
        var before = (await store.ObservationStatistics.ReadSummaryAsync(periods[1].From, periods[1].To, Ct)).Canonical();
        await store.ObservationStatistics.RebuildAsync(Ct);
        var after = (await store.ObservationStatistics.ReadSummaryAsync(periods[1].From, periods[1].To, Ct)).Canonical();
        Assert.Equal(before.Totals, after.Totals);
        Assert.Equal(before.Days, after.Days);
    }

    [Fact]
    public async Task Saving_the_same_version_twice_changes_nothing()
    {
        var store = await OpenAsync();
        var o = Make("a.fr", "abuse.phishing", Severity.Error, 0, 3);
        await store.Observations.SaveAsync(o, Ct);
        await store.Observations.SaveAsync(o, Ct);

        var cells = await store.ObservationStatistics.ReadDailyAsync(DateOnly.MinValue, DateOnly.MaxValue, Ct);
        Assert.Equal(4, cells.Sum(c => c.Value.Active));
        Assert.Equal(1, cells.Sum(c => c.Value.New));
    }

    private async Task<DnscertStore> OpenAsync()
    {
        await _backend.RequireAsync();
        _store = await StoreFactory.OpenAsync(_backend.Options(), cancellationToken: Ct);
        return _store;
    }

    private static Observation Make(string domain, string threat, Severity severity, int firstDay, int lastDay) => new(
        Guid.CreateVersion7(),
        new Subject(SubjectKind.Domain, domain),
        threat,
        severity,
        Tlp.Green,
        s_start.AddDays(firstDay).AddHours(2),
        s_start.AddDays(lastDay).AddHours(14),
        ObservationState.Open,
        $"{threat}|{domain}",
        [],
        "test");
}
