using Dnscert.Coordination.Stakeholders;
using Dnscert.Core;
using Dnscert.Core.Store;
using Dnscert.IntegrationTests.Store;
using Dnscert.Store;
using static Dnscert.IntegrationTests.Store.StoreSamples;

namespace Dnscert.IntegrationTests.Traffic;

/// <summary>
/// Stored traffic statistics on a real database, once on SQLite and once on PostgreSQL: round trip, a live session
/// saved again, the bound on detections, retention, and the TLP filter for every kind of reader.
/// </summary>
public abstract class TrafficStoreTests : IAsyncLifetime
{
    private DnscertStore? _store;

    protected TrafficStoreTests(StoreBackend backend)
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
    public async Task A_capture_reads_back_as_saved_and_a_live_session_saved_again_updates_it()
    {
        var store = await OpenAsync();
        var capture = Capture(Tlp.Amber, "live.dnstap", messages: 300);
        var buckets = new[] { Bucket(T0, 100), Bucket(T0.AddMinutes(1), 200) };
        await store.Traffic.SaveAsync(capture, buckets, [Detection(T0, "query-flood")], Ct);

        var read = await store.Traffic.GetAsync(capture.Id, Viewer.System, Ct);
        Assert.NotNull(read);
        Assert.Equivalent(capture, read.Capture, strict: true);
        Assert.Equivalent(buckets, read.Buckets, strict: true);
        Assert.Equal("query-flood", Assert.Single(read.Detections).DetectorId);

        // The session goes on: the last bucket grows, a new one starts, a second detection is appended.
        var later = capture with { Last = T0.AddMinutes(3), Summary = capture.Summary with { Messages = 450 } };
        await store.Traffic.SaveAsync(later, [Bucket(T0.AddMinutes(1), 250), Bucket(T0.AddMinutes(2), 100)], [Detection(T0.AddMinutes(2), "dga")], Ct);
        read = await store.Traffic.GetAsync(capture.Id, Viewer.System, Ct);
        Assert.NotNull(read);
        Assert.Equal(450, read.Capture.Summary.Messages);
        Assert.Equal([100L, 250L, 100L], read.Buckets.Select(b => b.Queries));
        Assert.Equal(["query-flood", "dga"], read.Detections.Select(d => d.DetectorId));
        Assert.Single(await store.Traffic.ListAsync(Viewer.System, 10, Ct));
    }

    [Fact]
    public async Task Detections_stop_at_the_bound_and_too_many_buckets_are_refused()
    {
        var store = await OpenAsync();
        var capture = Capture(Tlp.Amber, "flood.pcap", messages: 1);
        var many = Enumerable.Range(0, ITrafficRepository.MaxDetectionsPerCapture + 5).Select(i => Detection(T0.AddSeconds(i), "query-flood")).ToList();
        await store.Traffic.SaveAsync(capture, [], many, Ct);
        await store.Traffic.SaveAsync(capture, [], [Detection(T0, "dga")], Ct);
        Assert.Equal(ITrafficRepository.MaxDetectionsPerCapture, (await store.Traffic.GetAsync(capture.Id, Viewer.System, Ct))!.Detections.Count);

        var buckets = Enumerable.Range(0, ITrafficRepository.MaxBucketsPerCapture + 1).Select(i => Bucket(T0.AddMinutes(i), 1)).ToList();
        await Assert.ThrowsAsync<ArgumentException>(() => store.Traffic.SaveAsync(capture, buckets, [], Ct));
    }

    [Fact]
    public async Task Retention_deletes_old_captures_with_their_buckets_and_detections()
    {
        var store = await OpenAsync();
        var old = Capture(Tlp.Amber, "old.pcap", messages: 1, storedAt: T0.AddDays(-100));
        var recent = Capture(Tlp.Amber, "recent.pcap", messages: 1, storedAt: T0.AddDays(-1));
        await store.Traffic.SaveAsync(old, [Bucket(T0, 1)], [Detection(T0, "dga")], Ct);
        await store.Traffic.SaveAsync(recent, [Bucket(T0, 1)], [], Ct);

        Assert.Equal(1, await store.Traffic.DeleteStoredBeforeAsync(T0.AddDays(-90), Ct));
        Assert.Equal(["recent.pcap"], (await store.Traffic.ListAsync(Viewer.System, 10, Ct)).Select(c => c.Source));
        Assert.Null(await store.Traffic.GetAsync(old.Id, Viewer.System, Ct));
        Assert.Equal(1, await Backend.ScalarAsync("SELECT COUNT(*) FROM traffic_buckets"));
        Assert.Equal(0, await Backend.ScalarAsync("SELECT COUNT(*) FROM traffic_detections"));
    }

    [Fact]
    public async Task Each_reader_sees_only_the_captures_its_TLP_allows()
    {
        var store = await OpenAsync();
        var captures = Enum.GetValues<Tlp>().Select((tlp, i) => Capture(tlp, $"{tlp}.pcap", messages: 1, storedAt: T0.AddMinutes(i))).ToList();
        foreach (var capture in captures)
        {
            await store.Traffic.SaveAsync(capture, [], [], Ct);
        }

        var readers = new (Viewer Viewer, Tlp[] Sees)[]
        {
            (Viewer.Anonymous, [Tlp.Clear]),
            (Viewer.User("partner", "registrar-alpha"), [Tlp.Clear, Tlp.Green]),
            (Viewer.User("analyst", null), [Tlp.Clear, Tlp.Green, Tlp.Amber, Tlp.AmberStrict]),
            (Viewer.System, Enum.GetValues<Tlp>()),
        };
        foreach (var (viewer, sees) in readers)
        {
            var listed = await store.Traffic.ListAsync(viewer, 100, Ct);
            Assert.Equal(sees.Order(), listed.Select(c => c.Tlp).Order());
            foreach (var capture in captures)
            {
                var read = await store.Traffic.GetAsync(capture.Id, viewer, Ct);
                Assert.True(sees.Contains(capture.Tlp) == (read is not null), $"{viewer} reading {capture.Tlp}");
            }
        }
    }

