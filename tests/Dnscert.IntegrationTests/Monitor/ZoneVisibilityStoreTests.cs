using Dnscert.Core;
using Dnscert.Core.Store;
using Dnscert.IntegrationTests.Store;
using Dnscert.Store;
using static Dnscert.IntegrationTests.Store.StoreSamples;

namespace Dnscert.IntegrationTests.Monitor;

/// <summary>
/// Zones, their check runs, baselines and evidence under the zone's TLP, and the store-side severity filters, on a
/// real database (SQLite and PostgreSQL): every read route is tried as each kind of reader, and what the zone's
/// marking forbids must never come back.
/// </summary>
public abstract class ZoneVisibilityStoreTests : IAsyncLifetime
{
    private DnscertStore? _store;

    protected ZoneVisibilityStoreTests(StoreBackend backend)
    {
        Backend = backend;
    }

    protected StoreBackend Backend { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }

        await Backend.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    public static TheoryData<string, string?, Tlp[]> Readers() => new()
    {
        { "anonymous", null, [Tlp.Clear] },
        { "rita", "registrar-alpha", [Tlp.Clear, Tlp.Green] },
        { "staff", null, [Tlp.Clear, Tlp.Green, Tlp.Amber, Tlp.AmberStrict] },
    };

    [Theory]
    [MemberData(nameof(Readers))]
    public async Task Each_reader_sees_only_the_zones_runs_baselines_and_evidence_their_TLP_allows(string user, string? organisation, Tlp[] visible)
    {
        var store = await OpenAsync();
        var viewer = user == "anonymous" ? Viewer.Anonymous : Viewer.User(user, organisation);
        var shared = Blob("answer cited by every zone");
        var marked = new Dictionary<Tlp, (string Zone, StoredCheckRun Run, EvidenceBlob Own)>();
        await store.Zones.SaveSetAsync(Set(), Ct);
        foreach (var tlp in Enum.GetValues<Tlp>())
        {
            var zone = $"zone-{(int)tlp}.test";
            await store.Zones.SaveAsync(Zone(zone) with { Tlp = tlp }, Ct);
            var own = Blob($"answer only {zone} cites");
            var run = Run(zone, T0.AddMinutes((int)tlp), own, shared) with { HighestSeverity = Severity.Error };
            await store.CheckRuns.AddAsync(run, [own, shared], Ct);
            await store.Baselines.SaveAsync(new ZoneBaseline(zone, [$"ns1.{zone}"], [], [], ["192.0.2.1"], 1, T0), Ct);
            marked[tlp] = (zone, run, own);
        }

        // A blob that only a RED zone's run cites stays hidden even from the team; one cited by an observation the
        // reader may see is visible through it.
        var viaObservation = Blob("answer cited by a CLEAR observation only");
        await store.Evidence.AddAsync(viaObservation, Ct);
        await store.Observations.SaveAsync(Observation(T0) with { Tlp = Tlp.Clear, EvidenceIds = [viaObservation.Sha256] }, Ct);

        var listed = new List<string>();
        string? after = null;
        do
        {
            var page = await store.Zones.ListAsync(new ZoneQuery(viewer), after, 2, Ct);
            listed.AddRange(page.Items.Select(z => z.Name));
            after = page.Next;
        }
        while (after is not null);
        Assert.Equal(visible.Select(t => marked[t].Zone).Order(StringComparer.Ordinal), listed);

        var health = await store.CheckRuns.ZoneHealthAsync(viewer, Ct);
        Assert.Equal(visible.Length, health.Zones);
        Assert.Equal(visible.Length, health.ByLatestSeverity[Severity.Error]);
        var perDay = await store.CheckRuns.CountByDayAsync(T0.AddDays(-1), T0.AddDays(1), viewer, Ct);
        Assert.Equal(visible.Length, perDay.Sum(d => d.Runs.Total));
        var latest = await store.CheckRuns.LatestSummariesAsync([.. marked.Values.Select(m => m.Zone)], viewer, Ct);
        Assert.Equal(visible.Select(t => marked[t].Run.Id).Order(), latest.Select(r => r.Id).Order());

        foreach (var (tlp, m) in marked)
        {
            var allowed = visible.Contains(tlp);
            var because = $"{viewer} on a TLP {tlp} zone";
            Assert.True(allowed == (await store.Zones.GetVisibleAsync(m.Zone, viewer, Ct) is not null), because);
            Assert.True(allowed == (await store.CheckRuns.GetVisibleAsync(m.Run.Id, viewer, Ct) is not null), because);
            Assert.True(allowed == ((await store.CheckRuns.SummariesAsync(m.Zone, 10, viewer, Ct)).Count == 1), because);
            Assert.True(allowed == (await store.Baselines.GetVisibleAsync(m.Zone, viewer, Ct) is not null), because);
            Assert.True(allowed == (await store.Evidence.GetVisibleAsync(m.Own.Sha256, viewer, Ct) is not null), because);
            Assert.True(allowed == ((await store.Zones.ListAsync(new ZoneQuery(viewer, NameContains: m.Zone), null, 10, Ct)).Items.Count == 1), because);
        }

        Assert.Equal(visible.Length > 0, await store.Evidence.GetVisibleAsync(shared.Sha256, viewer, Ct) is not null);
        Assert.NotNull(await store.Evidence.GetVisibleAsync(viaObservation.Sha256, viewer, Ct));
        Assert.Null(await store.Evidence.GetVisibleAsync(Blob("never stored").Sha256, Viewer.System, Ct));
    }

