using Dnscert.Coordination.Incidents;
using Dnscert.Coordination.Stakeholders;
using Dnscert.Core;
using Dnscert.Core.Store;
using Dnscert.IntegrationTests.Store;
using Dnscert.Store;
using static Dnscert.IntegrationTests.Store.StoreSamples;

namespace Dnscert.IntegrationTests.Coordination;

/// <summary>
/// Incidents, the directory and the TLP filter on a real database, once on SQLite and once on PostgreSQL: every
/// read route of the store (list with each filter, get, observation list, observation get) is tried as each kind of
/// reader, and what TLP forbids must never come back.
/// </summary>
public abstract class CoordinationStoreTests : IAsyncLifetime
{
    private DnscertStore? _store;

    protected CoordinationStoreTests(StoreBackend backend)
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

    [Fact]
    public async Task Incidents_round_trip_with_an_append_only_timeline()
    {
        var store = await OpenAsync();
        var incident = Incident.Open(Guid.CreateVersion7(), "Lame delegation", "infra.lame-delegation", new Subject(SubjectKind.Zone, "example.test"), Severity.Error, Tlp.Amber, "alice", T0);
        incident.SetRecipients(["registry-test"], "alice", T0, "by hand");
        await store.Incidents.SaveAsync(incident.ToStored(), Ct);
        var stale = incident.ToStored();

        incident.Transition(IncidentState.Triaged, "alice", T0.AddMinutes(1));
        incident.Comment("looks real", "bob", T0.AddMinutes(2));
        await store.Incidents.SaveAsync(incident.ToStored(), Ct);

        var read = await store.Incidents.GetAsync(incident.Id, Viewer.System, Ct);
        Assert.Equivalent(incident.ToStored(), read, strict: true);

        // A snapshot read before the last change would drop timeline entries: refused, nothing lost.
        var e = await Assert.ThrowsAsync<StoreException>(() => store.Incidents.SaveAsync(stale with { Title = "overwritten" }, Ct));
        Assert.Contains("changed meanwhile", e.Message, StringComparison.Ordinal);
        Assert.Equal("Lame delegation", (await store.Incidents.GetAsync(incident.Id, Viewer.System, Ct))!.Title);
    }

    [Fact]
    public async Task Users_keep_their_organisation_and_the_directory_round_trips()
    {
        var store = await OpenAsync();
        await store.Users.SaveAsync(new StoreUser("rita", "hash", UserRole.Viewer, "registrar-alpha"), Ct);
        await store.Users.SaveAsync(new StoreUser("sam", "hash", UserRole.Admin), Ct);
        Assert.Equal("registrar-alpha", (await store.Users.GetAsync("rita", Ct))!.Organisation);
        Assert.Null((await store.Users.GetAsync("sam", Ct))!.Organisation);

        await StakeholderDirectory.ImportAsync(store.Stakeholders, StakeholderDirectory.Sample(), Ct);
        var loaded = await StakeholderDirectory.LoadAsync(store.Stakeholders, Ct);
        Assert.Equal(DirectoryJson.Write(StakeholderDirectory.Sample().OrderBy(s => s.Id, StringComparer.Ordinal)), DirectoryJson.Write(loaded));
        Assert.Equal(["registrar-alpha", "registrar-beta"], (await store.Stakeholders.GetAsync("registry-test", Ct))!.AmberConstituents);
        Assert.True(await store.Stakeholders.DeleteAsync("dns-research-lab", Ct));
        Assert.False(await store.Stakeholders.DeleteAsync("dns-research-lab", Ct));
    }