    [Fact]
    public async Task Shared_captures_reach_their_recipients_and_RED_reaches_only_the_people_named()
    {
        var store = await OpenAsync();
        await StakeholderDirectory.ImportAsync(store.Stakeholders, StakeholderDirectory.Sample(), Ct);
        // registry-test is the recipient; the directory lists registrar-alpha and registrar-beta as its AMBER constituents.
        var strict = Capture(Tlp.AmberStrict, "strict.dnstap", messages: 1) with { Recipients = ["registry-test"] };
        var amber = Capture(Tlp.Amber, "amber.dnstap", messages: 1, storedAt: T0.AddMinutes(1)) with { Recipients = ["registry-test"] };
        var red = Capture(Tlp.Red, "red.dnstap", messages: 1, storedAt: T0.AddMinutes(2)) with { People = ["carol"] };
        var unshared = Capture(Tlp.Amber, "unshared.dnstap", messages: 1, storedAt: T0.AddMinutes(3));
        foreach (var capture in new[] { strict, amber, red, unshared })
        {
            await store.Traffic.SaveAsync(capture, [], [], Ct);
        }

        var cases = new (Viewer Viewer, string[] Sees)[]
        {
            (Viewer.Anonymous, []),
            (Viewer.User("reg", "registry-test"), ["amber.dnstap", "strict.dnstap"]),
            (Viewer.User("bea", "registrar-beta"), ["amber.dnstap"]), // an AMBER constituent, not a recipient: no AMBER+STRICT
            (Viewer.User("hugo", "cert-hexagone"), []), // another organisation
            (Viewer.User("carol", "cert-hexagone"), ["red.dnstap"]), // named on the RED capture, whatever her organisation
            (Viewer.User("staff", null), ["amber.dnstap", "strict.dnstap", "unshared.dnstap"]), // the team: not RED unless named
            (Viewer.User("carol", null), ["amber.dnstap", "red.dnstap", "strict.dnstap", "unshared.dnstap"]),
            (Viewer.System, ["amber.dnstap", "red.dnstap", "strict.dnstap", "unshared.dnstap"]),
        };
        foreach (var (viewer, sees) in cases)
        {
            var listed = await store.Traffic.ListAsync(viewer, 100, Ct);
            Assert.True(sees.SequenceEqual(listed.Select(c => c.Source).Order(StringComparer.Ordinal)), $"{viewer} lists {string.Join(", ", listed.Select(c => c.Source))}");
            foreach (var capture in new[] { strict, amber, red, unshared })
            {
                var read = await store.Traffic.GetAsync(capture.Id, viewer, Ct);
                Assert.True(sees.Contains(capture.Source) == (read is not null), $"{viewer} reading {capture.Source}");
            }
        }

        var shared = await store.Traffic.GetAsync(strict.Id, Viewer.System, Ct);
        Assert.Equal(["registry-test"], shared!.Capture.Recipients);
        Assert.Equal(["carol"], (await store.Traffic.GetAsync(red.Id, Viewer.System, Ct))!.Capture.People);

        // A live session saves again: sharing is rewritten, not appended.
        await store.Traffic.SaveAsync(strict with { Recipients = ["cert-hexagone"] }, [], [], Ct);
        Assert.Null(await store.Traffic.GetAsync(strict.Id, Viewer.User("reg", "registry-test"), Ct));
        Assert.NotNull(await store.Traffic.GetAsync(strict.Id, Viewer.User("hugo", "cert-hexagone"), Ct));
    }

    private static TrafficCapture Capture(Tlp tlp, string source, long messages, DateTimeOffset? storedAt = null) => new(
        Guid.CreateVersion7(),
        source,
        tlp,
        storedAt ?? T0,
        T0,
        T0.AddMinutes(2),
        TimeSpan.FromMinutes(1),
        new TrafficSummary(
            messages,
            messages / 2,
            messages / 2,
            3,
            2,
            new TrafficEstimate(42, 0.00812),
            new TrafficEstimate(77, 0.00812),
            [new TrafficCount(1, "A", 100), new TrafficCount(28, "AAAA", 50)],
            [new TrafficCount(0, "NOERROR", 120), new TrafficCount(3, "NXDOMAIN", 30)],
            new TrafficTopList(0, [new TrafficTopEntry("www.example.test.", 10, 0)]),
            new TrafficTopList(2, [new TrafficTopEntry("192.0.2.0/24", 9, 2)]),
            1));

    private static TrafficBucket Bucket(DateTimeOffset start, long queries) =>
        new(start, queries * 2, queries, queries, 0, 5, 7, [new TrafficCount(1, "A", queries)], [new TrafficCount(0, "NOERROR", queries)]);

    private static TrafficDetectionEntry Detection(DateTimeOffset start, string detector) =>
        new(detector, "attack.query-flood", Severity.Warning, "zone example.test", start, start.AddSeconds(10), "a flood");

    private async Task<DnscertStore> OpenAsync()
    {
        await Backend.RequireAsync();
        _store = await StoreFactory.OpenAsync(Backend.Options(), cancellationToken: Ct);
        return _store;
    }
}
