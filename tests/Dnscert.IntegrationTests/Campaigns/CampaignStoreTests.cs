using Dnscert.Core.Store;
using Dnscert.Exchange.Campaigns;
using Dnscert.IntegrationTests.Store;
using Dnscert.Store;
using Microsoft.Extensions.Time.Testing;
using static Dnscert.IntegrationTests.Store.StoreSamples;

namespace Dnscert.IntegrationTests.Campaigns;

/// <summary>
/// Campaigns on a real database, once on SQLite and once on PostgreSQL: round trip with every party's share and the
/// append-only events, a stale save refused, and every read route (get, list, timings) tried as each kind of reader
/// for each TLP: what TLP forbids never comes back.
/// </summary>
public abstract class CampaignStoreTests : IAsyncLifetime
{
    private static readonly SuffixRegistryMap s_registries = new(new Dictionary<string, string> { ["test"] = "registry-test", ["co.test"] = "registry-cotest" });
    private DnscertStore? _store;

    protected CampaignStoreTests(StoreBackend backend)
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

    private static StoredCampaign Sent(string name, Tlp tlp, DateTimeOffset at, string createdBy = "carol")
    {
        var plan = Campaign.Plan(name, [$"{name}-a.test", $"{name}-b.co.test", $"{name}-c.co.test", "nowhere.zz", "bad..x", $"{name}-a.test"], s_registries, new FakeTimeProvider(at));
        var c = CampaignLedger.Create(plan, tlp, createdBy, at.AddDays(2), at.AddDays(7));
        c = CampaignLedger.MarkNotified(c, "registry-test", at.AddMinutes(1), "system:campaigns");
        return CampaignLedger.MarkNotified(c, "registry-cotest", at.AddMinutes(1), "system:campaigns");
    }

    [Fact]
    public async Task A_campaign_round_trips_with_its_shares_and_append_only_events()
    {
        var store = await OpenAsync();
        var c = Sent("dga", Tlp.Amber, T0);
        await store.Campaigns.SaveAsync(c, Ct);
        var stale = c;
        c = CampaignLedger.Acknowledge(c, "registry-cotest", T0.AddHours(3), "ack:registry-cotest", "through the link").Campaign;
        c = CampaignLedger.MarkReminded(c, "registry-test", T0.AddDays(3), "system:campaigns");
        await store.Campaigns.SaveAsync(c, Ct);

        var read = await store.Campaigns.GetAsync(c.Id, Viewer.System, Ct);
        Assert.Equivalent(c, read, strict: true);
        Assert.Equal(["dga-b.co.test", "dga-c.co.test"], read!.Parties.Single(p => p.StakeholderId == "registry-cotest").Domains);

        // A snapshot read before the acknowledgement would undo it: refused, nothing lost.
        var e = await Assert.ThrowsAsync<StoreException>(() => store.Campaigns.SaveAsync(CampaignLedger.MarkReminded(stale, "registry-cotest", T0.AddDays(3), "x"), Ct));
        Assert.Contains("changed meanwhile", e.Message, StringComparison.Ordinal);
        Assert.Equal(CampaignPartyState.Acknowledged, (await store.Campaigns.GetAsync(c.Id, Viewer.System, Ct))!.Parties.Single(p => p.StakeholderId == "registry-cotest").State);

        // Lists carry parties without their domains, and saving again keeps the stored domains.
        var listed = Assert.Single((await store.Campaigns.ListAsync(Viewer.System, null, 10, Ct)).Items);
        Assert.All(listed.Parties, p => Assert.Empty(p.Domains));
        Assert.Equal([1, 2], listed.Parties.Select(p => p.DomainCount).Order());
        Assert.Equal([c.Id], await store.Campaigns.ListOpenAsync(Ct));
        c = CampaignLedger.Complete(c, "registry-test", T0.AddDays(4), "bob", "by phone").Campaign;
        c = CampaignLedger.Complete(c, "registry-cotest", T0.AddDays(5), "bob", "by phone").Campaign;
        await store.Campaigns.SaveAsync(c, Ct);
        Assert.Empty(await store.Campaigns.ListOpenAsync(Ct));
        Assert.Equal(["dga-a.test"], (await store.Campaigns.GetAsync(c.Id, Viewer.System, Ct))!.Parties.Single(p => p.StakeholderId == "registry-test").Domains);

        var timings = await store.Campaigns.TimingsAsync(Viewer.System, Ct);
        Assert.Equal([(T0.AddHours(3), T0.AddDays(5)), (T0.AddDays(4), T0.AddDays(4))], timings.OrderBy(t => t.StakeholderId, StringComparer.Ordinal).Select(t => (t.AcknowledgedAt!.Value, t.CompletedAt!.Value)));
    }

    [Fact]
    public async Task Every_read_route_returns_only_what_TLP_allows()
    {
        var store = await OpenAsync();
        await CampaignDirectory.ImportAsync(store.Stakeholders, Ct);
        var ids = new Dictionary<Tlp, Guid>();
        var at = T0;
        foreach (var tlp in Enum.GetValues<Tlp>())
        {
            at = at.AddMinutes(1);
            var c = Sent($"c-{tlp.ToString().ToLowerInvariant()}", tlp, at);
            await store.Campaigns.SaveAsync(c, Ct);
            ids[tlp] = c.Id;
        }

        var cases = new (Viewer Viewer, Tlp[] Visible)[]
        {
            (Viewer.Anonymous, [Tlp.Clear]),
            (Viewer.User("hugo", "cert-hexagone"), [Tlp.Clear, Tlp.Green]),
            (Viewer.User("bea", "registrar-beta"), [Tlp.Clear, Tlp.Green, Tlp.Amber]), // AMBER constituent of registry-test
            (Viewer.User("reg", "registry-test"), [Tlp.Clear, Tlp.Green, Tlp.Amber, Tlp.AmberStrict]),
            (Viewer.User("co", "registry-cotest"), [Tlp.Clear, Tlp.Green, Tlp.Amber, Tlp.AmberStrict]),
            (Viewer.User("staff", null), [Tlp.Clear, Tlp.Green, Tlp.Amber, Tlp.AmberStrict]),
            (Viewer.User("carol", null), Enum.GetValues<Tlp>()),
            (Viewer.System, Enum.GetValues<Tlp>()),
        };
        foreach (var (viewer, visible) in cases)
        {
            var expected = visible.Select(t => ids[t]).Order().ToList();
            var listed = new List<Guid>();
            CampaignCursor? cursor = null;
            do
            {
                var page = await store.Campaigns.ListAsync(viewer, cursor, 2, Ct);
                listed.AddRange(page.Items.Select(c => c.Id));
                cursor = page.Next;
            }
            while (cursor is not null);

            Assert.Equal(expected, listed.Order().ToList());
            foreach (var (tlp, id) in ids)
            {
                Assert.Equal(visible.Contains(tlp), await store.Campaigns.GetAsync(id, viewer, Ct) is not null);
            }

            Assert.Equal(expected, (await store.Campaigns.TimingsAsync(viewer, Ct)).Select(t => t.CampaignId).Distinct().Order().ToList());
        }
    }

    private async Task<DnscertStore> OpenAsync()
    {
        await Backend.RequireAsync();
        _store = await StoreFactory.OpenAsync(Backend.Options(), cancellationToken: Ct);
        return _store;
    }
}