    [Fact]
    public async Task Each_reader_sees_exactly_what_TLP_allows_through_every_store_route()
    {
        var store = await OpenAsync();
        await StakeholderDirectory.ImportAsync(store.Stakeholders, StakeholderDirectory.Sample(), Ct);

        // One incident and one linked observation per marking, all sent to the test registry; RED names carol only.
        var seen = new Dictionary<Tlp, (Guid Incident, Guid Observation)>();
        var at = T0;
        foreach (var tlp in Enum.GetValues<Tlp>())
        {
            at = at.AddMinutes(1);
            var observation = Observation(at, $"fp-{tlp}") with { Id = Guid.CreateVersion7(), Tlp = tlp, Subject = new Subject(SubjectKind.Zone, $"{tlp}.test".ToLowerInvariant()) };
            await store.Observations.SaveAsync(observation, Ct);
            var incident = Incident.Open(Guid.CreateVersion7(), $"incident {tlp}", "infra.lame-delegation", observation.Subject, Severity.Error, tlp, "alice", at);
            incident.SetRecipients(["registry-test"], "alice", at, "test");
            incident.SetNamedPeople(["carol"], "alice", at);
            incident.LinkObservation(observation, "alice", at);
            await store.Incidents.SaveAsync(incident.ToStored(), Ct);
            seen[tlp] = (incident.Id, observation.Id);
        }

        var cases = new (Viewer Viewer, Tlp[] Visible)[]
        {
            (Viewer.Anonymous, [Tlp.Clear]),
            (Viewer.User("outsider", "cert-hexagone-other"), [Tlp.Clear, Tlp.Green]),
            (Viewer.User("bea", "registrar-beta"), [Tlp.Clear, Tlp.Green, Tlp.Amber]), // AMBER constituent of the registry
            (Viewer.User("hugo", "cert-hexagone"), [Tlp.Clear, Tlp.Green]),
            (Viewer.User("reg", "registry-test"), [Tlp.Clear, Tlp.Green, Tlp.Amber, Tlp.AmberStrict]),
            (Viewer.User("staff", null), [Tlp.Clear, Tlp.Green, Tlp.Amber, Tlp.AmberStrict]),
            (Viewer.User("carol", null), [Tlp.Clear, Tlp.Green, Tlp.Amber, Tlp.AmberStrict, Tlp.Red]),
            (Viewer.User("carol", "registrar-alpha"), [Tlp.Clear, Tlp.Green, Tlp.Amber, Tlp.Red]),
            (Viewer.System, Enum.GetValues<Tlp>()),
        };
        foreach (var (viewer, visible) in cases)
        {
            var expectedIncidents = visible.Select(t => seen[t].Incident).Order().ToList();
            var expectedObservations = visible.Select(t => seen[t].Observation).Order().ToList();
            var because = $"{viewer}";

            Assert.True(expectedIncidents.SequenceEqual((await AllIncidentsAsync(store, new IncidentQuery(viewer))).Order()), because);
            Assert.True(expectedIncidents.SequenceEqual((await AllIncidentsAsync(store, new IncidentQuery(viewer, ThreatTypeId: "infra.lame-delegation", State: IncidentState.New))).Order()), because);
            Assert.True(expectedIncidents.SequenceEqual((await AllIncidentsAsync(store, new IncidentQuery(viewer, Recipient: "registry-test"))).Order()), because);
            Assert.True(expectedObservations.SequenceEqual((await AllObservationsAsync(store, new ObservationQuery(Viewer: viewer))).Order()), because);
            foreach (var tlp in Enum.GetValues<Tlp>())
            {
                var allowed = visible.Contains(tlp);
                Assert.True(allowed == (await store.Incidents.GetAsync(seen[tlp].Incident, viewer, Ct) is not null), $"{because} incident {tlp}");
                Assert.True(allowed == (await store.Observations.GetVisibleAsync(seen[tlp].Observation, viewer, Ct) is not null), $"{because} observation {tlp}");
                var bySubject = await store.Observations.ListAsync(new ObservationQuery(SubjectValue: $"{tlp}.test".ToLowerInvariant(), Viewer: viewer), null, 10, Ct);
                Assert.True(allowed == (bySubject.Items.Count == 1), $"{because} observation by subject {tlp}");
                var incidentBySubject = await store.Incidents.ListAsync(new IncidentQuery(viewer, SubjectValue: $"{tlp}.test".ToLowerInvariant()), null, 10, Ct);
                Assert.True(allowed == (incidentBySubject.Items.Count == 1), $"{because} incident by subject {tlp}");
            }
        }
    }

