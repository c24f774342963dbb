using Dnscert.Checks.Engine;
using Dnscert.Checks.Monitor;
using Dnscert.Core.Store;
using Dnscert.IntegrationTests.Infrastructure;
using Dnscert.Store;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dnscert.IntegrationTests.Monitor;

/// <summary>The monitor against the real lab and a real SQLite store: runs stored, observations opened and resolved, hijacks seen.</summary>
public sealed class ZoneMonitorTests(LabFixture lab) : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dnscert-monitor-").FullName;
    private DnscertStore? _store;

    private DnscertStore Store => _store!;

    public async ValueTask InitializeAsync() => _store = await OpenStoreAsync();

    public async ValueTask DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }

        Directory.Delete(_dir, recursive: true);
    }

    private Task<DnscertStore> OpenStoreAsync() => StoreFactory.OpenAsync(new StoreOptions { DataDirectory = _dir }, cancellationToken: TestContext.Current.CancellationToken);

    private ZoneMonitor NewMonitor(IDnscertStore store, MonitorOptions? options = null) =>
        new(store, TimeProvider.System, options ?? new MonitorOptions(), new CheckOptions { UseIPv6 = false }, RootHints.Load(lab.HintsFile), CheckProfile.Load(lab.CheckProfileFile), NullLogger.Instance);

    private async Task<List<Observation>> OpenObservationsAsync(string zone) =>
        [.. (await Store.Observations.ListAsync(new ObservationQuery(ObservationState.Open, null, SubjectKind.Zone, zone), null, 100, TestContext.Current.CancellationToken)).Items];

    [Fact]
    public async Task A_fault_becomes_an_open_observation_with_evidence_and_a_healthy_zone_gets_none()
    {
        lab.RequireUp();
        var ct = TestContext.Current.CancellationToken;
        using var monitor = NewMonitor(Store);
        Assert.Equal(2, await monitor.AddZonesAsync("lab", ["lame-delegation.test", "Healthy-Signed-ECDSA.test."], ct));
        var lame = await monitor.CheckNowAsync("lame-delegation.test", ct);
        var healthy = await monitor.CheckNowAsync("healthy-signed-ecdsa.test", ct);

        Assert.Equal(Dnscert.Core.Severity.Error, lame.HighestSeverity);
        Assert.Contains("IS_NOT_AUTHORITATIVE", lame.MessagesJson, StringComparison.Ordinal);
        var observations = await OpenObservationsAsync("lame-delegation.test");
        var notAuthoritative = Assert.Single(observations, o => o.Fingerprint.EndsWith("|IS_NOT_AUTHORITATIVE", StringComparison.Ordinal));
        Assert.Equal("infra.lame-delegation", notAuthoritative.ThreatTypeId);
        Assert.NotEmpty(notAuthoritative.EvidenceIds);
        Assert.NotNull(await Store.Evidence.GetAsync(notAuthoritative.EvidenceIds[0], ct));
        Assert.True(healthy.HighestSeverity < Dnscert.Core.Severity.Error, healthy.MessagesJson);
        Assert.DoesNotContain(await OpenObservationsAsync("healthy-signed-ecdsa.test"), o => o.Severity >= Dnscert.Core.Severity.Error);
        Assert.NotNull(await Store.Baselines.GetAsync("healthy-signed-ecdsa.test", ct));
    }

    [Fact]
    public async Task The_observations_of_a_run_carry_the_TLP_of_their_zone_and_follow_when_it_is_marked_again()
    {
        lab.RequireUp();
        var ct = TestContext.Current.CancellationToken;
        using var monitor = NewMonitor(Store);
        Assert.Equal(1, await monitor.AddZonesAsync("lab", ["lame-delegation.test"], Tlp.Green, ct));
        Assert.Equal(Tlp.Green, (await Store.Zones.GetAsync("lame-delegation.test", ct))!.Tlp);
        await monitor.CheckNowAsync("lame-delegation.test", ct);
        var opened = await OpenObservationsAsync("lame-delegation.test");
        Assert.NotEmpty(opened);
        Assert.All(opened, o => Assert.Equal(Tlp.Green, o.Tlp));

        // Marked RED: the next run re-marks what is still open, and a reader of another organisation loses it all.
        Assert.True(await Store.Zones.SetTlpAsync("lame-delegation.test", Tlp.Red, ct));
        var run = await monitor.CheckNowAsync("lame-delegation.test", ct);
        Assert.All(await OpenObservationsAsync("lame-delegation.test"), o => Assert.Equal(Tlp.Red, o.Tlp));
        var outsider = Viewer.User("rita", "registrar-alpha");
        Assert.Null(await Store.CheckRuns.GetVisibleAsync(run.Id, outsider, ct));
        Assert.Empty((await Store.Observations.ListAsync(new ObservationQuery(SubjectValue: "lame-delegation.test", Viewer: outsider), null, 100, ct)).Items);
        Assert.NotNull(await Store.CheckRuns.GetVisibleAsync(run.Id, Viewer.System, ct));
    }

    [Fact]
    public async Task A_changed_NS_set_raises_a_critical_delegation_changed_observation_until_the_baseline_is_confirmed()
    {
        lab.RequireUp();
        var ct = TestContext.Current.CancellationToken;
        using var monitor = NewMonitor(Store);
        await monitor.AddZonesAsync("lab", ["switchable.test"], ct);
        await monitor.CheckNowAsync("switchable.test", ct);
        var before = await Store.Baselines.GetAsync("switchable.test", ct);
        Assert.NotNull(before);
        Assert.DoesNotContain(await OpenObservationsAsync("switchable.test"), o => o.ThreatTypeId == "infra.delegation-changed");
        try
        {
            var switched = await lab.Lab("switch", "switchable", "hijacked-ns");
            Assert.True(switched.ExitCode == 0, switched.ToString());
            await monitor.CheckNowAsync("switchable.test", ct);
            var changed = Assert.Single(await OpenObservationsAsync("switchable.test"), o => o.ThreatTypeId == "infra.delegation-changed");
            Assert.Equal(Dnscert.Core.Severity.Critical, changed.Severity);
            Assert.Contains("NS set changed", changed.Summary, StringComparison.Ordinal);
            Assert.Contains("evil", changed.Summary, StringComparison.Ordinal);
            Assert.NotEmpty(changed.EvidenceIds);

            await monitor.ConfirmBaselineAsync("switchable.test", ct);
            Assert.DoesNotContain(await OpenObservationsAsync("switchable.test"), o => o.ThreatTypeId == "infra.delegation-changed");
            var confirmed = await Store.Baselines.GetAsync("switchable.test", ct);
            Assert.Contains(confirmed!.NameServers, n => n.Contains("evil", StringComparison.Ordinal));
        }
        finally
        {
            var back = await lab.Lab("switch", "switchable", "default");
            Assert.True(back.ExitCode == 0, back.ToString());
        }
    }

    [Fact]
    public async Task A_server_that_stays_behind_on_one_serial_becomes_a_stale_secondary_observation_with_its_SOA_answer()
    {
        lab.RequireUp();
        var ct = TestContext.Current.CancellationToken;
        using var monitor = NewMonitor(Store, new MonitorOptions { StaleSerialAfter = TimeSpan.FromSeconds(1) });
        await monitor.AddZonesAsync("lab", ["soa-serial-differs.test"], ct);
        var first = await monitor.CheckNowAsync("soa-serial-differs.test", ct);
        Assert.Contains("\"soa_serial\":", first.MessagesJson, StringComparison.Ordinal);
        Assert.DoesNotContain(await OpenObservationsAsync("soa-serial-differs.test"), o => o.Fingerprint.StartsWith("serial-stale|", StringComparison.Ordinal));

        await Task.Delay(TimeSpan.FromSeconds(1.2), ct);
        await monitor.CheckNowAsync("soa-serial-differs.test", ct);
        var stale = Assert.Single(await OpenObservationsAsync("soa-serial-differs.test"), o => o.Fingerprint.StartsWith("serial-stale|", StringComparison.Ordinal));
        Assert.Equal(Dnscert.Core.Severity.Error, stale.Severity);
        Assert.Contains("Stale secondary", stale.Summary, StringComparison.Ordinal);
        var blob = await Store.Evidence.GetAsync(Assert.Single(stale.EvidenceIds), ct);
        Assert.NotNull(blob);
    }

    [Fact]
    public async Task A_new_problem_opens_on_its_second_run_and_resolves_after_two_runs_without_it_across_a_restart()
    {
        lab.RequireUp();
        var ct = TestContext.Current.CancellationToken;
        const string Zone = "switchable.test";
        StoredCheckRun healthy;
        using (var monitor = NewMonitor(Store))
        {
            await monitor.AddZonesAsync("lab", [Zone], ct);
            healthy = await monitor.CheckNowAsync(Zone, ct);
        }

        HashSet<string> fresh;
        try
        {
            var switched = await lab.Lab("switch", "switchable", "hijacked-ns");
            Assert.True(switched.ExitCode == 0, switched.ToString());

            // A new monitor (a restart) has no memory of the healthy run: it reads that run's problem tags back from
            // the store, so the problems that appeared now are seen once and not opened yet.
            using (var monitor = NewMonitor(Store))
            {
                var first = await monitor.CheckNowAsync(Zone, ct);
                fresh = [.. ProblemTags(first.MessagesJson).Except(ProblemTags(healthy.MessagesJson))];
                Assert.NotEmpty(fresh);
                Assert.DoesNotContain(await OpenObservationsAsync(Zone), o => fresh.Contains(TagOf(o.Fingerprint)));
            }

            // Restarted again: the second run that shows them opens them.
            using var restarted = NewMonitor(Store);
            await restarted.CheckNowAsync(Zone, ct);
            var open = await OpenObservationsAsync(Zone);
            Assert.All(fresh, tag => Assert.Contains(open, o => o.Fingerprint == ObservationBuilder.CheckFingerprint(Zone, tag)));

            var back = await lab.Lab("switch", "switchable", "default");
            Assert.True(back.ExitCode == 0, back.ToString());

            // This monitor remembers its own last run: one run without the problems keeps them open, the second resolves them.
            await restarted.CheckNowAsync(Zone, ct);
            open = await OpenObservationsAsync(Zone);
            Assert.All(fresh, tag => Assert.Contains(open, o => o.Fingerprint == ObservationBuilder.CheckFingerprint(Zone, tag)));
            await restarted.CheckNowAsync(Zone, ct);
            Assert.DoesNotContain(await OpenObservationsAsync(Zone), o => fresh.Contains(TagOf(o.Fingerprint)));
        }
        finally
        {
            var back = await lab.Lab("switch", "switchable", "default");
            Assert.True(back.ExitCode == 0, back.ToString());
        }
    }

    /// <summary>The tags with a threat type at WARNING or above in a stored run: those that open observations.</summary>
    private static HashSet<string> ProblemTags(string messagesJson)
    {
        using var document = System.Text.Json.JsonDocument.Parse(messagesJson);
        return [.. document.RootElement.GetProperty("messages").EnumerateArray()
            .Where(m => m.GetProperty("severity").GetString() is "WARNING" or "ERROR" or "CRITICAL" && m.GetProperty("threat_type").GetString() is not null)
            .Select(m => m.GetProperty("tag").GetString()!)];
    }

    private static string TagOf(string fingerprint) => fingerprint[(fingerprint.LastIndexOf('|') + 1)..];

    [Fact]
    public async Task The_schedule_is_kept_in_the_store_so_a_new_monitor_resumes_it_instead_of_starting_over()
    {
        lab.RequireUp();
        var ct = TestContext.Current.CancellationToken;
        var options = new MonitorOptions { PollInterval = TimeSpan.FromMilliseconds(100), DefaultInterval = TimeSpan.FromHours(1) };
        using (var monitor = NewMonitor(Store, options))
        {
            await monitor.AddZonesAsync("lab", ["healthy-signed-ecdsa.test", "soa-serial-differs.test"], ct);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var loop = monitor.RunAsync(stop.Token);
            var deadline = DateTime.UtcNow.AddSeconds(20);
            // Until both runs are done, schedule included: a run's row is written before its schedule, and stopping in
            // between (the monitor then does not save the schedule) is not what this test is about.
            while ((await Store.Schedule.GetAsync("soa-serial-differs.test", ct))?.LastRun is null || (await Store.Schedule.GetAsync("healthy-signed-ecdsa.test", ct))?.LastRun is null)
            {
                Assert.True(DateTime.UtcNow < deadline, "the monitor did not check both zones within 20 s");
                await Task.Delay(100, ct);
            }

            await stop.CancelAsync();
            await loop;
        }

        await Store.DisposeAsync();
        _store = await OpenStoreAsync();
        var healthy = await Store.Schedule.GetAsync("healthy-signed-ecdsa.test", ct);
        var problem = await Store.Schedule.GetAsync("soa-serial-differs.test", ct);
        Assert.NotNull(healthy?.LastRun);
        Assert.True(healthy.NextDue > DateTimeOffset.UtcNow.AddMinutes(50), $"healthy zone next due {healthy.NextDue}");
        Assert.True(problem!.NextDue < healthy.NextDue, "a zone with problems is checked more often");
        Assert.Empty(await Store.Schedule.DueAsync(DateTimeOffset.UtcNow, 10, ct));
        var runs = (await Store.CheckRuns.LatestAsync("healthy-signed-ecdsa.test", 10, ct)).Count;

        using var restarted = NewMonitor(Store, options);
        using var again = CancellationTokenSource.CreateLinkedTokenSource(ct);
        again.CancelAfter(TimeSpan.FromSeconds(1));
        await restarted.RunAsync(again.Token);
        Assert.Equal(runs, (await Store.CheckRuns.LatestAsync("healthy-signed-ecdsa.test", 10, ct)).Count);
    }
}
