using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dnscert.Core;
using Dnscert.Core.Store;
using Dnscert.Web.Auth;

namespace Dnscert.IntegrationTests.Web;

/// <summary>
/// Zones, check results, baselines and evidence under the zone's TLP through HTTP on the real app (Kestrel on
/// 127.75.0.1, real SQLite): readers of the wrong kind try every dashboard page and API route of a zone marked
/// above what they may see and must find nothing, not even its name or a message text.
/// </summary>
public sealed class ZoneVisibilityWebTests : IAsyncLifetime
{
    private static readonly Tlp[] s_staff = [Tlp.Clear, Tlp.Green, Tlp.Amber, Tlp.AmberStrict];
    private static readonly Tlp[] s_organisation = [Tlp.Clear, Tlp.Green];

    private WebTestServer _server = null!;
    private readonly Dictionary<Tlp, (string Zone, Guid Run, string Text, EvidenceBlob Evidence)> _marked = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = await WebTestServer.StartAsync(url: "http://127.75.0.1:0");
        var store = _server.Store;
        foreach (var (name, role, org) in new[] { ("rita", UserRole.Viewer, "registrar-alpha"), ("hugo", UserRole.Analyst, "cert-hexagone") })
        {
            await store.Users.SaveAsync(new StoreUser(name, PasswordHasher.Hash(WebTestServer.Password, 1000), role, org), Ct);
        }

