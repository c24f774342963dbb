using System.Diagnostics;
using Dnscert.Core;
using Dnscert.Core.Store;
using Dnscert.Store;
using Dnscert.Store.Migrations;
using static Dnscert.IntegrationTests.Store.StoreSamples;

namespace Dnscert.IntegrationTests.Store;

/// <summary>
/// What the store promises, run once against SQLite and once against PostgreSQL (the subclasses). Each test gets
/// its own empty database (a temporary file, a fresh schema), so no test sees another's rows.
/// </summary>
public abstract class StoreContractTests : IAsyncLifetime
{
    private readonly List<DnscertStore> _opened = [];

    protected StoreContractTests(StoreBackend backend)
    {
        Backend = backend;
    }

    protected StoreBackend Backend { get; }

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>What the stores this test opened logged.</summary>
    protected ListLogger Logs { get; } = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _opened)
        {
            await store.DisposeAsync();
        }

        await Backend.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task Opening_twice_applies_each_migration_once_and_keeps_the_data()
    {
        var store = await OpenAsync();
        await store.Zones.SaveSetAsync(Set(), cancellationToken: Ct);
        await store.DisposeAsync();

        var again = await OpenAsync();
        Assert.NotNull(await again.Zones.GetSetAsync("tld", cancellationToken: Ct));
        // Derived from the embedded migrations, so adding one does not touch this test.
        var versions = Migrator.Load("sqlite").Select(m => m.Version).ToList();
        Assert.Equal(versions.Count, await Backend.ScalarAsync("SELECT COUNT(*) FROM schema_version"));
        Assert.Equal(versions[^1], await Backend.ScalarAsync("SELECT MAX(version) FROM schema_version"));
        var migrated = Assert.Single(Logs.Entries, l => l.EventId == 7003);
        Assert.Equal($"{store.Description}: applied schema migrations {string.Join(", ", versions)}.", migrated.Message);
    }

    [Fact]
    public async Task Two_stores_opening_a_new_database_at_once_both_succeed()
    {
        await Backend.RequireAsync();
        var both = await Task.WhenAll(StoreFactory.OpenAsync(Backend.Options(), cancellationToken: Ct), StoreFactory.OpenAsync(Backend.Options(), cancellationToken: Ct));
        _opened.AddRange(both);
        Assert.Equal(Migrator.Load("sqlite").Count, await Backend.ScalarAsync("SELECT COUNT(*) FROM schema_version"));
    }

    [Fact]
    public async Task A_database_newer_than_the_code_is_refused_with_a_clear_error()
    {
        var store = await OpenAsync();
        await store.DisposeAsync();
        await Backend.ExecuteAsync("INSERT INTO schema_version (version, name, applied_at) VALUES (999, 'future', 'later')");

        var e = await Assert.ThrowsAsync<StoreException>(() => StoreFactory.OpenAsync(Backend.Options(), cancellationToken: Ct));
        Assert.Contains("schema version 999", e.Message, StringComparison.Ordinal);
        Assert.Contains($"up to {Migrator.Load("sqlite")[^1].Version}", e.Message, StringComparison.Ordinal);
        Assert.Contains(Backend.Name, e.Message, StringComparison.Ordinal);
        Assert.False(e.IsTransient);
    }

    [Fact]
    public async Task Zone_sets_and_zones_round_trip_and_replace()
    {
        var store = await OpenAsync();
        await store.Zones.SaveSetAsync(Set(), cancellationToken: Ct);
        await store.Zones.SaveSetAsync(Set("customers") with { CheckInterval = TimeSpan.FromHours(1) }, cancellationToken: Ct);
        await store.Zones.SaveAsync(Zone("example.test"), cancellationToken: Ct);
        await store.Zones.SaveAsync(Zone("example.test", "customers") with { Tags = ["moved"] }, cancellationToken: Ct);

        Assert.Equivalent(new[] { Set("customers") with { CheckInterval = TimeSpan.FromHours(1) }, Set() }, await store.Zones.ListSetsAsync(cancellationToken: Ct), strict: true);
        Assert.Equivalent(Zone("example.test", "customers") with { Tags = ["moved"] }, await store.Zones.GetAsync("example.test", cancellationToken: Ct), strict: true);
        Assert.Null(await store.Zones.GetAsync("missing.test", cancellationToken: Ct));
        Assert.True(await store.Zones.DeleteAsync("example.test", cancellationToken: Ct));
        Assert.False(await store.Zones.DeleteAsync("example.test", cancellationToken: Ct));
    }

    [Fact]
    public async Task Zones_page_by_name_without_skipping_or_repeating_while_zones_are_added()
    {
        var store = await OpenAsync();
        await store.Zones.SaveSetAsync(Set(), cancellationToken: Ct);
        var names = Enumerable.Range(0, 25).Select(i => $"z{i:00}-zone.test").ToList();
        await Task.WhenAll(names.Select(n => store.Zones.SaveAsync(Zone(n))));

        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await store.Zones.ListAsync(cursor, 10, cancellationToken: Ct);
            seen.AddRange(page.Items.Select(z => z.Name));
            cursor = page.Next;
            pages++;

            // A zone that sorts before the cursor appears on no later page; keyset paging is not thrown off by it.
            await store.Zones.SaveAsync(Zone($"a{pages}-early.test"), cancellationToken: Ct);
        }
        while (cursor is not null);

        Assert.Equal(3, pages);
        Assert.Equal(names, seen);
        var filtered = await store.Zones.ListAsync(null, 100, setName: "tld", cancellationToken: Ct);
        Assert.Equal(28, filtered.Items.Count);
        Assert.Null(filtered.Next);
    }

    [Fact]
    public async Task A_check_run_is_stored_with_its_evidence_and_listed_newest_first()
    {
        var store = await OpenAsync();
        await store.Zones.SaveSetAsync(Set(), cancellationToken: Ct);
        await store.Zones.SaveAsync(Zone("example.test"), cancellationToken: Ct);
        var query = Blob("query");
        var response = Blob("response");
        var older = Run("example.test", T0, query, response);
        var newer = Run("example.test", T0.AddMinutes(15), query);
        await store.CheckRuns.AddAsync(older, [query, response], cancellationToken: Ct);
        await store.CheckRuns.AddAsync(newer, [query], cancellationToken: Ct);
        await store.CheckRuns.AddAsync(newer, [query], cancellationToken: Ct);

        var read = await store.CheckRuns.GetAsync(older.Id, cancellationToken: Ct);
        Assert.NotNull(read);
        Assert.Equal(older.Started, read.Started);
        Assert.Equal(older.Duration, read.Duration);
        Assert.Equal(Severity.Error, read.HighestSeverity);
        Assert.Equal(older.Counts, read.Counts);
        Assert.Equal(older.MessagesJson, read.MessagesJson);
        Assert.Equal([query.Sha256, response.Sha256], read.EvidenceIds);
        Assert.Equal([newer.Id, older.Id], (await store.CheckRuns.LatestAsync("example.test", 10, cancellationToken: Ct)).Select(r => r.Id));

        var blob = await store.Evidence.GetAsync(response.Sha256, cancellationToken: Ct);
        Assert.NotNull(blob);
        Assert.Equal(response.Content.ToArray(), blob.Content.ToArray());
        Assert.Equal("application/dns-message", blob.MediaType);
        Assert.Equal(2, await Backend.ScalarAsync("SELECT COUNT(*) FROM evidence"));
        Assert.Equal(3, await Backend.ScalarAsync("SELECT COUNT(*) FROM check_run_evidence"));
    }

    [Fact]
    public async Task Run_summaries_daily_counts_and_zone_health_are_read_without_messages()
    {
        var store = await OpenAsync();
        await store.Zones.SaveSetAsync(Set(), Ct);
        var t0 = new DateTimeOffset(2026, 11, 20, 23, 30, 0, TimeSpan.Zero);
        foreach (var name in new[] { "a.tld", "b.tld", "c.tld" })
        {
            await store.Zones.SaveAsync(new MonitoredZone(name, "tld", [], t0), Ct);
        }

        await store.CheckRuns.AddAsync(Run("a.tld", t0) with { HighestSeverity = Severity.Critical }, [], Ct);
        await store.CheckRuns.AddAsync(Run("a.tld", t0.AddHours(1)) with { HighestSeverity = Severity.Warning }, [], Ct); // next day, latest of a
        await store.CheckRuns.AddAsync(Run("b.tld", t0.AddMinutes(10)) with { HighestSeverity = Severity.Warning }, [], Ct);
        await store.CheckRuns.AddAsync(Run("b.tld", t0.AddDays(-30)) with { HighestSeverity = Severity.Error }, [], Ct); // outside the range

        var days = await store.CheckRuns.CountByDayAsync(t0.AddDays(-2), t0.AddDays(2), Ct);
        Assert.Equal(
            [(new DateOnly(2026, 11, 20), new SeverityCounts(0, 0, 0, 1, 0, 1)), (new DateOnly(2026, 11, 21), new SeverityCounts(0, 0, 0, 1, 0, 0))],
            days.Select(d => (d.Day, d.Runs)));

        var latest = (await store.CheckRuns.LatestSummariesAsync(["a.tld", "b.tld", "c.tld"], Ct)).OrderBy(r => r.Zone, StringComparer.Ordinal).ToList();
        Assert.Equal(["a.tld", "b.tld"], latest.Select(r => r.Zone));
        Assert.Equal([t0.AddHours(1), t0.AddMinutes(10)], latest.Select(r => r.Started));
        Assert.Equal(Severity.Warning, latest[0].HighestSeverity);
        var history = await store.CheckRuns.SummariesAsync("b.tld", 10, Ct);
        Assert.Equal([t0.AddMinutes(10), t0.AddDays(-30)], history.Select(r => r.Started));
        Assert.Equal(new SeverityCounts(0, 7, 1, 2, 1, 0), history[0].Counts);

        var health = await store.CheckRuns.ZoneHealthAsync(Ct);
        Assert.Equal(3, health.Zones);
        Assert.Equal(1, health.Unchecked);
        Assert.Equal(new SeverityCounts(0, 0, 0, 2, 0, 0), health.ByLatestSeverity);
    }

    [Fact]
    public async Task Evidence_whose_bytes_no_longer_match_their_hash_is_refused()
    {
        var store = await OpenAsync();
        var a = Blob("a");
        var b = Blob("b");
        await store.Evidence.AddAsync(a, Ct);
        await store.Evidence.AddAsync(b, Ct);
        await Backend.ExecuteAsync($"UPDATE evidence SET content = (SELECT e.content FROM evidence e WHERE e.sha256 = '{b.Sha256}') WHERE sha256 = '{a.Sha256}'");

        var e = await Assert.ThrowsAsync<StoreException>(() => store.Evidence.GetAsync(a.Sha256, Ct));

        Assert.Contains($"evidence {a.Sha256} in the database does not match its SHA-256", e.Message, StringComparison.Ordinal);
        Assert.NotNull(await store.Evidence.GetAsync(b.Sha256, Ct));
    }

    [Fact]
    public async Task A_check_run_citing_missing_evidence_is_refused_whole()
    {
        var store = await OpenAsync();
        await store.Zones.SaveSetAsync(Set(), cancellationToken: Ct);
        await store.Zones.SaveAsync(Zone("example.test"), cancellationToken: Ct);
        var given = Blob("given");
        var missing = Blob("never stored");
        var run = Run("example.test", T0, given, missing);

        var e = await Assert.ThrowsAsync<StoreException>(() => store.CheckRuns.AddAsync(run, [given], cancellationToken: Ct));

        Assert.Contains($"store check run {run.Id}", e.Message, StringComparison.Ordinal);
        Assert.Null(await store.CheckRuns.GetAsync(run.Id, cancellationToken: Ct));
        Assert.Null(await store.Evidence.GetAsync(given.Sha256, cancellationToken: Ct));
        Assert.Equal(0, await Backend.ScalarAsync("SELECT COUNT(*) FROM check_run_evidence"));
    }

    [Fact]
    public async Task The_same_evidence_bytes_are_stored_once()
    {
        var store = await OpenAsync();
        await store.Evidence.AddAsync(Blob("same"), cancellationToken: Ct);
        await store.Evidence.AddAsync(Blob("same"), cancellationToken: Ct);
        Assert.Equal(1, await Backend.ScalarAsync("SELECT COUNT(*) FROM evidence"));
        Assert.Null(await store.Evidence.GetAsync(EvidenceBlob.HashOf([1, 2, 3]), cancellationToken: Ct));
    }

    [Fact]
    public async Task Baselines_schedule_and_users_round_trip()
    {
        var store = await OpenAsync();
        await store.Zones.SaveSetAsync(Set(), cancellationToken: Ct);
        await store.Zones.SaveAsync(Zone("a.test"), cancellationToken: Ct);
        await store.Zones.SaveAsync(Zone("b.test"), cancellationToken: Ct);
        var baseline = new ZoneBaseline("a.test", ["ns1.a.test.", "ns2.a.test."], ["a.test. DS 1 13 2 ABCD"], [], ["192.0.2.1"], 4294967295, T0);
        await store.Baselines.SaveAsync(baseline with { SoaSerial = null }, cancellationToken: Ct);
        await store.Baselines.SaveAsync(baseline, cancellationToken: Ct);
        await store.Schedule.SaveAsync(new ScheduleState("a.test", T0.AddMinutes(5), null, 0), cancellationToken: Ct);
        await store.Schedule.SaveAsync(new ScheduleState("b.test", T0.AddMinutes(1), T0, 2), cancellationToken: Ct);
        await store.Users.SaveAsync(new StoreUser("alice", "$argon2id$v=19$x", UserRole.Admin), cancellationToken: Ct);
        await store.Users.SaveAsync(new StoreUser("bob", "$argon2id$v=19$y", UserRole.Viewer), cancellationToken: Ct);
        await store.Users.SaveAsync(new StoreUser("bob", "$argon2id$v=19$z", UserRole.Analyst), cancellationToken: Ct);

        Assert.Equivalent(baseline, await store.Baselines.GetAsync("a.test", cancellationToken: Ct), strict: true);
        Assert.Null(await store.Baselines.GetAsync("b.test", cancellationToken: Ct));
        Assert.Equal(["b.test", "a.test"], (await store.Schedule.DueAsync(T0.AddMinutes(5), 10, cancellationToken: Ct)).Select(s => s.Zone));
        Assert.Equal(["b.test"], (await store.Schedule.DueAsync(T0.AddMinutes(4), 10, cancellationToken: Ct)).Select(s => s.Zone));
        Assert.Equal(new ScheduleState("b.test", T0.AddMinutes(1), T0, 2), await store.Schedule.GetAsync("b.test", cancellationToken: Ct));
        Assert.Equal(new StoreUser("bob", "$argon2id$v=19$z", UserRole.Analyst), await store.Users.GetAsync("bob", cancellationToken: Ct));
        Assert.Equal(["alice", "bob"], (await store.Users.ListAsync(cancellationToken: Ct)).Select(u => u.Name));

        // Deleting a zone takes its baseline and schedule with it.
        await store.Zones.DeleteAsync("a.test", cancellationToken: Ct);
        Assert.Null(await store.Baselines.GetAsync("a.test", cancellationToken: Ct));
        Assert.Null(await store.Schedule.GetAsync("a.test", cancellationToken: Ct));
    }

    [Fact]
    public async Task Observations_round_trip_update_and_are_found_by_fingerprint()
    {
        var store = await OpenAsync();
        var first = Observation(T0.AddMinutes(1));
        await store.Observations.SaveAsync(first, cancellationToken: Ct);
        Assert.Equivalent(first, await store.Observations.GetAsync(first.Id, cancellationToken: Ct), strict: true);
        Assert.Equal(first.Id, (await store.Observations.FindOpenAsync("fp", cancellationToken: Ct))?.Id);

        var resolved = first with { LastSeen = T0.AddMinutes(9), State = ObservationState.Resolved, Tlp = Tlp.AmberStrict, EvidenceIds = [] };
        await store.Observations.SaveAsync(resolved, cancellationToken: Ct);
        Assert.Equivalent(resolved, await store.Observations.GetAsync(first.Id, cancellationToken: Ct), strict: true);
        Assert.Null(await store.Observations.FindOpenAsync("fp", cancellationToken: Ct));
    }

    [Fact]
    public async Task Observations_page_newest_first_by_last_seen_then_id()
    {
        var store = await OpenAsync();

        // Groups of three share a last-seen time, so the id must break ties.
        var all = Enumerable.Range(0, 30)
            .Select(i => Observation(T0.AddSeconds(i / 3), state: i % 4 == 0 ? ObservationState.Resolved : ObservationState.Open))
            .ToList();
        await store.Observations.SaveAllAsync(all, cancellationToken: Ct);
        var expected = all.OrderByDescending(o => o.LastSeen).ThenByDescending(o => o.Id.ToString("D"), StringComparer.Ordinal).Select(o => o.Id).ToList();

        var seen = new List<Guid>();
        ObservationCursor? cursor = null;
        do
        {
            var page = await store.Observations.ListAsync(new ObservationQuery(), cursor, 7, cancellationToken: Ct);
            seen.AddRange(page.Items.Select(o => o.Id));
            cursor = page.Next;
        }
        while (cursor is not null);

        Assert.Equal(expected, seen);
        var open = await store.Observations.ListAsync(new ObservationQuery(State: ObservationState.Open, ThreatTypeId: "infra.lame-delegation", SubjectKind: SubjectKind.Zone, SubjectValue: "example.test"), null, 100, cancellationToken: Ct);
        Assert.Equal(all.Count(o => o.State == ObservationState.Open), open.Items.Count);
        Assert.Empty((await store.Observations.ListAsync(new ObservationQuery(ThreatTypeId: "abuse.phishing"), null, 10, cancellationToken: Ct)).Items);
    }

    [Fact]
    public async Task Saving_many_observations_stores_all_or_none()
    {
        var store = await OpenAsync();
        var good = Observation(T0);
        var bad = Observation(T0) with { Tlp = (Tlp)42 };

        var e = await Assert.ThrowsAsync<StoreException>(() => store.Observations.SaveAllAsync([good, Observation(T0), bad], cancellationToken: Ct));

        Assert.Contains("save 3 observations", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, await Backend.ScalarAsync("SELECT COUNT(*) FROM observations"));
        await store.Observations.SaveAsync(good, cancellationToken: Ct);
        Assert.NotNull(await store.Observations.GetAsync(good.Id, cancellationToken: Ct));
    }

    [Fact]
    public async Task Concurrent_writers_are_batched_and_every_write_is_stored()
    {
        var store = await OpenAsync();
        var observations = Enumerable.Range(0, 1000).Select(i => Observation(T0.AddMilliseconds(i))).ToList();

        await Task.WhenAll(observations.Select(o => Task.Run(() => store.Observations.SaveAsync(o))));

        Assert.Equal(1000, await Backend.ScalarAsync("SELECT COUNT(*) FROM observations"));
        Assert.True(store.Statistics.Batches < store.Statistics.Writes, store.Statistics.ToString());
    }

    [Fact]
    public async Task A_full_queue_makes_writers_wait_and_loses_nothing()
    {
        var store = await OpenAsync(o =>
        {
            o.QueueCapacity = 1;
            o.MaxBatchSize = 4;
        });

        await Task.WhenAll(Enumerable.Range(0, 200).Select(i => store.Observations.SaveAsync(Observation(T0.AddMilliseconds(i)))));

        Assert.Equal(200, await Backend.ScalarAsync("SELECT COUNT(*) FROM observations"));
    }

    [Fact]
    public async Task One_failing_write_in_a_batch_fails_alone_and_the_others_are_stored()
    {
        var store = await OpenAsync();
        await store.Zones.SaveSetAsync(Set(), cancellationToken: Ct);

        var writes = Enumerable.Range(0, 40).Select(i => store.Zones.SaveAsync(Zone($"z{i:00}.test"))).ToList();
        var orphan = store.Zones.SaveAsync(Zone("orphan.test", "no-such-set"), cancellationToken: Ct);
        writes.AddRange(Enumerable.Range(40, 40).Select(i => store.Zones.SaveAsync(Zone($"z{i:00}.test"))));

        var e = await Assert.ThrowsAsync<StoreException>(() => orphan);
        await Task.WhenAll(writes);

        Assert.Contains("save zone orphan.test", e.Message, StringComparison.Ordinal);
        Assert.StartsWith(store.Description, e.Message, StringComparison.Ordinal);
        Assert.False(e.IsTransient);
        Assert.Equal(80, await Backend.ScalarAsync("SELECT COUNT(*) FROM zones"));
        Assert.Equal(1, store.Statistics.FailedWrites);
    }

    [Fact]
    public async Task Disposing_the_store_commits_every_queued_write()
    {
        var store = await OpenAsync();
        var pending = Enumerable.Range(0, 500).Select(i => store.Observations.SaveAsync(Observation(T0.AddMilliseconds(i)))).ToList();

        await store.DisposeAsync();

        await Task.WhenAll(pending);
        Assert.Equal(500, await Backend.ScalarAsync("SELECT COUNT(*) FROM observations"));
        await Assert.ThrowsAsync<StoreException>(() => store.Observations.SaveAsync(Observation(T0), cancellationToken: Ct));
    }

    [Fact]
    public async Task A_locked_database_is_retried_with_back_off_and_then_gives_a_clear_error()
    {
        var store = await OpenAsync();
        var watch = Stopwatch.StartNew();
        StoreException e;
        await using (await Backend.HoldWriteLockAsync("zone_sets"))
        {
            e = await Assert.ThrowsAsync<StoreException>(() => store.Zones.SaveSetAsync(Set(), cancellationToken: Ct));
        }

        Assert.True(e.IsTransient);
        Assert.Equal(3, e.Attempts);
        Assert.Contains("save zone set tld failed after 3 attempts", e.Message, StringComparison.Ordinal);
        Assert.StartsWith(store.Description, e.Message, StringComparison.Ordinal);
        Assert.True(store.Statistics.Retries >= 2, store.Statistics.ToString());
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"took {watch.Elapsed}");
        Assert.Equal(2, Logs.Entries.Count(l => l.EventId == 7001 && l.Level == Microsoft.Extensions.Logging.LogLevel.Warning));
        var failed = Assert.Single(Logs.Entries, l => l.EventId == 7002);
        Assert.StartsWith($"{store.Description}: save zone set tld failed after 3 attempt(s): ", failed.Message, StringComparison.Ordinal);
        Assert.EndsWith(".", failed.Message, StringComparison.Ordinal);

        // The writer goes on once the lock is gone.
        await store.Zones.SaveSetAsync(Set(), cancellationToken: Ct);
        Assert.NotNull(await store.Zones.GetSetAsync("tld", cancellationToken: Ct));
    }

    [Fact]
    public async Task A_lock_released_during_the_retries_lets_the_write_through()
    {
        var store = await OpenAsync(o =>
        {
            o.MaxAttempts = 10;
            o.RetryMaxDelay = TimeSpan.FromMilliseconds(200);
        });
        var holder = await Backend.HoldWriteLockAsync("zone_sets");
        var write = store.Zones.SaveSetAsync(Set(), cancellationToken: Ct);
        await Task.Delay(TimeSpan.FromMilliseconds(1500), TestContext.Current.CancellationToken);
        await holder.DisposeAsync();

        await write;
        Assert.NotNull(await store.Zones.GetSetAsync("tld", cancellationToken: Ct));
        Assert.True(store.Statistics.Retries >= 1, store.Statistics.ToString());
    }

    [Fact]
    public async Task A_process_killed_while_writing_loses_no_acknowledged_run_and_leaves_no_partial_one()
    {
        var store = await OpenAsync();
        await store.Zones.SaveSetAsync(Set(), cancellationToken: Ct);
        await store.Zones.SaveAsync(Zone(CrashChild.Zone), cancellationToken: Ct);
        await store.DisposeAsync();

        var acknowledged = await CrashChildProcess.RunAndKillAsync(Backend.ChildSpec, acknowledgements: 300);

        var reopened = await OpenAsync();
        foreach (var id in acknowledged)
        {
            var run = await reopened.CheckRuns.GetAsync(id, cancellationToken: Ct);
            Assert.True(run is not null, $"acknowledged run {id} is missing after kill -9");
            Assert.Equal(2, run.EvidenceIds.Count);
        }

        var runs = await Backend.ScalarAsync("SELECT COUNT(*) FROM check_runs");
        Assert.True(runs >= acknowledged.Count);
        Assert.Equal(runs * 2, await Backend.ScalarAsync("SELECT COUNT(*) FROM check_run_evidence"));
        Assert.Equal(runs * 2, await Backend.ScalarAsync("SELECT COUNT(*) FROM evidence"));
        await AfterCrashAsync();
    }

    /// <summary>Backend-specific checks after the crash test (SQLite: the file's integrity).</summary>
    protected virtual Task AfterCrashAsync() => Task.CompletedTask;

    protected async Task<DnscertStore> OpenAsync(Action<StoreOptions>? tune = null)
    {
        await Backend.RequireAsync();
        var options = Backend.Options();
        tune?.Invoke(options);
        var store = await StoreFactory.OpenAsync(options, logger: Logs, cancellationToken: Ct);
        _opened.Add(store);
        return store;
    }
}