    [Fact]
    public async Task A_red_zone_is_seen_by_the_instance_itself_only()
    {
        var store = await OpenAsync();
        await store.Zones.SaveSetAsync(Set(), Ct);
        await store.Zones.SaveAsync(Zone("red.test") with { Tlp = Tlp.Red }, Ct);
        var run = Run("red.test", T0);
        await store.CheckRuns.AddAsync(run, [], Ct);
        Assert.NotNull(await store.Zones.GetVisibleAsync("red.test", Viewer.System, Ct));
        Assert.NotNull(await store.CheckRuns.GetVisibleAsync(run.Id, Viewer.System, Ct));
        foreach (var viewer in new[] { Viewer.User("admin", null), Viewer.User("reg", "registry-test"), Viewer.Anonymous })
        {
            Assert.Null(await store.Zones.GetVisibleAsync("red.test", viewer, Ct));
            Assert.Null(await store.CheckRuns.GetVisibleAsync(run.Id, viewer, Ct));
            Assert.Equal(0, (await store.CheckRuns.ZoneHealthAsync(viewer, Ct)).Zones);
        }

        // Marking it down makes it visible to the team at once, with its runs.
        Assert.True(await store.Zones.SetTlpAsync("red.test", Tlp.Amber, Ct));
        Assert.False(await store.Zones.SetTlpAsync("missing.test", Tlp.Amber, Ct));
        Assert.NotNull(await store.CheckRuns.GetVisibleAsync(run.Id, Viewer.User("admin", null), Ct));
    }

