using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dnscert.Core.Store;
using Dnscert.Exchange.Campaigns;
using Dnscert.Exchange.Notifications;
using Dnscert.IntegrationTests.Web;
using Dnscert.Web;
using Dnscert.Web.Auth;
using Microsoft.Extensions.DependencyInjection;

namespace Dnscert.IntegrationTests.Campaigns;

/// <summary>
/// Campaigns through HTTP on the real app (Kestrel on 127.72.0.2, real SQLite): readers of the wrong organisation try
/// every campaign page and API route for each TLP and find nothing, not even a name; an analyst creates a campaign
/// with the form, and a party acknowledges and completes through the links of the message it was sent.
/// </summary>
public sealed partial class CampaignWebTests : IAsyncLifetime
{
    private static readonly byte[] s_key = [.. Enumerable.Range(7, 32).Select(i => (byte)i)];
    private readonly Dictionary<Tlp, (Guid Id, string Name)> _marked = [];
    private WebTestServer _server = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var options = new DnscertWebOptions { AcknowledgementKey = Convert.ToBase64String(s_key), OverviewCacheLifetime = TimeSpan.Zero };
        options.Campaigns.PublicUrl = "http://127.72.0.2";
        _server = await WebTestServer.StartAsync(options: options, url: "http://127.72.0.2:0");
        var store = _server.Store;
        await CampaignDirectory.ImportAsync(store.Stakeholders, Ct);
        foreach (var (name, role, org) in new[] { ("reg", UserRole.Viewer, "registry-test"), ("bea", UserRole.Viewer, "registrar-beta"), ("hugo", UserRole.Analyst, "cert-hexagone"), ("carol", UserRole.Analyst, (string?)null) })
        {
            await store.Users.SaveAsync(new StoreUser(name, PasswordHasher.Hash(WebTestServer.Password, 1000), role, org), Ct);
        }