        await store.Zones.SaveSetAsync(new ZoneSet("marked", [], TimeSpan.FromHours(1)), Ct);
        var now = DateTimeOffset.UtcNow.AddMinutes(-5);
        foreach (var tlp in Enum.GetValues<Tlp>())
        {
            var zone = $"marked-{tlp.ToString().ToLowerInvariant()}.test";
            var text = $"message-of-{tlp}-zone";
            var evidence = EvidenceBlob.Create("application/dns-message", Encoding.UTF8.GetBytes($"answer of {zone}"));
            await store.Zones.SaveAsync(new MonitoredZone(zone, "marked", [], now, tlp), Ct);
            var run = new StoredCheckRun(Guid.CreateVersion7(), zone, now, TimeSpan.FromMilliseconds(40), Severity.Error, new SeverityCounts(0, 0, 0, 0, 1, 0), "test",
                $$"""{"schema":"dnscert.check/1","messages":[{"module":"Delegation","severity":"ERROR","check_id":"DELEGATION01","tag":"SECRET_TAG","text":"{{text}}"}]}""",
                [evidence.Sha256]);
            await store.CheckRuns.AddAsync(run, [evidence], Ct);
            await store.Baselines.SaveAsync(new ZoneBaseline(zone, [$"ns-{tlp}.baseline.test"], [], [], [], 7, now), Ct);
            _marked[tlp] = (zone, run.Id, text, evidence);
        }
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("viewer")]
    [InlineData("admin")]
    [InlineData("rita")]
    [InlineData("hugo")]
    public async Task Every_page_shows_only_the_zones_TLP_allows(string user)
    {
        var visible = user is "rita" or "hugo" ? s_organisation : s_staff;
        using var client = await _server.SignInAsync(user);
        var overview = await client.GetStringAsync("/", Ct);
        Assert.Contains($"<b>{visible.Length}</b>zones", overview, StringComparison.Ordinal);
        var zones = await client.GetStringAsync("/zones", Ct);
        var errors = await client.GetStringAsync("/zones?severity=error", Ct);
        foreach (var (tlp, m) in _marked)
        {
            var allowed = visible.Contains(tlp);
            Assert.Equal(allowed, zones.Contains(m.Zone, StringComparison.Ordinal));
            Assert.Equal(allowed, errors.Contains(m.Zone, StringComparison.Ordinal));
            Assert.Equal(allowed, (await client.GetStringAsync($"/zones?q={m.Zone}", Ct)).Contains(m.Zone + "</a>", StringComparison.Ordinal));
            using var page = await client.GetAsync($"/zones/{m.Zone}", Ct);
            Assert.Equal(allowed ? HttpStatusCode.OK : HttpStatusCode.NotFound, page.StatusCode);
            var body = await page.Content.ReadAsStringAsync(Ct);
            Assert.Equal(allowed, body.Contains(m.Text, StringComparison.Ordinal));
            Assert.Equal(allowed, body.Contains($"ns-{tlp}.baseline.test", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task An_analyst_of_another_organisation_cannot_check_or_confirm_a_hidden_zone()
    {
        using var client = await _server.SignInAsync("hugo");
        foreach (var tlp in new[] { Tlp.Amber, Tlp.AmberStrict, Tlp.Red })
        {
            var zone = _marked[tlp].Zone;
            foreach (var action in new[] { "check", "confirm-baseline" })
            {
                using var response = await WebTestServer.PostFormAsync(client, "/zones/add", $"/zones/{zone}/{action}", []);
                Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
                Assert.DoesNotContain(_marked[tlp].Text, await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
            }

            Assert.Single(await _server.Store.CheckRuns.SummariesAsync(zone, 10, Ct));
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("registrar-alpha")]
    public async Task Every_API_route_answers_only_what_the_zones_TLP_allows(string? organisation)
    {
        var visible = organisation is null ? s_staff : s_organisation;
        var token = (await new UserAdmin(_server.Store).CreateTokenAsync(UserRole.Analyst, organisation, Ct)).Token;
        using var api = _server.ApiClient(token);
        var list = await api.GetFromJsonAsync<JsonElement>("/api/v1/zones?limit=500", Ct);
        var listed = list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()).ToHashSet();
        var errors = await api.GetFromJsonAsync<JsonElement>("/api/v1/zones?severity=error&limit=500", Ct);
        var listedErrors = errors.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()).ToHashSet();
        foreach (var (tlp, m) in _marked)
        {
            var allowed = visible.Contains(tlp);
            var expected = allowed ? HttpStatusCode.OK : HttpStatusCode.NotFound;
            Assert.Equal(allowed, listed.Contains(m.Zone));
            Assert.Equal(allowed, listedErrors.Contains(m.Zone));
            using var zone = await api.GetAsync($"/api/v1/zones/{m.Zone}", Ct);
            Assert.Equal(expected, zone.StatusCode);
            using var baseline = await api.GetAsync($"/api/v1/zones/{m.Zone}/baseline", Ct);
            Assert.Equal(expected, baseline.StatusCode);
            Assert.Equal(allowed, (await baseline.Content.ReadAsStringAsync(Ct)).Contains("baseline.test", StringComparison.Ordinal));
            using var runs = await api.GetAsync($"/api/v1/zones/{m.Zone}/checks", Ct);
            Assert.Equal(expected, runs.StatusCode);
            Assert.Equal(allowed, (await runs.Content.ReadAsStringAsync(Ct)).Contains(m.Run.ToString(), StringComparison.Ordinal));
            using var run = await api.GetAsync($"/api/v1/checks/{m.Run}", Ct);
            Assert.Equal(expected, run.StatusCode);
            Assert.Equal(allowed, (await run.Content.ReadAsStringAsync(Ct)).Contains(m.Text, StringComparison.Ordinal));
            using var evidence = await api.GetAsync($"/api/v1/evidence/{m.Evidence.Sha256}", Ct);
            Assert.Equal(expected, evidence.StatusCode);
            if (allowed)
            {
                Assert.Equal(m.Evidence.Content.ToArray(), await evidence.Content.ReadAsByteArrayAsync(Ct));
                Assert.Equal("application/dns-message", evidence.Content.Headers.ContentType?.MediaType);
            }
            else
            {
                // Acting on a hidden zone is refused like an unknown zone, and changes nothing.
                using var check = await api.PostAsync($"/api/v1/zones/{m.Zone}/checks", null, Ct);
                Assert.Equal(HttpStatusCode.NotFound, check.StatusCode);
                using var confirm = await api.PostAsync($"/api/v1/zones/{m.Zone}/baseline/confirm", null, Ct);
                Assert.Equal(HttpStatusCode.NotFound, confirm.StatusCode);
                using var delete = await api.DeleteAsync($"/api/v1/zones/{m.Zone}", Ct);
                Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
                Assert.NotNull(await _server.Store.Zones.GetAsync(m.Zone, Ct));
            }
        }

        using var bad = await api.GetAsync("/api/v1/evidence/not-a-hash", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task Zones_added_through_the_API_carry_the_TLP_asked_for_or_the_default()
    {
        var token = (await new UserAdmin(_server.Store).CreateTokenAsync(UserRole.Analyst, null, Ct)).Token;
        using var api = _server.ApiClient(token);
        using var green = await api.PostAsJsonAsync("/api/v1/zones", new { set = "new", zones = new[] { "shared.test" }, tlp = "green" }, Ct);
        Assert.Equal(HttpStatusCode.OK, green.StatusCode);
        using var plain = await api.PostAsJsonAsync("/api/v1/zones", new { set = "new", zones = new[] { "plain.test" } }, Ct);
        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        Assert.Equal(Tlp.Green, (await _server.Store.Zones.GetAsync("shared.test", Ct))!.Tlp);
        Assert.Equal(Tlp.Amber, (await _server.Store.Zones.GetAsync("plain.test", Ct))!.Tlp);
        var shown = await api.GetFromJsonAsync<JsonElement>("/api/v1/zones/shared.test", Ct);
        Assert.Equal("green", shown.GetProperty("tlp").GetString());
    }
}
