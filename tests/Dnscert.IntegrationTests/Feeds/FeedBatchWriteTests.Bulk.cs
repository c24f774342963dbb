using System.Globalization;
using System.Threading.Channels;
using Dnscert.Core;
using Dnscert.Core.Store;
using Dnscert.Feeds.Ingestion;
using Dnscert.IntegrationTests.Store;
using Dnscert.Store;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace Dnscert.IntegrationTests.Feeds;

/// <summary>
/// The bulk load (one transaction, observation indexes dropped and created again at the end) against the per-indicator
/// writer, and a bulk load that fails half-way. On PostgreSQL the store declines the bulk load, so the same writer
/// takes the batched path and must still store the same.
/// </summary>
public abstract partial class FeedBatchWriteTests
{
    [Fact]
    public async Task A_bulk_load_stores_what_one_by_one_writes_store_and_creates_the_same_indexes_again()
    {
        var bulk = await OpenAsync(_batched);
        var reference = await OpenAsync(_reference);
        var time = new FakeTimeProvider(s_t0);
        var writer = new FeedObservationWriter(bulk, time, batchSize: 700) { BulkLoadFrom = 1 };
        var (first, _) = Ingest(time, LargeRun(0, 2_500));
        var sorted = first.Indicators.Select(i => i.Fingerprint).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(_batched is SqliteBackend, await bulk.Observations.CanLoadCandidatesInBulkAsync(sorted.Count, sorted[0], sorted[^1], Ct));
        var indexesBefore = await IndexesAsync(_batched);
        Assert.Equal(
            await PerIndicatorFeedWriter.WriteAsync(reference, time, first.Indicators, Tlp.Amber, Ct),
            await writer.WriteAsync(first.Indicators, Tlp.Amber, Ct));
        Assert.Equal(indexesBefore, await IndexesAsync(_batched));
        Assert.Equal(await IndexesAsync(_reference), await IndexesAsync(_batched));
        await AssertIntegrityAsync(_batched);

        // The second run finds its observations open, so the store declines the bulk load and merges batch by batch.
        foreach (var store in new[] { bulk, reference })
        {
            var resolved = await store.Observations.FindOpenAsync(Fingerprint("n2001.example.fr", "abuse.phishing"), Ct);
            await store.Observations.SaveAsync(resolved! with { State = ObservationState.Resolved, LastSeen = s_t0.AddHours(1) }, Ct);
        }

        time.SetUtcNow(s_t0.AddDays(2));
        var (second, _) = Ingest(time, LargeRun(2_000, 3_000));
        var ordered = second.Indicators.Select(i => i.Fingerprint).Order(StringComparer.Ordinal).ToList();
        Assert.False(await bulk.Observations.CanLoadCandidatesInBulkAsync(ordered.Count, ordered[0], ordered[^1], Ct));
        Assert.Equal(
            await PerIndicatorFeedWriter.WriteAsync(reference, time, second.Indicators, Tlp.Amber, Ct),
            await writer.WriteAsync(second.Indicators, Tlp.Amber, Ct));

        Assert.Equal(await SnapshotAsync(reference), await SnapshotAsync(bulk));
        Assert.Equal(await EvidenceAsync(reference, every: 5), await EvidenceAsync(bulk, every: 5));
        var from = new DateOnly(2026, 6, 1);
        var to = new DateOnly(2026, 7, 31);
        Assert.Equal(await DailyAsync(reference, from, to), await DailyAsync(bulk, from, to));
        Assert.Equal(Describe(await reference.ObservationStatistics.ReadSummaryAsync(from, to, Ct)), Describe(await bulk.ObservationStatistics.ReadSummaryAsync(from, to, Ct)));
        Assert.Equal(await IndexesAsync(_reference), await IndexesAsync(_batched));
    }

