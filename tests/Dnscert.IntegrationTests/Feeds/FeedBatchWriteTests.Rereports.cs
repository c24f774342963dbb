using System.Globalization;
using Dnscert.Core;
using Dnscert.Core.Store;
using Dnscert.IntegrationTests.Store;
using Microsoft.Extensions.Time.Testing;

namespace Dnscert.IntegrationTests.Feeds;

/// <summary>
/// Re-reports (a candidate whose stored open observation already has its summary and cites every one of its lines):
/// SQLite widens first and last seen without calling the merge; the rows and the rollups must be what the merge gives,
/// and a candidate with a new line must still go through the merge.
/// </summary>
public abstract partial class FeedBatchWriteTests
{
    [Fact]
    public async Task A_re_report_only_widens_first_and_last_seen_and_the_rollups_follow()
    {
        var store = await OpenAsync(_batched);
        const int Count = 300;
        Assert.Equal(Count, await store.Observations.MergeOpenCandidatesAsync(Batch(0, Count, s_t0, s_t0.AddHours(1), newLine: _ => false), NoMerge, Ct));

        // A day and a half later the same indicators again; every tenth one also seen earlier than stored, every
        // seventh with a line not stored yet (that one must reach the merge).
        var merged = 0;
        Observation Merge(Observation existing, Observation candidate)
        {
            merged++;
            return existing with
            {
                FirstSeen = existing.FirstSeen < candidate.FirstSeen ? existing.FirstSeen : candidate.FirstSeen,
                LastSeen = existing.LastSeen > candidate.LastSeen ? existing.LastSeen : candidate.LastSeen,
                EvidenceIds = [.. existing.EvidenceIds.Union(candidate.EvidenceIds, StringComparer.Ordinal)],
            };
        }

        var later = Batch(0, Count, s_t0.AddHours(36), s_t0.AddHours(37), newLine: i => i % 7 == 0, earlier: i => i % 10 == 0);
        Assert.Equal(0, await store.Observations.MergeOpenCandidatesAsync(later, Merge, Ct));

        var withNewLine = Enumerable.Range(0, Count).Count(i => i % 7 == 0);
        Assert.Equal(_batched is SqliteBackend ? withNewLine : Count, merged);
        for (var i = 0; i < Count; i += 5)
        {
            var stored = (await store.Observations.FindOpenAsync(Fingerprint(i), Ct))!;
            Assert.Equal(i % 10 == 0 ? s_t0.AddHours(-5) : s_t0, stored.FirstSeen);
            Assert.Equal(s_t0.AddHours(37), stored.LastSeen);
            Assert.Equal(i % 7 == 0 ? 2 : 1, stored.EvidenceIds.Count);
            Assert.Equal(Summary(i), stored.Summary);
        }

        // The rollups kept up: the same as rebuilt from the observations.
        var from = new DateOnly(2026, 6, 1);
        var to = new DateOnly(2026, 7, 31);
        var daily = await DailyAsync(store, from, to);
        await store.ObservationStatistics.RebuildAsync(Ct);
        Assert.Equal(await DailyAsync(store, from, to), daily);
    }

    private static string Fingerprint(int i) => string.Create(CultureInfo.InvariantCulture, $"feed|abuse.phishing|Domain|r{i:0000}.example.de");

    private static string Summary(int i) => string.Create(CultureInfo.InvariantCulture, $"r{i:0000}.example.de; reported by feeds: daily");

    private static ObservationCandidates Batch(int from, int to, DateTimeOffset first, DateTimeOffset last, Func<int, bool> newLine, Func<int, bool>? earlier = null)
    {
        var batch = new ObservationCandidates(to - from, Severity.Warning, Tlp.Amber);
        for (var i = from; i < to; i++)
        {
            var value = string.Create(CultureInfo.InvariantCulture, $"r{i:0000}.example.de");
            string[] lines = newLine(i) ? ["www." + value, value] : ["www." + value];
            var seen = earlier?.Invoke(i) == true ? s_t0.AddHours(-5) : first;
            batch.Add(Guid.CreateVersion7(), new Subject(SubjectKind.Domain, value), "abuse.phishing", seen, last, Fingerprint(i), lines, lines.Length, Summary(i));
        }

        return batch;
    }
}