    [Fact]
    public async Task Zones_filter_by_the_severity_of_their_latest_run_in_SQL_and_page_without_gaps()
    {
        var store = await OpenAsync();
        await store.Zones.SaveSetAsync(Set(), Ct);
        await store.Zones.SaveSetAsync(Set("other"), Ct);
        var expected = new Dictionary<Severity, List<string>>();
        for (var i = 0; i < 60; i++)
        {
            var zone = $"z{i:000}.test";
            await store.Zones.SaveAsync(Zone(zone, i % 7 == 0 ? "other" : "tld"), Ct);
            if (i % 5 == 4)
            {
                continue; // never checked: matches no severity
            }

            // An older run with another severity comes after the newer one: the newer one stays the latest.
            var severity = (Severity)(i % 6);
            await store.CheckRuns.AddAsync(Run(zone, T0.AddMinutes(10)) with { HighestSeverity = severity }, [], Ct);
            await store.CheckRuns.AddAsync(Run(zone, T0) with { HighestSeverity = (Severity)((i + 1) % 6) }, [], Ct);
            expected.TryAdd(severity, []);
            expected[severity].Add(zone);
        }

        var staff = Viewer.User("staff", null);
        foreach (var (severity, zones) in expected)
        {
            var got = new List<string>();
            string? after = null;
            do
            {
                var page = await store.Zones.ListAsync(new ZoneQuery(staff, LatestSeverity: severity), after, 3, Ct);
                Assert.True(page.Items.Count == 3 || page.Next is null, "a filtered page is full unless it is the last");
                got.AddRange(page.Items.Select(z => z.Name));
                after = page.Next;
            }
            while (after is not null);
            Assert.Equal(zones, got);

            var inSet = (await store.Zones.ListAsync(new ZoneQuery(staff, NameContains: "z0", SetName: "tld", LatestSeverity: severity), null, 100, Ct)).Items.Select(z => z.Name);
            Assert.Equal(zones.Where(z => z.StartsWith("z0", StringComparison.Ordinal) && int.Parse(z[1..4], System.Globalization.CultureInfo.InvariantCulture) % 7 != 0), inSet);
        }

        var health = await store.CheckRuns.ZoneHealthAsync(staff, Ct);
        Assert.Equal(60, health.Zones);
        Assert.Equal(12, health.Unchecked);
        foreach (var (severity, zones) in expected)
        {
            Assert.Equal(zones.Count, health.ByLatestSeverity[severity]);
        }

        // LIKE wildcards in a search are matched literally.
        Assert.Empty((await store.Zones.ListAsync(new ZoneQuery(staff, NameContains: "z_0"), null, 100, Ct)).Items);
        Assert.Equal(60, (await store.Zones.ListAsync(new ZoneQuery(staff, NameContains: ".test"), null, 100, Ct)).Items.Count);
        Assert.Empty((await store.Zones.ListAsync(new ZoneQuery(staff, NameContains: "%"), null, 100, Ct)).Items);
    }

    [Fact]
    public async Task Observations_filter_and_count_by_severity_in_SQL_under_the_readers_TLP()
    {
        var store = await OpenAsync();
        var all = new List<Observation>();
        for (var i = 0; i < 40; i++)
        {
            var o = Observation(T0.AddSeconds(i), $"fp{i}") with
            {
                Id = Guid.CreateVersion7(),
                Severity = (Severity)(i % 6),
                Tlp = i % 3 == 0 ? Tlp.Green : Tlp.Amber,
                State = i % 4 == 0 ? ObservationState.Resolved : ObservationState.Open,
            };
            all.Add(o);
        }

        await store.Observations.SaveAllAsync(all, Ct);
        foreach (var viewer in new[] { Viewer.User("staff", null), Viewer.User("rita", "registrar-alpha") })
        {
            var mayRead = all.Where(o => viewer.Organisation is null || o.Tlp == Tlp.Green).ToList();
            var counts = await store.Observations.CountBySeverityAsync(new ObservationQuery(State: ObservationState.Open, Viewer: viewer), Ct);
            foreach (var severity in Enum.GetValues<Severity>())
            {
                var expected = mayRead.Where(o => o.Severity == severity && o.State == ObservationState.Open).OrderByDescending(o => o.LastSeen).ThenByDescending(o => o.Id).Select(o => o.Id).ToList();
                Assert.Equal(expected.Count, counts[severity]);
                var got = new List<Guid>();
                ObservationCursor? cursor = null;
                do
                {
                    var page = await store.Observations.ListAsync(new ObservationQuery(State: ObservationState.Open, Viewer: viewer, Severity: severity), cursor, 2, Ct);
                    Assert.True(page.Items.Count == 2 || page.Next is null, "a filtered page is full unless it is the last");
                    got.AddRange(page.Items.Select(o => o.Id));
                    cursor = page.Next;
                }
                while (cursor is not null);
                Assert.Equal(expected, got);
            }
        }
    }

    private async Task<DnscertStore> OpenAsync()
    {
        await Backend.RequireAsync();
        _store = await StoreFactory.OpenAsync(Backend.Options(), cancellationToken: Ct);
        return _store;
    }
}