    [Fact]
    public async Task A_bulk_load_that_fails_half_way_leaves_the_store_as_it_was_with_its_indexes()
    {
        if (_batched is not SqliteBackend)
        {
            return; // PostgreSQL declines bulk loads (CanLoadCandidatesInBulkAsync is false there, tested above).
        }

        var store = await OpenAsync(_batched);
        var time = new FakeTimeProvider(s_t0);
        var (earlier, _) = Ingest(time, FirstRun());
        await new FeedObservationWriter(store, time).WriteAsync(earlier.Indicators, Tlp.Amber, Ct);
        var observations = await SnapshotAsync(store);
        var from = new DateOnly(2026, 6, 1);
        var to = new DateOnly(2026, 7, 31);
        var daily = await DailyAsync(store, from, to);
        var indexes = await IndexesAsync(_batched);
        Assert.Contains(indexes, i => i.Contains("observations_by_fingerprint", StringComparison.Ordinal));

        // Three batches of 1,000 announced; the second is followed by a failure of the preparing side.
        const int Count = 3_000;
        Assert.True(await store.Observations.CanLoadCandidatesInBulkAsync(Count, BulkFingerprint(0), BulkFingerprint(Count - 1), Ct));
        var failing = Channel.CreateUnbounded<(ObservationCandidates, Func<Observation, Observation, Observation>)>();
        var loading = store.Observations.LoadCandidatesInBulkAsync(failing.Reader, Count, BulkFingerprint(0), BulkFingerprint(Count - 1), Ct);
        failing.Writer.TryWrite((BulkBatch(0, 1_000), NoMerge));
        failing.Writer.TryWrite((BulkBatch(1_000, 2_000), NoMerge));
        failing.Writer.TryComplete(new InvalidOperationException("the feed broke off"));
        await Assert.ThrowsAnyAsync<Exception>(() => loading);

        Assert.Equal(observations, await SnapshotAsync(store));
        Assert.Equal(daily, await DailyAsync(store, from, to));
        Assert.Equal(indexes, await IndexesAsync(_batched));
        await AssertIntegrityAsync(_batched);

        // The same run whole: every row added, the earlier ones untouched, the indexes as they were.
        var whole = Channel.CreateUnbounded<(ObservationCandidates, Func<Observation, Observation, Observation>)>();
        for (var at = 0; at < Count; at += 1_000)
        {
            whole.Writer.TryWrite((BulkBatch(at, at + 1_000), NoMerge));
        }

        whole.Writer.Complete();
        Assert.Equal(Count, await store.Observations.LoadCandidatesInBulkAsync(whole.Reader, Count, BulkFingerprint(0), BulkFingerprint(Count - 1), Ct));
        var after = await SnapshotAsync(store);
        Assert.Equal(observations.Count + Count, after.Count);
        Assert.Empty(observations.Except(after));
        Assert.Equal(indexes, await IndexesAsync(_batched));
        await AssertIntegrityAsync(_batched);
        var open = await store.Observations.FindOpenAsync(BulkFingerprint(1_234), Ct);
        Assert.Equal("n1234.example.de", open!.Subject.Value);
        Assert.Equal("text/plain", (await store.Evidence.GetAsync(open.EvidenceIds[0], Ct))!.MediaType);
    }

    private static readonly Func<Observation, Observation, Observation> NoMerge = (_, _) => throw new InvalidOperationException("a bulk load of new fingerprints merged");

    private static string BulkFingerprint(int i) => string.Create(CultureInfo.InvariantCulture, $"bulk|abuse.phishing|Domain|n{i:0000}.example.de");

    private static ObservationCandidates BulkBatch(int from, int to)
    {
        var batch = new ObservationCandidates(to - from, Severity.Warning, Tlp.Amber);
        for (var i = from; i < to; i++)
        {
            var value = string.Create(CultureInfo.InvariantCulture, $"n{i}.example.de");
            string[] lines = [value, "http://" + value + "/x"];
            batch.Add(Guid.CreateVersion7(), new Subject(SubjectKind.Domain, value), "abuse.phishing", s_t0, s_t0.AddHours(i % 30), BulkFingerprint(i), lines, 1 + (i % 2), value + "; reported by feeds: bulk");
        }

        return batch;
    }

    /// <summary>The observation indexes as stored (name and definition), empty on PostgreSQL.</summary>
    private static async Task<List<string>> IndexesAsync(StoreBackend backend)
    {
        if (backend is not SqliteBackend sqlite)
        {
            return [];
        }

        await using var connection = new SqliteConnection($"Data Source={sqlite.DatabasePath};Pooling=False");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name || ' ' || COALESCE(sql, '') FROM sqlite_master WHERE type = 'index' AND tbl_name = 'observations' ORDER BY name";
        var indexes = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct))
        {
            indexes.Add(reader.GetString(0));
        }

        return indexes;
    }

    private static async Task AssertIntegrityAsync(StoreBackend backend)
    {
        if (backend is not SqliteBackend sqlite)
        {
            return;
        }

        await using var connection = new SqliteConnection($"Data Source={sqlite.DatabasePath};Pooling=False");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        Assert.Equal("ok", (string?)await command.ExecuteScalarAsync(Ct));
    }
}
