using CsCheck;
using Dnscert.Core.Statistics;
using Dnscert.Core;
using Dnscert.Core.Store;
using Dnscert.Reports.Statistics;

namespace Dnscert.UnitTests.Reports;

public sealed class DailyAggregatePropertyTests
{
    // A stream of saves: new observations and updates of earlier ones (last seen moves on, some get resolved).
    private static readonly Gen<(int Domain, int Threat, int Severity, int First, int Span)> s_newObservation =
        Gen.Select(Gen.Int[0, 20], Gen.Int[0, 3], Gen.Int[0, 5], Gen.Int[0, 60], Gen.Int[0, 10]);

    private static readonly Gen<(bool IsUpdate, int Target, int Extend, bool Resolve, (int, int, int, int, int) Fresh)> s_step =
        Gen.Select(Gen.Bool, Gen.Int[0, 1000], Gen.Int[0, 500], Gen.Bool, s_newObservation);

    private static readonly string[] s_threats = ["infra.lame-delegation", "abuse.phishing", "attack.dga", "custom.thing"];
    private static readonly string[] s_tlds = ["fr", "de", "com", "br", "ke"];

    [Fact]
    public void Incremental_updates_equal_a_rebuild_from_the_final_versions()
    {
        s_step.Array[1, 80].Sample(steps =>
        {
            var incremental = new DailyAggregate();
            var latest = new List<Observation>();
            foreach (var (isUpdate, target, extend, resolve, fresh) in steps)
            {
                if (isUpdate && latest.Count > 0)
                {
                    var i = target % latest.Count;
                    var old = latest[i];
                    var updated = old with
                    {
                        LastSeen = old.LastSeen.AddHours(extend),
                        State = resolve ? ObservationState.Resolved : old.State,
                    };
                    incremental.Apply(old, updated);
                    latest[i] = updated;
                }
                else
                {
                    var (domain, threat, severity, first, span) = fresh;
                    var start = ReportData.Start.AddDays(first).AddHours(domain);
                    var observation = new Observation(
                        Guid.CreateVersion7(),
                        new Subject(SubjectKind.Domain, $"d{domain}.{s_tlds[domain % s_tlds.Length]}"),
                        s_threats[threat],
                        (Severity)severity,
                        Tlp.Green,
                        start,
                        start.AddDays(span),
                        ObservationState.Open,
                        "fp",
                        [],
                        "");
                    incremental.Apply(null, observation);
                    latest.Add(observation);
                }
            }

            var rebuilt = DailyAggregate.Rebuild(latest);
            Assert.True(incremental.SameAs(rebuilt), $"incremental {incremental.Cells.Count} cells, rebuild {rebuilt.Cells.Count} cells");
            var period = StatisticsPeriod.Create(ReportData.Day(0), ReportData.Day(100));
            Assert.Equal(latest.Count, new StatisticsCalculator(rebuilt.Cells, period).TotalAffected);
        });
    }

    [Fact]
    public void New_observations_added_as_a_group_count_as_each_added_alone()
    {
        // The bulk feed write adds a group of new observations of the same TLD, threat, severity and days at once;
        // some are open for more than MaxActiveDays, so the first day lies outside the active window.
        Gen.Select(s_newObservation, Gen.Int[0, 400], Gen.Int[1, 50]).Sample(((int Domain, int Threat, int Severity, int First, int Span) fresh, int Extra, int Count) =>
        {
            var start = ReportData.Start.AddDays(fresh.First).AddHours(fresh.Domain);
            var example = new Observation(
                Guid.CreateVersion7(), new Subject(SubjectKind.Domain, $"d{fresh.Domain}.{s_tlds[fresh.Domain % s_tlds.Length]}"), s_threats[fresh.Threat],
                (Severity)fresh.Severity, Tlp.Amber, start, start.AddDays(fresh.Span + (Extra > 380 ? Extra : 0)), ObservationState.Open, "fp", [], "");
            var grouped = new DailyAggregate();
            grouped.AddNewObservations(example, Count);
            var single = new DailyAggregate();
            for (var i = 0; i < Count; i++)
            {
                single.Apply(null, example with { Id = Guid.CreateVersion7() });
            }

            Assert.True(grouped.SameAs(single));
        });
    }

    [Fact]
    public void An_observation_open_for_years_counts_on_at_most_a_year_of_days()
    {
        var observation = ReportData.Make("a.fr", "abuse.phishing", Severity.Error, 0, 5000);
        var aggregate = DailyAggregate.Rebuild([observation]);

        Assert.Equal(DailyAggregate.MaxActiveDays, aggregate.Cells.Values.Sum(c => c.Active));
        Assert.Equal(1, aggregate.Cells.Values.Sum(c => c.New));
    }
}
