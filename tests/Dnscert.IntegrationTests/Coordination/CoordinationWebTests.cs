using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dnscert.Coordination.Incidents;
using Dnscert.Coordination.Stakeholders;
using Dnscert.Core;
using Dnscert.Core.Store;
using Dnscert.IntegrationTests.Web;
using Dnscert.Web.Auth;

namespace Dnscert.IntegrationTests.Coordination;

/// <summary>
/// Incidents, stakeholders and the TLP filter through HTTP on the real app (Kestrel on 127.63.0.1, real SQLite):
/// readers of the wrong organisation try every page and API route for AMBER, AMBER+STRICT and RED incidents and
/// observations and must find nothing, not even a title.
/// </summary>
public sealed class CoordinationWebTests : IAsyncLifetime
{
    private WebTestServer _server = null!;
    private readonly Dictionary<Tlp, (Guid Incident, Guid Observation, string Title, string Summary, string Zone)> _marked = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = await WebTestServer.StartAsync(url: "http://127.63.0.1:0");
        var store = _server.Store;
        await StakeholderDirectory.ImportAsync(store.Stakeholders, StakeholderDirectory.Sample(), Ct);
        foreach (var (name, role, org) in new[] { ("reg", UserRole.Viewer, "registry-test"), ("bea", UserRole.Viewer, "registrar-beta"), ("hugo", UserRole.Analyst, "cert-hexagone"), ("carol", UserRole.Analyst, (string?)null) })
        {
            await store.Users.SaveAsync(new StoreUser(name, PasswordHasher.Hash(WebTestServer.Password, 1000), role, org), Ct);
        }

