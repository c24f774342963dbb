using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dnscert.Core;
using Dnscert.Core.Store;
using Dnscert.Web.Auth;

namespace Dnscert.IntegrationTests.Web;

/// <summary>The dashboard and the API on a real Kestrel and a real SQLite store: login, roles, anti-forgery, tokens, ProblemDetails, paging, OpenAPI.</summary>
public sealed class WebTests : IAsyncLifetime
{
    private WebTestServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await WebTestServer.StartAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/")]
    [InlineData("/zones")]
    [InlineData("/zones/example.org")]
    [InlineData("/observations")]
    [InlineData("/zones/add")]
    public async Task Pages_redirect_to_the_login_without_a_session(string path)
    {
        using var client = _server.Client();
        using var response = await client.GetAsync(path, Ct);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_password_is_refused_and_gives_no_session()
    {
        using var client = _server.Client();
        using var response = await WebTestServer.PostFormAsync(client, "/login", "/login", new() { ["name"] = "admin", ["password"] = "wrong password" });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("Wrong name or password", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        using var page = await client.GetAsync("/", Ct);
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
    }

    [Fact]
    public async Task An_unknown_user_is_refused_like_a_wrong_password()
    {
        using var client = _server.Client();
        using var response = await WebTestServer.PostFormAsync(client, "/login", "/login", new() { ["name"] = "nobody", ["password"] = WebTestServer.Password });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_signed_in_viewer_sees_the_overview_with_its_chart()
    {
        using var client = await _server.SignInAsync("viewer");
        var html = await client.GetStringAsync("/", Ct);
        Assert.Contains("<h1>Overview</h1>", html, StringComparison.Ordinal);
        Assert.Contains("<svg", html, StringComparison.Ordinal);
        Assert.DoesNotContain("/zones/add", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_form_post_without_the_antiforgery_token_is_rejected()
    {
        using var client = await _server.SignInAsync("analyst");
        using var response = await client.PostAsync("/zones/add", new FormUrlEncodedContent(new Dictionary<string, string> { ["set"] = "s", ["zones"] = "forged.example" }), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(await _server.Store.Zones.GetAsync("forged.example", Ct));
    }

    [Theory]
    [InlineData("/zones/forged.example/confirm-baseline")]
    [InlineData("/zones/forged.example/check")]
    [InlineData("/logout")]
    public async Task A_bare_button_post_without_the_antiforgery_token_is_rejected(string action)
    {
        // These forms bind no field, so the framework would not check the token by itself; confirming a baseline
        // by a forged post would accept a hijacked delegation.
        using var client = await _server.SignInAsync("analyst");
        using var response = await client.PostAsync(action, new FormUrlEncodedContent([]), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var still = await client.GetAsync("/", Ct);
        Assert.Equal(HttpStatusCode.OK, still.StatusCode);
    }

    [Fact]
    public async Task The_login_form_without_the_antiforgery_token_is_rejected()
    {
        using var client = _server.Client();
        using var response = await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["name"] = "admin", ["password"] = WebTestServer.Password }), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task An_analyst_adds_zones_through_the_form_and_sees_them_listed()
    {
        using var client = await _server.SignInAsync("analyst");
        using var response = await WebTestServer.PostFormAsync(client, "/zones/add", "/zones/add", new() { ["set"] = "customers", ["zones"] = "Alpha.Example.\nbeta.example, gamma.example" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("3 new zone(s)", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var list = await client.GetStringAsync("/zones?set=customers", Ct);
        Assert.Contains("alpha.example", list, StringComparison.Ordinal);
        Assert.Contains("gamma.example", list, StringComparison.Ordinal);
        var zone = await client.GetStringAsync("/zones/beta.example", Ct);
        Assert.Contains("Not checked yet", zone, StringComparison.Ordinal);
        Assert.Contains("Check now", zone, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_viewer_may_not_add_zones_nor_see_the_buttons()
    {
        await _server.Monitor.AddZonesAsync("s", ["viewed.example"], Ct);
        using var client = await _server.SignInAsync("viewer");
        using var form = await client.GetAsync("/zones/add", Ct);
        Assert.Equal(HttpStatusCode.Redirect, form.StatusCode);
        Assert.StartsWith("/denied", form.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        var zone = await client.GetStringAsync("/zones/viewed.example", Ct);
        Assert.DoesNotContain("Check now", zone, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_API_wants_a_valid_token_and_answers_with_ProblemDetails()
    {
        using var anonymous = _server.Client();
        using var none = await anonymous.GetAsync("/api/v1/zones", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        await AssertProblemAsync(none, 401);

        using var bad = _server.ApiClient("dnscert_0123456789abcdef_" + new string('0', 64));
        using var refused = await bad.GetAsync("/api/v1/zones", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        using var client = _server.ApiClient(await _server.TokenAsync(UserRole.Viewer));
        using var ok = await client.GetAsync("/api/v1/zones", Ct);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        using var missing = await client.GetAsync("/api/v1/zones/not-there.example", Ct);
        await AssertProblemAsync(missing, 404);
        using var invalid = await client.GetAsync("/api/v1/observations?severity=loud", Ct);
        await AssertProblemAsync(invalid, 400);
    }

    [Fact]
    public async Task A_session_cookie_does_not_open_the_API()
    {
        using var client = await _server.SignInAsync("admin");
        using var response = await client.GetAsync("/api/v1/zones", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Roles_are_enforced_on_the_API()
    {
        using var viewer = _server.ApiClient(await _server.TokenAsync(UserRole.Viewer));
        using var forbidden = await viewer.PostAsJsonAsync("/api/v1/zones", new { set = "s", zones = new[] { "x.example" } }, Ct);
        await AssertProblemAsync(forbidden, 403);

        using var analyst = _server.ApiClient(await _server.TokenAsync(UserRole.Analyst));
        using var added = await analyst.PostAsJsonAsync("/api/v1/zones", new { set = "s", zones = new[] { "x.example", "y.example" } }, Ct);
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        Assert.Equal(2, (await added.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("added").GetInt32());
        using var noToken = await analyst.PostAsJsonAsync("/api/v1/tokens", new { role = "admin" }, Ct);
        await AssertProblemAsync(noToken, 403);
        using var invalidZone = await analyst.PostAsJsonAsync("/api/v1/zones", new { set = "s", zones = new[] { "not a..name" } }, Ct);
        await AssertProblemAsync(invalidZone, 400);

        using var admin = _server.ApiClient(await _server.TokenAsync(UserRole.Admin));
        using var created = await admin.PostAsJsonAsync("/api/v1/tokens", new { role = "viewer" }, Ct);
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var token = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("token").GetString()!;
        using var fresh = _server.ApiClient(token);
        var zone = await fresh.GetFromJsonAsync<JsonElement>("/api/v1/zones/x.example", Ct);
        Assert.Equal("s", zone.GetProperty("set").GetString());
        using var deleted = await analyst.DeleteAsync("/api/v1/zones/x.example", Ct);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        var users = await admin.GetFromJsonAsync<JsonElement>("/api/v1/users", Ct);
        Assert.Equal(["admin", "analyst", "viewer"], users.EnumerateArray().Select(u => u.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Zone_pages_neither_repeat_nor_skip_while_zones_are_added()
    {
        var names = Enumerable.Range(0, 137).Select(i => $"z{i:000}.example").ToList();
        await _server.Monitor.AddZonesAsync("paging", names, Ct);
        using var client = _server.ApiClient(await _server.TokenAsync(UserRole.Analyst));
        var seen = new List<string>();
        string? after = null;
        var pages = 0;
        do
        {
            var page = await client.GetFromJsonAsync<JsonElement>($"/api/v1/zones?limit=10{(after is null ? "" : "&after=" + Uri.EscapeDataString(after))}", Ct);
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(z => z.GetProperty("name").GetString()!));
            after = page.GetProperty("next").ValueKind == JsonValueKind.Null ? null : page.GetProperty("next").GetString();
            // A zone inserted before the cursor while paging must not shift what follows.
            await _server.Monitor.AddZonesAsync("paging", [$"a{pages:000}.example"], Ct);
            pages++;
        }
        while (after is not null && pages < 100);

        var original = seen.Where(n => n.StartsWith('z')).ToList();
        Assert.Equal(names, original);
        Assert.Equal(seen.Count, seen.Distinct().Count());
    }

    [Fact]
    public async Task Filtered_zone_pages_neither_repeat_nor_skip()
    {
        var names = Enumerable.Range(0, 60).Select(i => $"{(i % 3 == 0 ? "match" : "other")}{i:00}.example").ToList();
        await _server.Monitor.AddZonesAsync("filter", names, Ct);
        using var client = _server.ApiClient(await _server.TokenAsync(UserRole.Viewer));
        var seen = new List<string>();
        string? after = null;
        do
        {
            var page = await client.GetFromJsonAsync<JsonElement>($"/api/v1/zones?q=match&limit=3{(after is null ? "" : "&after=" + Uri.EscapeDataString(after))}", Ct);
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(z => z.GetProperty("name").GetString()!));
            after = page.GetProperty("next").ValueKind == JsonValueKind.Null ? null : page.GetProperty("next").GetString();
        }
        while (after is not null);

        Assert.Equal(names.Where(n => n.StartsWith("match", StringComparison.Ordinal)).Order(StringComparer.Ordinal), seen);
    }

    [Fact]
    public async Task Observation_pages_neither_repeat_nor_skip()
    {
        var t0 = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
        var observations = Enumerable.Range(0, 45).Select(i => new Observation(
            Guid.CreateVersion7(), new Subject(SubjectKind.Zone, $"o{i}.example"), "infra.lame-delegation",
            i % 2 == 0 ? Severity.Error : Severity.Warning, Tlp.Amber, t0, t0.AddMinutes(i / 5), // runs of equal last-seen times
            ObservationState.Open, $"fp{i}", [], $"summary {i}")).ToList();
        await _server.Store.Observations.SaveAllAsync(observations, Ct);
        using var client = _server.ApiClient(await _server.TokenAsync(UserRole.Viewer));
        foreach (var (filter, expected) in new[] { ("", 45), ("&severity=error", 23) })
        {
            var seen = new List<Guid>();
            string? after = null;
            do
            {
                var page = await client.GetFromJsonAsync<JsonElement>($"/api/v1/observations?limit=4{filter}{(after is null ? "" : "&after=" + Uri.EscapeDataString(after))}", Ct);
                seen.AddRange(page.GetProperty("items").EnumerateArray().Select(o => o.GetProperty("id").GetGuid()));
                after = page.GetProperty("next").ValueKind == JsonValueKind.Null ? null : page.GetProperty("next").GetString();
            }
            while (after is not null);

            Assert.Equal(expected, seen.Count);
            Assert.Equal(seen.Count, seen.Distinct().Count());
        }

        using var viewer = await _server.SignInAsync("viewer");
        var html = await viewer.GetStringAsync("/observations?severity=error", Ct);
        Assert.Contains("o0.example", html, StringComparison.Ordinal);
        Assert.DoesNotContain("o1.example<", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_OpenAPI_document_lists_the_endpoints()
    {
        using var client = _server.Client();
        var doc = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json", Ct);
        var paths = doc.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        foreach (var path in new[] { "/api/v1/zones", "/api/v1/zones/{name}", "/api/v1/zone-sets", "/api/v1/zones/{name}/checks", "/api/v1/checks/{id}", "/api/v1/observations", "/api/v1/observations/{id}", "/api/v1/tokens" })
        {
            Assert.Contains(path, paths);
        }

        Assert.DoesNotContain("/login", paths);
        Assert.Equal("bearer", doc.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer").GetProperty("scheme").GetString());
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, int status)
    {
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        Assert.True(problem.TryGetProperty("type", out _));
    }
}
