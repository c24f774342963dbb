using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dnscert.Coordination.Stakeholders;
using Dnscert.Core;
using Dnscert.Core.Store;
using Dnscert.IntegrationTests.Web;
using Dnscert.Reports.Rendering;
using Dnscert.Reports.Statistics;
using Dnscert.Web.Auth;
using Dnscert.Web.Consultation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Dnscert.IntegrationTests.Reports;

/// <summary>
/// Publishing and consultation on the real web application (Kestrel on 127.83.0.1, SQLite, the sample stakeholder
/// directory, a fake clock): the publish form, numbers that stay as published, comments and stances by stakeholders,
/// encoding of hostile comments, anti-forgery, closing by date and by an admin, and TLP on every new route.
/// </summary>
public sealed partial class ReportConsultationWebTests : IAsyncLifetime
{
    private static readonly DateTimeOffset s_start = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 7, 2, 8, 0, 0, TimeSpan.Zero));
    private WebTestServer _server = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = await WebTestServer.StartAsync(url: "http://127.83.0.1:0", timeProvider: _time);
        await StakeholderDirectory.ImportAsync(_server.Store.Stakeholders, StakeholderDirectory.Sample(), Ct);
        foreach (var (name, org, role) in new[] { ("registry-user", "registry-test", UserRole.Viewer), ("alpha-user", "registrar-alpha", UserRole.Viewer), ("ghost-user", "no-such-org", UserRole.Analyst) })
        {
            await _server.Store.Users.SaveAsync(new StoreUser(name, PasswordHasher.Hash(WebTestServer.Password, 1000), role, org), Ct);
        }

        await _server.Store.Observations.SaveAllAsync([.. Enumerable.Range(0, 3).Select(i => Make($"p{i}.fr", i))], Ct);
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task An_analyst_publishes_through_the_form_and_the_numbers_stay_as_published_when_observations_arrive()
    {
        using var analyst = await _server.SignInAsync("analyst");
        using var response = await WebTestServer.PostFormAsync(analyst, "/reports", "/reports", new()
        {
            ["title"] = "June threats for consultation",
            ["kind"] = "threats",
            ["from"] = "2026-06-01",
            ["to"] = "2026-06-30",
            ["lang"] = "fr",
            ["tlp"] = "green",
            ["comments_until"] = "2026-07-31",
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        Assert.Matches("^/reports/[0-9a-f-]{36}\\?done=Published", location);
        var id = Guid.Parse(location[9..45]);
        var stored = (await _server.Store.PublishedReports.GetAsync(id, Viewer.System, Ct))!;
        Assert.Equal(("threats", "fr", Tlp.Green, "analyst"), (stored.Kind, stored.Language, stored.Tlp, stored.PublishedBy));
        Assert.Equal(new DateTimeOffset(2026, 8, 1, 0, 0, 0, TimeSpan.Zero), stored.CommentsUntil);
        Assert.Equal(PublishedReport.HashOf(stored.Html, stored.Json), stored.Sha256);

        var page = await analyst.GetStringAsync($"/reports/{id}", Ct);
        Assert.Contains("<span id=\"total\">3</span>", page, StringComparison.Ordinal);
        Assert.Contains("<strong>TLP:GREEN</strong>", page, StringComparison.Ordinal);
        Assert.Contains("<svg", page, StringComparison.Ordinal);
        Assert.Contains("Méthode et éléments de preuve", page, StringComparison.Ordinal);

        // Five more observations in June: the dashboard counts them, the published report does not change.
        await _server.Store.Observations.SaveAllAsync([.. Enumerable.Range(10, 5).Select(i => Make($"late{i}.fr", i % 20))], Ct);
        Assert.Contains("<b id=\"total\">8</b>", await analyst.GetStringAsync("/statistics?from=2026-06-01&to=2026-06-30", Ct), StringComparison.Ordinal);
        Assert.Contains("<span id=\"total\">3</span>", await analyst.GetStringAsync($"/reports/{id}", Ct), StringComparison.Ordinal);
        Assert.Equal(stored.Html, await analyst.GetStringAsync($"/reports/{id}/document", Ct));
        var json = await analyst.GetFromJsonAsync<JsonElement>($"/reports/{id}.json", Ct);
        Assert.Equal(3, json.GetProperty("content").GetProperty("total_affected").GetInt64());
        Assert.Equal(stored.Sha256, json.GetProperty("report").GetProperty("sha256").GetString());
    }

    [Fact]
    public async Task Publishing_refuses_bad_input_with_a_clear_error_and_viewers_cannot_publish()
    {
        using var analyst = await _server.SignInAsync("analyst");
        var fields = new Dictionary<string, string> { ["title"] = "x", ["kind"] = "threats", ["from"] = "2026-06-01", ["to"] = "2026-06-30", ["lang"] = "en", ["tlp"] = "red" };
        using (var red = await WebTestServer.PostFormAsync(analyst, "/reports", "/reports", new(fields)))
        {
            Assert.Equal(HttpStatusCode.BadRequest, red.StatusCode);
            Assert.Contains("cannot be TLP:RED", await red.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }

        using (var past = await WebTestServer.PostFormAsync(analyst, "/reports", "/reports", new(fields) { ["tlp"] = "green", ["comments_until"] = "2026-06-30" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, past.StatusCode);
            Assert.Contains("is not in the future", await past.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }

        using (var title = await WebTestServer.PostFormAsync(analyst, "/reports", "/reports", new(fields) { ["tlp"] = "green", ["title"] = new string('t', 201) }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, title.StatusCode);
            Assert.Contains("the limit is 200", await title.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }

        using var viewer = await _server.SignInAsync("viewer");
        Assert.DoesNotContain("id=\"publish\"", await viewer.GetStringAsync("/reports", Ct), StringComparison.Ordinal);
        using var refused = await WebTestServer.PostFormAsync(viewer, "/reports", "/reports", new(fields) { ["tlp"] = "green" });
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Contains("/denied", refused.Headers.Location?.ToString() ?? "", StringComparison.Ordinal);
        Assert.Empty((await _server.Store.PublishedReports.ListAsync(Viewer.System, null, 10, Ct)).Items);
    }

    [Fact]
    public async Task Stakeholders_comment_and_state_support_and_the_page_shows_them_encoded_with_the_tally_and_history()
    {
        var report = await PublishAsync(Tlp.Green, _time.GetUtcNow().AddDays(20));
        using var registry = await _server.SignInAsync("registry-user");
        using var alpha = await _server.SignInAsync("alpha-user");
        const string hostile = "<script>alert(1)</script> & <img src=x onerror=alert(2)>\nsecond line";
        var page = $"/reports/{report.Id}";

        using (var r = await WebTestServer.PostFormAsync(registry, page, $"{page}/comments", new() { ["text"] = hostile }))
        {
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        }

        await Post(registry, page, "stance", "supports");
        await Post(alpha, page, "stance", "opposes");
        await Post(alpha, page, "stance", "supports-with-reservations");
        using (var r = await WebTestServer.PostFormAsync(alpha, page, $"{page}/comments", new() { ["text"] = "We agree with the numbers, but the .fr rate needs context." }))
        {
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        }

        var html = await registry.GetStringAsync(page, Ct);
        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img src=x", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(2)&gt;<br>second line", html, StringComparison.Ordinal);
        Assert.Contains("<b class=\"author\">registry-user</b> <span class=\"org\">(Test Names Registry (fictional))</span>", html, StringComparison.Ordinal);
        Assert.True(html.IndexOf("registry-user</b>", StringComparison.Ordinal) < html.IndexOf("alpha-user</b>", StringComparison.Ordinal), "comments are in order");
        Assert.Contains("<b id=\"tally-supports\">1</b>", html, StringComparison.Ordinal);
        Assert.Contains("<b id=\"tally-reservations\">1</b>", html, StringComparison.Ordinal);
        Assert.Contains("<b id=\"tally-opposes\">0</b>", html, StringComparison.Ordinal);
        Assert.Contains("(now: supports)", html, StringComparison.Ordinal);
        Assert.Equal(3, Regex.Count(html[html.IndexOf("Stance history", StringComparison.Ordinal)..], "<li>"));

        var token = (await new UserAdmin(_server.Store).CreateTokenAsync(UserRole.Viewer, "registrar-beta", Ct)).Token;
        using var api = _server.ApiClient(token);
        var doc = await api.GetFromJsonAsync<JsonElement>($"/api/v1/reports/{report.Id}?limit=1", Ct);
        Assert.Equal(1, doc.GetProperty("tally").GetProperty("supports").GetInt32());
        Assert.Equal(1, doc.GetProperty("tally").GetProperty("supports_with_reservations").GetInt32());
        Assert.Equal(3, doc.GetProperty("stance_history").GetArrayLength());
        var first = Assert.Single(doc.GetProperty("comments").EnumerateArray());
        Assert.Equal(hostile.Replace("\r", "", StringComparison.Ordinal), first.GetProperty("text").GetString());
        Assert.Equal("Test Names Registry (fictional)", first.GetProperty("organisation_name").GetString());
        var next = doc.GetProperty("next_comments").GetString();
        var second = await api.GetFromJsonAsync<JsonElement>($"/api/v1/reports/{report.Id}?limit=1&after={Uri.EscapeDataString(next!)}", Ct);
        Assert.Equal("alpha-user", Assert.Single(second.GetProperty("comments").EnumerateArray()).GetProperty("author").GetString());
        Assert.Equal(JsonValueKind.Null, second.GetProperty("next_comments").ValueKind);
        using var badCursor = await api.GetAsync($"/api/v1/reports/{report.Id}?after=nonsense", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, badCursor.StatusCode);
        Assert.Equal("application/problem+json", badCursor.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Hostile_or_unauthorised_participation_is_refused_with_a_clear_reason()
    {
        var report = await PublishAsync(Tlp.Clear, null);
        var page = $"/reports/{report.Id}";

        // Anonymous readers read a TLP:CLEAR report but get no form, and posting sends them to sign in.
        using var anonymous = _server.Client();
        var html = await anonymous.GetStringAsync(page, Ct);
        Assert.Contains("<span id=\"total\">3</span>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"comment\"", html, StringComparison.Ordinal);
        Assert.Contains("Sign in to comment", html, StringComparison.Ordinal);

        using var registry = await _server.SignInAsync("registry-user");
        using (var tooLong = await WebTestServer.PostFormAsync(registry, page, $"{page}/comments", new() { ["text"] = new string('a', 4001) }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
            var body = await tooLong.Content.ReadAsStringAsync(Ct);
            Assert.Contains("The comment is 4,001 characters long; the limit is 4,000.", body, StringComparison.Ordinal);
            Assert.Contains(new string('a', 4001) + "</textarea>", body, StringComparison.Ordinal);
        }

        using (var control = await WebTestServer.PostFormAsync(registry, page, $"{page}/comments", new() { ["text"] = "safe\u202Eevil" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, control.StatusCode);
            Assert.Contains("U+202E at position 5", await control.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }

        using (var stance = await WebTestServer.PostFormAsync(registry, page, $"{page}/stance", new() { ["stance"] = "maybe" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, stance.StatusCode);
            Assert.Contains("&#39;maybe&#39; is not a stance", await stance.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }

        using var ghost = await _server.SignInAsync("ghost-user");
        using (var r = await WebTestServer.PostFormAsync(ghost, page, $"{page}/comments", new() { ["text"] = "hello" }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
            Assert.Contains("&#39;no-such-org&#39; is not in the stakeholder directory", await r.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }

        using var viewer = await _server.SignInAsync("viewer");
        using (var r = await WebTestServer.PostFormAsync(viewer, page, $"{page}/comments", new() { ["text"] = "hello" }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
        }

        // The instance's own analysts answer comments but state no stance.
        using var analyst = await _server.SignInAsync("analyst");
        using (var r = await WebTestServer.PostFormAsync(analyst, page, $"{page}/comments", new() { ["text"] = "Thank you, we will add context." }))
        {
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        }

        using (var r = await WebTestServer.PostFormAsync(analyst, page, $"{page}/stance", new() { ["stance"] = "supports" }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
        }

        var comments = (await _server.Store.PublishedReports.ListCommentsAsync(report.Id, Viewer.System, null, 10, Ct)).Items;
        Assert.Equal([("analyst", (string?)null)], comments.Select(c => (c.Author, c.Organisation)));
        Assert.Empty(await _server.Store.PublishedReports.ListStancesAsync(report.Id, Viewer.System, Ct));
    }

    [Fact]
    public async Task Posts_without_the_anti_forgery_token_change_nothing()
    {
        var report = await PublishAsync(Tlp.Green, null);
        using var registry = await _server.SignInAsync("registry-user");
        using var admin = await _server.SignInAsync("admin");
        using var analyst = await _server.SignInAsync("analyst");
        var posts = new (HttpClient Client, string Path, Dictionary<string, string> Fields)[]
        {
            (registry, $"/reports/{report.Id}/comments", new() { ["text"] = "forged" }),
            (registry, $"/reports/{report.Id}/stance", new() { ["stance"] = "opposes" }),
            (admin, $"/reports/{report.Id}/close", new()),
            (analyst, "/reports", new() { ["title"] = "forged", ["kind"] = "threats", ["from"] = "2026-06-01", ["to"] = "2026-06-30", ["tlp"] = "green" }),
        };
        foreach (var (client, path, fields) in posts)
        {
            using var response = await client.PostAsync(path, new FormUrlEncodedContent(fields), Ct);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{path}: {response.StatusCode}");
        }

        Assert.Empty((await _server.Store.PublishedReports.ListCommentsAsync(report.Id, Viewer.System, null, 10, Ct)).Items);
        Assert.Empty(await _server.Store.PublishedReports.ListStancesAsync(report.Id, Viewer.System, Ct));
        Assert.Null((await _server.Store.PublishedReports.GetAsync(report.Id, Viewer.System, Ct))!.ClosedAt);
        Assert.Single((await _server.Store.PublishedReports.ListAsync(Viewer.System, null, 10, Ct)).Items);
    }

    [Fact]
    public async Task A_consultation_refuses_comments_after_its_closing_date_and_after_an_admin_closes_it()
    {
        var dated = await PublishAsync(Tlp.Green, _time.GetUtcNow().AddHours(1));
        var open = await PublishAsync(Tlp.Green, null);
        using var registry = await _server.SignInAsync("registry-user");
        await Post(registry, $"/reports/{dated.Id}", "comments", "before the closing date", field: "text");

        // The closing form is read while open, then the clock passes the closing date.
        var formPage = await registry.GetStringAsync($"/reports/{dated.Id}", Ct);
        Assert.Contains("id=\"add-comment\"", formPage, StringComparison.Ordinal);
        _time.Advance(TimeSpan.FromHours(2));
        using (var late = await WebTestServer.PostFormAsync(registry, $"/reports/{open.Id}", $"/reports/{dated.Id}/comments", new() { ["text"] = "too late" }))
        {
            Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
            Assert.Contains("The consultation closed on 2026-07-02 09:00 UTC", await late.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }

        var closedPage = await registry.GetStringAsync($"/reports/{dated.Id}", Ct);
        Assert.DoesNotContain("id=\"add-comment\"", closedPage, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"state-stance\"", closedPage, StringComparison.Ordinal);

        using var admin = await _server.SignInAsync("admin");
        using (var close = await WebTestServer.PostFormAsync(admin, $"/reports/{open.Id}", $"/reports/{open.Id}/close", new()))
        {
            Assert.Equal(HttpStatusCode.Redirect, close.StatusCode);
        }

        using (var after = await WebTestServer.PostFormAsync(registry, $"/reports/{dated.Id}", $"/reports/{open.Id}/stance", new() { ["stance"] = "supports" }))
        {
            Assert.Equal(HttpStatusCode.Conflict, after.StatusCode);
            Assert.Contains("was closed by admin", await after.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }

        // The export of a closed consultation carries its summary: comments and stances by organisation.
        var export = await registry.GetStringAsync($"/reports/{dated.Id}/export", Ct);
        Assert.Contains("<h2>Consultation summary</h2>", export, StringComparison.Ordinal);
        Assert.Contains("<span id=\"comment-count\">1</span>", export, StringComparison.Ordinal);
        Assert.Contains("<tr><td>Test Names Registry (fictional)</td><td class=\"n\">1</td>", export, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readers_the_TLP_excludes_get_not_found_on_every_report_route()
    {
        var amber = await PublishAsync(Tlp.Amber, null);
        var green = await PublishAsync(Tlp.Green, null);
        using var registry = await _server.SignInAsync("registry-user");
        using var anonymous = _server.Client();
        using var team = await _server.SignInAsync("viewer");
        var stakeholderToken = (await new UserAdmin(_server.Store).CreateTokenAsync(UserRole.Viewer, "registry-test", Ct)).Token;
        using var stakeholderApi = _server.ApiClient(stakeholderToken);
        using var teamApi = _server.ApiClient(await _server.TokenAsync(UserRole.Viewer));

        foreach (var (client, hidden) in new[] { (registry, amber), (anonymous, amber), (anonymous, green) })
        {
            foreach (var route in new[] { "", ".json", "/document", "/export" })
            {
                using var response = await client.GetAsync($"/reports/{hidden.Id}{route}", Ct);
                Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{route} of a {hidden.Tlp} report: {response.StatusCode}");
                Assert.DoesNotContain(hidden.Title, await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
            }
        }

        // A stakeholder posting to a report they may not read learns nothing either.
        var formPage = $"/reports/{green.Id}";
        using (var r = await WebTestServer.PostFormAsync(registry, formPage, $"/reports/{amber.Id}/comments", new() { ["text"] = "x" }))
        {
            Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
        }

        using (var r = await WebTestServer.PostFormAsync(registry, formPage, $"/reports/{amber.Id}/stance", new() { ["stance"] = "supports" }))
        {
            Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
        }

        Assert.DoesNotContain(amber.Title, await registry.GetStringAsync("/reports", Ct), StringComparison.Ordinal);
        Assert.Contains(green.Title, await registry.GetStringAsync("/reports", Ct), StringComparison.Ordinal);
        Assert.DoesNotContain(green.Title, await anonymous.GetStringAsync("/reports", Ct), StringComparison.Ordinal);
        Assert.Contains(amber.Title, await team.GetStringAsync("/reports", Ct), StringComparison.Ordinal);

        using (var r = await stakeholderApi.GetAsync($"/api/v1/reports/{amber.Id}", Ct))
        {
            Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
            Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        }

        var listed = await stakeholderApi.GetFromJsonAsync<JsonElement>("/api/v1/reports", Ct);
        Assert.Equal([green.Id.ToString()], listed.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()));
        Assert.Equal(2, (await teamApi.GetFromJsonAsync<JsonElement>("/api/v1/reports", Ct)).GetProperty("items").GetArrayLength());
        using var noToken = new HttpClient { BaseAddress = _server.Address };
        Assert.Equal(HttpStatusCode.Unauthorized, (await noToken.GetAsync("/api/v1/reports", Ct)).StatusCode);
    }

    [Fact]
    public async Task The_openapi_document_describes_the_report_routes()
    {
        using var client = _server.Client();
        var openapi = await client.GetStringAsync("/openapi/v1.json", Ct);
        Assert.Contains("\"/api/v1/reports\"", openapi, StringComparison.Ordinal);
        Assert.Contains("\"/api/v1/reports/{id}\"", openapi, StringComparison.Ordinal);
        Assert.Contains("GetPublishedReport", openapi, StringComparison.Ordinal);
    }

    private async Task<PublishedReport> PublishAsync(Tlp tlp, DateTimeOffset? until) =>
        await _server.Services.GetRequiredService<ReportPublisher>().PublishAsync(
            ReportKind.Threats, StatisticsPeriod.Create(new DateOnly(2026, 6, 1), new DateOnly(2026, 6, 30)), "en", tlp, $"June {tlp} {Guid.CreateVersion7():N}", until, "analyst", cancellationToken: Ct);

    private static async Task Post(HttpClient client, string page, string action, string value, string field = "stance")
    {
        using var response = await WebTestServer.PostFormAsync(client, page, $"{page}/{action}", new() { [field] = value });
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{action} {value}: {response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
    }

    private static Observation Make(string domain, int day) => new(
        Guid.CreateVersion7(),
        new Subject(SubjectKind.Domain, domain),
        "abuse.phishing",
        Severity.Error,
        Tlp.Green,
        s_start.AddDays(day).AddHours(3),
        s_start.AddDays(day + 1).AddHours(9),
        ObservationState.Open,
        $"abuse.phishing|{domain}",
        [],
        "test");
}