        var now = DateTimeOffset.UtcNow.AddMinutes(-10);
        foreach (var tlp in new[] { Tlp.Green, Tlp.Amber, Tlp.AmberStrict, Tlp.Red })
        {
            now = now.AddSeconds(1);
            var zone = $"secret-{tlp.ToString().ToLowerInvariant()}.test";
            var summary = $"observation-{tlp}-summary";
            var observation = new Observation(Guid.CreateVersion7(), new Subject(SubjectKind.Zone, zone), "infra.lame-delegation", Severity.Error, tlp, now, now, ObservationState.Open, $"fp-{tlp}", [], summary);
            await store.Observations.SaveAsync(observation, Ct);
            var title = $"incident-{tlp}-title";
            var incident = Incident.Open(Guid.CreateVersion7(), title, "infra.lame-delegation", observation.Subject, Severity.Error, tlp, "carol", now);
            incident.SetRecipients(["registry-test"], "carol", now, "test");
            incident.SetNamedPeople(["carol"], "carol", now);
            incident.LinkObservation(observation, "carol", now);
            await store.Incidents.SaveAsync(incident.ToStored(), Ct);
            _marked[tlp] = (incident.Id, observation.Id, title, summary, zone);
        }
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("hugo", new[] { Tlp.Green })]
    [InlineData("bea", new[] { Tlp.Green, Tlp.Amber })]
    [InlineData("reg", new[] { Tlp.Green, Tlp.Amber, Tlp.AmberStrict })]
    [InlineData("admin", new[] { Tlp.Green, Tlp.Amber, Tlp.AmberStrict })]
    [InlineData("carol", new[] { Tlp.Green, Tlp.Amber, Tlp.AmberStrict, Tlp.Red })]
    public async Task Every_page_shows_only_what_TLP_allows(string user, Tlp[] visible)
    {
        using var client = await _server.SignInAsync(user);
        var incidents = await client.GetStringAsync("/incidents", Ct);
        var observations = await client.GetStringAsync("/observations", Ct);
        foreach (var (tlp, m) in _marked)
        {
            var allowed = visible.Contains(tlp);
            Assert.Equal(allowed, incidents.Contains(m.Title, StringComparison.Ordinal));
            Assert.Equal(allowed, observations.Contains(m.Summary, StringComparison.Ordinal));
            Assert.Equal(allowed, (await client.GetStringAsync($"/incidents?subject={m.Zone}", Ct)).Contains(m.Title, StringComparison.Ordinal));
            using var detail = await client.GetAsync($"/incidents/{m.Incident}", Ct);
            Assert.Equal(allowed ? HttpStatusCode.OK : HttpStatusCode.NotFound, detail.StatusCode);
            var body = await detail.Content.ReadAsStringAsync(Ct);
            Assert.Equal(allowed, body.Contains(m.Title, StringComparison.Ordinal));
            Assert.Equal(allowed, body.Contains(m.Summary, StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData(null, new[] { Tlp.Green, Tlp.Amber, Tlp.AmberStrict })]
    [InlineData("cert-hexagone", new[] { Tlp.Green })]
    [InlineData("registrar-beta", new[] { Tlp.Green, Tlp.Amber })]
    [InlineData("registry-test", new[] { Tlp.Green, Tlp.Amber, Tlp.AmberStrict })]
    public async Task Every_API_route_answers_only_what_TLP_allows(string? organisation, Tlp[] visible)
    {
        var token = (await new UserAdmin(_server.Store).CreateTokenAsync(UserRole.Analyst, organisation, Ct)).Token;
        using var api = _server.ApiClient(token);
        var list = await api.GetFromJsonAsync<JsonElement>("/api/v1/incidents?limit=500", Ct);
        var listed = list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToHashSet();
        var observations = await api.GetFromJsonAsync<JsonElement>("/api/v1/observations?limit=500", Ct);
        var observed = observations.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToHashSet();
        foreach (var (tlp, m) in _marked)
        {
            var allowed = visible.Contains(tlp);
            Assert.Equal(allowed, listed.Contains(m.Incident));
            Assert.Equal(allowed, observed.Contains(m.Observation));
            var bySubject = await api.GetFromJsonAsync<JsonElement>($"/api/v1/incidents?subject={m.Zone}", Ct);
            Assert.Equal(allowed ? 1 : 0, bySubject.GetProperty("items").GetArrayLength());
            var byZone = await api.GetFromJsonAsync<JsonElement>($"/api/v1/observations?zone={m.Zone}", Ct);
            Assert.Equal(allowed ? 1 : 0, byZone.GetProperty("items").GetArrayLength());
            using var incident = await api.GetAsync($"/api/v1/incidents/{m.Incident}", Ct);
            Assert.Equal(allowed ? HttpStatusCode.OK : HttpStatusCode.NotFound, incident.StatusCode);
            Assert.Equal(allowed, (await incident.Content.ReadAsStringAsync(Ct)).Contains(m.Title, StringComparison.Ordinal));
            using var observation = await api.GetAsync($"/api/v1/observations/{m.Observation}", Ct);
            Assert.Equal(allowed ? HttpStatusCode.OK : HttpStatusCode.NotFound, observation.StatusCode);

            // Exports go through the same filter: a hidden incident is not found in any format.
            foreach (var format in new[] { "misp", "stix21" })
            {
                using var export = await api.GetAsync($"/api/v1/incidents/{m.Incident}/export/{format}", Ct);
                Assert.Equal(allowed ? HttpStatusCode.OK : HttpStatusCode.NotFound, export.StatusCode);
                Assert.Equal(allowed, (await export.Content.ReadAsStringAsync(Ct)).Contains(m.Zone, StringComparison.Ordinal));
            }

            // Acting on a hidden incident is refused like an unknown one, and leaves no trace.
            using var comment = await api.PostAsJsonAsync($"/api/v1/incidents/{m.Incident}/comments", new { text = "probe" }, Ct);
            Assert.Equal(allowed ? HttpStatusCode.OK : HttpStatusCode.NotFound, comment.StatusCode);
            Assert.Equal(allowed, (await comment.Content.ReadAsStringAsync(Ct)).Contains(m.Title, StringComparison.Ordinal));
        }

        var red = await _server.Store.Incidents.GetAsync(_marked[Tlp.Red].Incident, Viewer.System, Ct);
        Assert.DoesNotContain(red!.Timeline, e => e.Text == "probe");
    }

    [Fact]
    public async Task An_analyst_opens_an_incident_by_form_moves_it_and_comments_and_it_is_routed_with_reasons()
    {
        using var client = await _server.SignInAsync("analyst");
        using var opened = await WebTestServer.PostFormAsync(client, "/incidents/open", "/incidents/open", new()
        {
            ["title"] = "Hijack suspected",
            ["threat"] = "infra.delegation-changed",
            ["kind"] = "zone",
            ["subject"] = "Lame-Delegation.TEST.",
            ["severity"] = "critical",
            ["tlp"] = "Amber",
            ["recipients"] = "",
            ["people"] = "",
        });
        Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
        var location = opened.Headers.Location!.OriginalString;
        var page = location[..location.IndexOf('?', StringComparison.Ordinal)];
        var html = await client.GetStringAsync(page, Ct);
        Assert.Contains("TLD registry for .test by suffix", html, StringComparison.Ordinal);
        Assert.Contains("registry-test", html, StringComparison.Ordinal);

        using var triaged = await WebTestServer.PostFormAsync(client, page, page + "/transition", new() { ["to"] = "triaged" });
        Assert.Equal(HttpStatusCode.Redirect, triaged.StatusCode);
        using var commented = await WebTestServer.PostFormAsync(client, page, page + "/comment", new() { ["text"] = "Registry called at 10:00" });
        html = await client.GetStringAsync(page, Ct);
        Assert.Contains("moved new → triaged", html, StringComparison.Ordinal);
        Assert.Contains("Registry called at 10:00", html, StringComparison.Ordinal);
        Assert.Contains("Move to notified", html, StringComparison.Ordinal);

        // A move the state machine forbids is refused with a message, and nothing changes.
        using var bad = await WebTestServer.PostFormAsync(client, page, page + "/transition", new() { ["to"] = "closed" });
        Assert.Contains("cannot go from triaged to closed", Uri.UnescapeDataString(bad.Headers.Location!.OriginalString), StringComparison.Ordinal);

        var token = await _server.TokenAsync(UserRole.Analyst);
        using var api = _server.ApiClient(token);
        var id = page["/incidents/".Length..];
        using var conflict = await api.PostAsJsonAsync($"/api/v1/incidents/{id}/transitions", new { to = "closed" }, Ct);
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Equal("application/problem+json", conflict.Content.Headers.ContentType?.MediaType);
        var dto = await api.GetFromJsonAsync<JsonElement>($"/api/v1/incidents/{id}", Ct);
        Assert.Equal("triaged", dto.GetProperty("state").GetString());
        Assert.Equal(["notified", "rejected"], dto.GetProperty("allowed_transitions").EnumerateArray().Select(e => e.GetString()).ToArray());

        // A viewer sees the incident but has no forms.
        using var viewer = await _server.SignInAsync("viewer");
        html = await viewer.GetStringAsync(page, Ct);
        Assert.DoesNotContain("Move to", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<textarea", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Incidents_are_opened_routed_and_paged_through_the_API()
    {
        using var api = _server.ApiClient(await _server.TokenAsync(UserRole.Analyst));
        var routes = await api.GetFromJsonAsync<JsonElement>("/api/v1/routing?kind=nameserver&subject=ns1.switchable.test", Ct);
        Assert.Equal("DNS operator by name-server suffix switchable.test", routes[0].GetProperty("reason").GetString());

        var ids = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            using var created = await api.PostAsJsonAsync("/api/v1/incidents", new { title = $"paged {i}", threat_type = "infra.lame-delegation", subject_kind = "zone", subject = "paged.test", severity = "error", tlp = "green" }, Ct);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            ids.Add((await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString()!);
        }

        var seen = new List<string>();
        string? after = null;
        do
        {
            var page = await api.GetFromJsonAsync<JsonElement>($"/api/v1/incidents?subject=paged.test&limit=3{(after is null ? "" : "&after=" + Uri.EscapeDataString(after))}", Ct);
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!));
            after = page.GetProperty("next").GetString();
        }
        while (after is not null);
        Assert.Equal(ids.Order(), seen.Order());

        using var unknown = await api.PostAsJsonAsync("/api/v1/incidents", new { title = "x", threat_type = "infra.lame-delegation", subject_kind = "zone", subject = "a.test", recipients = new[] { "nobody" } }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("no organisation 'nobody'", await unknown.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_incident_exports_as_a_MISP_event_and_a_STIX_bundle_with_the_same_ids_every_time()
    {
        var token = (await new UserAdmin(_server.Store).CreateTokenAsync(UserRole.Analyst, "registry-test", Ct)).Token;
        using var api = _server.ApiClient(token);
        var amber = _marked[Tlp.Amber];
        var misp = await api.GetStringAsync($"/api/v1/incidents/{amber.Incident}/export/misp", Ct);
        Assert.Equal(misp, await api.GetStringAsync($"/api/v1/incidents/{amber.Incident}/export/misp", Ct));
        var mispEvent = JsonDocument.Parse(misp).RootElement.GetProperty("Event");
        Assert.Equal(amber.Title, mispEvent.GetProperty("info").GetString());
        Assert.Contains(mispEvent.GetProperty("Tag").EnumerateArray(), t => t.GetProperty("name").GetString() == "tlp:amber");
        Assert.Contains(mispEvent.GetProperty("Attribute").EnumerateArray(), a => a.GetProperty("value").GetString() == amber.Zone);

        var stix = await api.GetStringAsync($"/api/v1/incidents/{amber.Incident}/export/stix21", Ct);
        Assert.Equal(stix, await api.GetStringAsync($"/api/v1/incidents/{amber.Incident}/export/stix21", Ct));
        var objects = JsonDocument.Parse(stix).RootElement.GetProperty("objects").EnumerateArray().ToList();
        Assert.Contains(objects, o => o.GetProperty("type").GetString() == "incident" && o.GetProperty("name").GetString() == amber.Title);
        Assert.Contains(objects, o => o.GetProperty("type").GetString() == "domain-name" && o.GetProperty("value").GetString() == amber.Zone);
        Assert.Contains(objects, o => o.GetProperty("type").GetString() == "marking-definition");

        using var unknown = await api.GetAsync($"/api/v1/incidents/{amber.Incident}/export/csv", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
    }

    [Fact]
    public async Task Admins_import_and_export_the_directory_and_others_may_only_read_it()
    {
        using var admin = _server.ApiClient(await _server.TokenAsync(UserRole.Admin));
        using var viewer = _server.ApiClient(await _server.TokenAsync(UserRole.Viewer));
        var csv = await admin.GetStringAsync("/api/v1/stakeholders?format=csv", Ct);
        Assert.StartsWith("id,name,type,", csv, StringComparison.Ordinal);

        var extra = csv + "new-org,New Org,coordinator,,,,,,,Desk <desk@new.example>,en,,,,\r\n";
        using var imported = await admin.PostAsync("/api/v1/stakeholders/import", new StringContent(extra, Encoding.UTF8, "text/csv"), Ct);
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        Assert.Contains("\"id\": \"new-org\"", await viewer.GetStringAsync("/api/v1/stakeholders/new-org", Ct), StringComparison.Ordinal);

        using var broken = await admin.PostAsync("/api/v1/stakeholders/import", new StringContent(csv + "x,X,bank,,,,,,,,,,,,\r\n", Encoding.UTF8, "text/csv"), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        Assert.Contains("line 10: type: 'bank'", await broken.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        using var denied = await viewer.PostAsync("/api/v1/stakeholders/import", new StringContent(extra, Encoding.UTF8, "text/csv"), Ct);
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        using var deleted = await admin.DeleteAsync("/api/v1/stakeholders/new-org", Ct);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using var gone = await viewer.GetAsync("/api/v1/stakeholders/new-org", Ct);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);

        var doc = await admin.GetFromJsonAsync<JsonElement>("/openapi/v1.json", Ct);
        var paths = doc.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        foreach (var path in new[] { "/api/v1/incidents", "/api/v1/incidents/{id}", "/api/v1/incidents/{id}/transitions", "/api/v1/incidents/{id}/comments", "/api/v1/routing", "/api/v1/stakeholders", "/api/v1/stakeholders/import" })
        {
            Assert.Contains(path, paths);
        }
    }

    [Fact]
    public async Task The_stakeholder_pages_list_the_directory_and_only_admins_get_the_edit_form()
    {
        using var viewer = await _server.SignInAsync("viewer");
        Assert.Contains("Test Names Registry (fictional)", await viewer.GetStringAsync("/stakeholders", Ct), StringComparison.Ordinal);
        Assert.DoesNotContain("<textarea", await viewer.GetStringAsync("/stakeholders/registry-test", Ct), StringComparison.Ordinal);

        using var admin = await _server.SignInAsync("admin");
        var edited = DirectoryJson.WriteOne(StakeholderDirectory.Sample().Single(s => s.Id == "registry-test") with { Name = "Renamed Registry" });
        using var saved = await WebTestServer.PostFormAsync(admin, "/stakeholders/registry-test", "/stakeholders/registry-test", new() { ["document"] = edited });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Contains("Renamed Registry", await admin.GetStringAsync("/stakeholders", Ct), StringComparison.Ordinal);
        using var bad = await WebTestServer.PostFormAsync(admin, "/stakeholders/registry-test", "/stakeholders/registry-test", new() { ["document"] = "{\"id\": \"registry-test\"}" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("type", await bad.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }
}