        var registries = new SuffixRegistryMap(new Dictionary<string, string> { ["test"] = "registry-test", ["co.test"] = CampaignDirectory.FrenchRegistry });
        foreach (var tlp in new[] { Tlp.Green, Tlp.Amber, Tlp.AmberStrict, Tlp.Red })
        {
            var name = $"campaign-{tlp}-name";
            var plan = Campaign.Plan(name, [$"{tlp}-a.test".ToLowerInvariant(), $"{tlp}-b.co.test".ToLowerInvariant()], registries, TimeProvider.System);
            var c = CampaignLedger.Create(plan, tlp, "carol", plan.Created.AddDays(2), plan.Created.AddDays(7));
            c = CampaignLedger.MarkNotified(c, "registry-test", plan.Created, "system:campaigns");
            c = CampaignLedger.MarkNotified(c, CampaignDirectory.FrenchRegistry, plan.Created, "system:campaigns");
            await store.Campaigns.SaveAsync(c, Ct);
            _marked[tlp] = (c.Id, name);
        }
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("hugo", new[] { Tlp.Green })]
    [InlineData("bea", new[] { Tlp.Green, Tlp.Amber })]
    [InlineData("reg", new[] { Tlp.Green, Tlp.Amber, Tlp.AmberStrict })]
    [InlineData("admin", new[] { Tlp.Green, Tlp.Amber, Tlp.AmberStrict })]
    [InlineData("carol", new[] { Tlp.Green, Tlp.Amber, Tlp.AmberStrict, Tlp.Red })]
    public async Task Every_campaign_page_shows_only_what_TLP_allows(string user, Tlp[] visible)
    {
        using var client = await _server.SignInAsync(user);
        var list = await client.GetStringAsync("/campaigns", Ct);
        foreach (var (tlp, m) in _marked)
        {
            var allowed = visible.Contains(tlp);
            Assert.Equal(allowed, list.Contains(m.Name, StringComparison.Ordinal));
            using var detail = await client.GetAsync($"/campaigns/{m.Id}", Ct);
            Assert.Equal(allowed ? HttpStatusCode.OK : HttpStatusCode.NotFound, detail.StatusCode);
            var body = await detail.Content.ReadAsStringAsync(Ct);
            Assert.Equal(allowed, body.Contains(m.Name, StringComparison.Ordinal));
            Assert.Equal(allowed, body.Contains($"{tlp}-b.co.test".ToLowerInvariant(), StringComparison.Ordinal));
        }

        // The timings count one share per visible campaign and party, nothing of the hidden ones.
        Assert.Matches($"<td><a href=\"/stakeholders/registry-test\">registry-test</a></td><td>{visible.Length}</td>", list);
    }

    [Theory]
    [InlineData(null, new[] { Tlp.Green, Tlp.Amber, Tlp.AmberStrict })]
    [InlineData("cert-hexagone", new[] { Tlp.Green })]
    [InlineData("registrar-beta", new[] { Tlp.Green, Tlp.Amber })]
    [InlineData(CampaignDirectory.FrenchRegistry, new[] { Tlp.Green, Tlp.Amber, Tlp.AmberStrict })]
    public async Task Every_campaign_API_route_answers_only_what_TLP_allows(string? organisation, Tlp[] visible)
    {
        var token = (await new UserAdmin(_server.Store).CreateTokenAsync(UserRole.Analyst, organisation, Ct)).Token;
        using var api = _server.ApiClient(token);
        var list = await api.GetFromJsonAsync<JsonElement>("/api/v1/campaigns?limit=500", Ct);
        var listed = list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToHashSet();
        var timings = await api.GetFromJsonAsync<JsonElement>("/api/v1/campaigns/timings", Ct);
        Assert.All(timings.EnumerateArray(), t => Assert.Equal(visible.Length, t.GetProperty("notified").GetInt32()));
        foreach (var (tlp, m) in _marked)
        {
            var allowed = visible.Contains(tlp);
            Assert.Equal(allowed, listed.Contains(m.Id));
            using var one = await api.GetAsync($"/api/v1/campaigns/{m.Id}", Ct);
            Assert.Equal(allowed ? HttpStatusCode.OK : HttpStatusCode.NotFound, one.StatusCode);
            Assert.Equal(allowed, (await one.Content.ReadAsStringAsync(Ct)).Contains(m.Name, StringComparison.Ordinal));

            // Acting on a hidden campaign is refused like an unknown one, and changes nothing.
            using var remind = await api.PostAsync($"/api/v1/campaigns/{m.Id}/reminders", null, Ct);
            Assert.Equal(allowed ? HttpStatusCode.OK : HttpStatusCode.NotFound, remind.StatusCode);
            using var ack = await api.PostAsJsonAsync($"/api/v1/campaigns/{m.Id}/acknowledgements", new { stakeholder_id = "registry-test", note = "probe" }, Ct);
            Assert.Equal(allowed ? HttpStatusCode.OK : HttpStatusCode.NotFound, ack.StatusCode);
        }

        var red = await _server.Store.Campaigns.GetAsync(_marked[Tlp.Red].Id, Viewer.System, Ct);
        Assert.DoesNotContain(red!.Events, e => e.Text.Contains("probe", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_analyst_creates_a_campaign_by_form_and_a_party_acknowledges_then_completes_through_its_links()
    {
        using var analyst = await _server.SignInAsync("analyst");
        using var created = await WebTestServer.PostFormAsync(analyst, "/campaigns/new", "/campaigns/new", new()
        {
            ["name"] = "DGA family X by form",
            ["domains"] = CampaignDirectory.Domains("f-"),
            ["tlp"] = nameof(Tlp.Amber),
            ["due"] = "3d",
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var progress = await analyst.GetStringAsync(created.Headers.Location!.OriginalString, Ct);
        var page = created.Headers.Location!.OriginalString.Split('?')[0];
        Assert.Contains("Campaign created and sent.", progress, StringComparison.Ordinal);
        Assert.Contains("0 of 2 parties completed, 0 acknowledged, 2 notified, 0 pending", progress, StringComparison.Ordinal);
        Assert.Contains("6: 3 sent to 2 registries, 1 without a registry, 1 rejected, 1 duplicate(s)", progress, StringComparison.Ordinal);

        var outbox = (InMemoryOutboxRepository)_server.Services.GetRequiredService<IOutboxRepository>();
        var message = outbox.All().Single(m => m.Subject.Contains("DGA family X by form", StringComparison.Ordinal) && m.StakeholderId == CampaignDirectory.FrenchRegistry);
        Assert.Equal("fr", message.Language);
        var links = Link().Matches(message.Body).Select(x => x.Groups[1].Value).ToList();
        Assert.Equal(2, links.Count);
        var (ackLink, completeLink) = (links[0], links[1]);

        using var party = _server.Client();
        var confirm = await party.GetStringAsync(ackLink, Ct);
        Assert.Contains("Acknowledge receipt", confirm, StringComparison.Ordinal);
        Assert.Contains("1 name(s)", confirm, StringComparison.Ordinal);
        Assert.DoesNotContain("f-qzkx1.test", confirm, StringComparison.Ordinal); // another party's share

        // Without the page's anti-forgery token nothing is recorded.
        using var forged = await party.PostAsync(ackLink, new FormUrlEncodedContent([]), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Contains("0 acknowledged", await analyst.GetStringAsync(page, Ct), StringComparison.Ordinal);

        using var acked = await WebTestServer.PostFormAsync(party, ackLink, ackLink, []);
        Assert.Equal(HttpStatusCode.OK, acked.StatusCode);
        Assert.Contains("Thank you: the acknowledgement of registry-cotest is recorded", await acked.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Contains("0 of 2 parties completed, 1 acknowledged, 1 notified", await analyst.GetStringAsync(page, Ct), StringComparison.Ordinal);
        using var again = await WebTestServer.PostFormAsync(party, ackLink, ackLink, []);
        Assert.Contains("was already recorded", await again.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        using var done = await WebTestServer.PostFormAsync(party, completeLink, completeLink, []);
        Assert.Contains("the completion of registry-cotest is recorded", await done.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        progress = await analyst.GetStringAsync(page, Ct);
        Assert.Contains("1 of 2 parties completed, 0 acknowledged, 1 notified", progress, StringComparison.Ordinal);
        Assert.Contains("acknowledged: acknowledged by registry-cotest through the campaign link", progress, StringComparison.Ordinal);

        // A campaign link is no incident link, and the reverse; an altered link is refused.
        using var asIncident = await party.GetAsync(ackLink.Replace("/ack/campaign/", "/ack/", StringComparison.Ordinal), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, asIncident.StatusCode);
        var incidentLink = "/ack/campaign/" + new AcknowledgementToken(s_key, TimeProvider.System).Create(message.CampaignId!.Value, CampaignDirectory.FrenchRegistry, TimeSpan.FromDays(1));
        Assert.Contains("an incident link, not a campaign link", await (await party.GetAsync(incidentLink, Ct)).Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        using var altered = await party.GetAsync(ackLink[..^3] + (ackLink[^3] == 'A' ? "B" : "A") + ackLink[^2..], Ct);
        Assert.Equal(HttpStatusCode.BadRequest, altered.StatusCode);

        // An analyst records the other party by hand, and the list shows the campaign done.
        using var byHand = await WebTestServer.PostFormAsync(analyst, page, page + "/party", new() { ["party"] = "registry-test", ["action"] = "complete" });
        Assert.Equal(HttpStatusCode.Redirect, byHand.StatusCode);
        Assert.Contains("2 of 2 parties completed", await analyst.GetStringAsync(page, Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_create_form_refuses_bad_input_and_is_only_for_analysts()
    {
        using var analyst = await _server.SignInAsync("analyst");
        using var nothing = await WebTestServer.PostFormAsync(analyst, "/campaigns/new", "/campaigns/new", new() { ["name"] = "nowhere", ["domains"] = "a.zz\nb.zz", ["tlp"] = "Amber", ["due"] = "7d" });
        Assert.Equal(HttpStatusCode.BadRequest, nothing.StatusCode);
        Assert.Contains("none of the 2 name(s) has a TLD registry", await nothing.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        using var badDue = await WebTestServer.PostFormAsync(analyst, "/campaigns/new", "/campaigns/new", new() { ["name"] = "x", ["domains"] = "a.test", ["tlp"] = "Amber", ["due"] = "soon" });
        Assert.Contains("&#39;soon&#39; is not a due time", await badDue.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        using var longLine = await WebTestServer.PostFormAsync(analyst, "/campaigns/new", "/campaigns/new", new() { ["name"] = "x", ["domains"] = new string('a', 2000), ["tlp"] = "Amber" });
        Assert.Contains("the form line 1: a line of 2000 characters", await longLine.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        using var viewer = await _server.SignInAsync("viewer");
        using var refused = await viewer.GetAsync("/campaigns/new", Ct);
        Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
        using var anonymous = _server.Client();
        using var noLogin = await anonymous.GetAsync("/campaigns", Ct);
        Assert.Equal(HttpStatusCode.Redirect, noLogin.StatusCode);
    }

    [Fact]
    public async Task The_API_creates_a_campaign_for_analysts_and_refuses_bad_input_with_problem_details()
    {
        using var analyst = _server.ApiClient(await _server.TokenAsync(UserRole.Analyst));
        using var created = await analyst.PostAsJsonAsync("/api/v1/campaigns", new { name = "By API", domains = new[] { "api1.test", "api2.co.test", "api1.test", "nowhere.zz" }, tlp = "amber-strict", due = "36h" }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("amber-strict", body.GetProperty("tlp").GetString());
        Assert.Equal(["registry-cotest:notified:1", "registry-test:notified:1"], body.GetProperty("parties").EnumerateArray().Select(p => $"{p.GetProperty("stakeholder_id").GetString()}:{p.GetProperty("state").GetString()}:{p.GetProperty("domain_count").GetInt32()}"));
        Assert.Equal(["nowhere.zz"], body.GetProperty("unrouted").EnumerateArray().Select(x => x.GetString()));
        Assert.Equal(TimeSpan.FromHours(36), body.GetProperty("complete_by").GetDateTimeOffset() - body.GetProperty("created_at").GetDateTimeOffset());
        Assert.Equal($"/api/v1/campaigns/{body.GetProperty("id").GetGuid()}", created.Headers.Location!.OriginalString);

        using var badDue = await analyst.PostAsJsonAsync("/api/v1/campaigns", new { name = "x", domains = new[] { "a.test" }, due = "0d" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, badDue.StatusCode);
        Assert.Equal("application/problem+json", badDue.Content.Headers.ContentType?.MediaType);
        using var tooMany = await analyst.PostAsJsonAsync("/api/v1/campaigns", new { name = "x", domains = Enumerable.Range(0, Campaign.MaxDomains + 1).Select(i => $"d{i}.test") }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        using var never = await analyst.PostAsJsonAsync($"/api/v1/campaigns/{body.GetProperty("id").GetGuid()}/completions", new { stakeholder_id = "registry-nobody" }, Ct);
        Assert.Equal(HttpStatusCode.Conflict, never.StatusCode);

        using var viewer = _server.ApiClient(await _server.TokenAsync(UserRole.Viewer));
        using var refused = await viewer.PostAsJsonAsync("/api/v1/campaigns", new { name = "x", domains = new[] { "a.test" } }, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task The_OpenAPI_document_lists_the_campaign_routes_and_none_of_the_link_pages()
    {
        using var client = _server.Client();
        var doc = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json", Ct);
        var paths = doc.GetProperty("paths").EnumerateObject().ToDictionary(p => p.Name, p => p.Value);
        foreach (var path in new[] { "/api/v1/campaigns", "/api/v1/campaigns/{id}", "/api/v1/campaigns/timings", "/api/v1/campaigns/{id}/acknowledgements", "/api/v1/campaigns/{id}/completions", "/api/v1/campaigns/{id}/reminders" })
        {
            Assert.True(paths.ContainsKey(path), path);
            Assert.All(paths[path].EnumerateObject(), op => Assert.Equal("Campaigns", op.Value.GetProperty("tags")[0].GetString()));
        }

        Assert.DoesNotContain(paths.Keys, p => p.StartsWith("/ack", StringComparison.Ordinal) || p.StartsWith("/campaigns", StringComparison.Ordinal));
    }

    [GeneratedRegex(@"http://127\.72\.0\.2(/ack/campaign/[A-Za-z0-9_\-.]+)")]
    private static partial Regex Link();
}