    [Fact]
    public async Task An_amber_observation_on_no_incident_stays_with_the_instance_team()
    {
        var store = await OpenAsync();
        var observation = Observation(T0) with { Tlp = Tlp.Amber };
        await store.Observations.SaveAsync(observation, Ct);
        Assert.NotNull(await store.Observations.GetVisibleAsync(observation.Id, Viewer.User("staff", null), Ct));
        Assert.Null(await store.Observations.GetVisibleAsync(observation.Id, Viewer.User("reg", "registry-test"), Ct));
        Assert.Null(await store.Observations.GetVisibleAsync(observation.Id, Viewer.Anonymous, Ct));
    }

    [Fact]
    public async Task Incident_lists_page_by_keyset_without_gaps_or_repeats()
    {
        var store = await OpenAsync();
        var ids = new List<Guid>();
        for (var i = 0; i < 23; i++)
        {
            var incident = Incident.Open(Guid.CreateVersion7(), $"incident {i}", "infra.lame-delegation", new Subject(SubjectKind.Zone, "example.test"), Severity.Error, Tlp.Green, "alice", T0.AddSeconds(i % 5));
            await store.Incidents.SaveAsync(incident.ToStored(), Ct);
            ids.Add(incident.Id);
        }

        var got = await AllIncidentsAsync(store, new IncidentQuery(Viewer.User("x", null)), pageSize: 4);
        Assert.Equal(ids.Order(), got.Order());
        Assert.Equal(23, got.Distinct().Count());
    }

    [Fact]
    public async Task The_correlator_opens_one_routed_incident_per_subject_and_groups_repeats()
    {
        var store = await OpenAsync();
        await StakeholderDirectory.ImportAsync(store.Stakeholders, StakeholderDirectory.Sample(), Ct);
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(T0);
        var correlator = new IncidentCorrelator(store, [IncidentPolicy.Default], time);
        var first = Observation(T0) with { Severity = Severity.Error, Subject = new Subject(SubjectKind.Zone, "lame-delegation.test") };
        var minor = Observation(T0, "fp2") with { Id = Guid.CreateVersion7(), Severity = Severity.Notice };
        await store.Observations.SaveAllAsync([first, minor], Ct);

        var opened = Assert.Single(await correlator.ProcessAsync([first, minor], Ct));
        Assert.Equal(["registry-test"], opened.Recipients);
        Assert.Contains(opened.Timeline, e => e.Text.Contains("registry-test: TLD registry for .test by suffix", StringComparison.Ordinal));

        time.Advance(TimeSpan.FromHours(2));
        var again = first with { Id = Guid.CreateVersion7(), Severity = Severity.Critical };
        var joined = Assert.Single(await correlator.ProcessAsync([again], Ct));
        Assert.Equal(opened.Id, joined.Id);
        var stored = await store.Incidents.GetAsync(opened.Id, Viewer.System, Ct);
        Assert.Equal([first.Id, again.Id], stored!.ObservationIds);
        Assert.Equal(Severity.Critical, stored.Severity);

        time.Advance(TimeSpan.FromDays(2));
        var late = first with { Id = Guid.CreateVersion7() };
        Assert.NotEqual(opened.Id, Assert.Single(await correlator.ProcessAsync([late], Ct)).Id);
    }

    private static async Task<List<Guid>> AllIncidentsAsync(DnscertStore store, IncidentQuery query, int pageSize = 2)
    {
        var ids = new List<Guid>();
        IncidentCursor? cursor = null;
        do
        {
            var page = await store.Incidents.ListAsync(query, cursor, pageSize, Ct);
            ids.AddRange(page.Items.Select(i => i.Id));
            cursor = page.Next;
        }
        while (cursor is not null);
        return ids;
    }

    private static async Task<List<Guid>> AllObservationsAsync(DnscertStore store, ObservationQuery query)
    {
        var ids = new List<Guid>();
        ObservationCursor? cursor = null;
        do
        {
            var page = await store.Observations.ListAsync(query, cursor, 2, Ct);
            ids.AddRange(page.Items.Select(i => i.Id));
            cursor = page.Next;
        }
        while (cursor is not null);
        return ids;
    }

    private async Task<DnscertStore> OpenAsync()
    {
        await Backend.RequireAsync();
        _store = await StoreFactory.OpenAsync(Backend.Options(), cancellationToken: Ct);
        return _store;
    }
}
