using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dnscert.Core.Store;
using Dnscert.IntegrationTests.Web;

namespace Dnscert.IntegrationTests.Traffic;

/// <summary>The traffic page and API on a real Kestrel and SQLite store: sign-in required, TLP applied, OpenAPI listed.</summary>
public sealed class TrafficWebTests : IAsyncLifetime
{
    private static readonly DateTimeOffset s_start = new(2026, 5, 1, 0, 0, 0, TimeSpan.Zero);
    private WebTestServer _server = null!;
    private TrafficCapture _amber = null!;
    private TrafficCapture _red = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = await WebTestServer.StartAsync();
        _amber = Capture("amber.pcap", Tlp.Amber, 1234);
        _red = Capture("red.pcap", Tlp.Red, 999);
        foreach (var capture in new[] { _amber, _red })
        {
            await _server.Store.Traffic.SaveAsync(capture, [new TrafficBucket(s_start, capture.Summary.Messages, capture.Summary.Queries, capture.Summary.Responses, 0, 3, 4, [], [])], [], Ct);
        }
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task The_page_needs_a_sign_in_and_shows_what_the_reader_may_see()
    {
        using (var anonymous = _server.Client())
        {
            using var response = await anonymous.GetAsync("/traffic", Ct);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Contains("/login", response.Headers.Location?.ToString(), StringComparison.Ordinal);
        }

        using var client = await _server.SignInAsync("viewer");
        var html = await client.GetStringAsync("/traffic", Ct);
        Assert.Contains("<b id=\"messages\">1234</b>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("red.pcap", html, StringComparison.Ordinal);
        using var red = await client.GetAsync($"/traffic?id={_red.Id}", Ct);
        Assert.Equal(HttpStatusCode.NotFound, red.StatusCode);
        using var bad = await client.GetAsync("/traffic?id=not-a-guid", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task The_API_lists_and_gets_through_the_TLP_filter_and_is_in_the_OpenAPI_document()
    {
        using var api = _server.ApiClient(await _server.TokenAsync(UserRole.Viewer));
        var list = await api.GetFromJsonAsync<JsonElement>("/api/v1/traffic", Ct);
        Assert.Equal(["amber.pcap"], list.EnumerateArray().Select(c => c.GetProperty("source").GetString()));
        var detail = await api.GetFromJsonAsync<JsonElement>($"/api/v1/traffic/{_amber.Id}", Ct);
        Assert.Equal(1234, detail.GetProperty("capture").GetProperty("summary").GetProperty("messages").GetInt64());
        Assert.Equal(1, detail.GetProperty("buckets").GetArrayLength());
        using var red = await api.GetAsync($"/api/v1/traffic/{_red.Id}", Ct);
        Assert.Equal(HttpStatusCode.NotFound, red.StatusCode);
        using var limit = await api.GetAsync("/api/v1/traffic?limit=0", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, limit.StatusCode);

        var doc = await api.GetFromJsonAsync<JsonElement>("/openapi/v1.json", Ct);
        Assert.True(doc.GetProperty("paths").TryGetProperty("/api/v1/traffic", out _));
        Assert.True(doc.GetProperty("paths").TryGetProperty("/api/v1/traffic/{id}", out _));
    }

    [Fact]
    public async Task A_reader_of_another_organisation_sees_no_shared_traffic_and_RED_shows_only_to_its_named_person()
    {
        await Dnscert.Coordination.Stakeholders.StakeholderDirectory.ImportAsync(_server.Store.Stakeholders, Dnscert.Coordination.Stakeholders.StakeholderDirectory.Sample(), Ct);
        foreach (var (name, org) in new[] { ("reg", "registry-test"), ("rita", "registrar-alpha"), ("carol", (string?)null) })
        {
            await _server.Store.Users.SaveAsync(new StoreUser(name, Dnscert.Web.Auth.PasswordHasher.Hash(WebTestServer.Password, 1000), UserRole.Viewer, org), Ct);
        }

        var strict = Capture("strict-shared.dnstap", Tlp.AmberStrict, 4321) with { Recipients = ["registry-test"] };
        var named = Capture("red-named.dnstap", Tlp.Red, 77) with { People = ["carol"] };
        foreach (var capture in new[] { strict, named })
        {
            await _server.Store.Traffic.SaveAsync(capture, [], [], Ct);
        }

        // Pages: the recipient's reader sees the AMBER+STRICT capture, another organisation's reader neither sees it
        // listed nor opens it; only carol, named on the RED capture, opens that one (the staff viewer does not).
        foreach (var (user, sees, hidden) in new[]
        {
            ("reg", new[] { strict }, new[] { named, _amber, _red }),
            ("rita", [], [strict, named, _amber, _red]),
            ("carol", [named, _amber, strict], [_red]), // the team reads AMBER+STRICT; RED because she is named
            ("viewer", [strict, _amber], [named, _red]),
        })
        {
            using var client = await _server.SignInAsync(user);
            var list = await client.GetStringAsync("/traffic", Ct);
            foreach (var capture in sees)
            {
                Assert.Contains(capture.Source, list, StringComparison.Ordinal);
                using var page = await client.GetAsync($"/traffic?id={capture.Id}", Ct);
                Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            }

            foreach (var capture in hidden)
            {
                Assert.DoesNotContain(capture.Source, list, StringComparison.Ordinal);
                using var page = await client.GetAsync($"/traffic?id={capture.Id}", Ct);
                Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
            }
        }

        // API, with tokens of each organisation.
        var users = new Dnscert.Web.Auth.UserAdmin(_server.Store);
        using var recipient = _server.ApiClient((await users.CreateTokenAsync(UserRole.Viewer, "registry-test", Ct)).Token);
        using var outsider = _server.ApiClient((await users.CreateTokenAsync(UserRole.Viewer, "registrar-alpha", Ct)).Token);
        Assert.Equal(["strict-shared.dnstap"], (await recipient.GetFromJsonAsync<JsonElement>("/api/v1/traffic", Ct)).EnumerateArray().Select(c => c.GetProperty("source").GetString()));
        Assert.Equal(4321, (await recipient.GetFromJsonAsync<JsonElement>($"/api/v1/traffic/{strict.Id}", Ct)).GetProperty("capture").GetProperty("summary").GetProperty("messages").GetInt64());
        Assert.Empty((await outsider.GetFromJsonAsync<JsonElement>("/api/v1/traffic", Ct)).EnumerateArray());
        using var hiddenStrict = await outsider.GetAsync($"/api/v1/traffic/{strict.Id}", Ct);
        Assert.Equal(HttpStatusCode.NotFound, hiddenStrict.StatusCode);
        using var hiddenRed = await recipient.GetAsync($"/api/v1/traffic/{named.Id}", Ct);
        Assert.Equal(HttpStatusCode.NotFound, hiddenRed.StatusCode);
    }

    private static TrafficCapture Capture(string source, Tlp tlp, long messages) => new(
        Guid.CreateVersion7(),
        source,
        tlp,
        s_start,
        s_start,
        s_start.AddMinutes(1),
        TimeSpan.FromMinutes(1),
        new TrafficSummary(messages, messages / 2, messages / 2, 0, 0, new TrafficEstimate(3, 0.00812), new TrafficEstimate(4, 0.00812), [], [],
            new TrafficTopList(0, []), new TrafficTopList(0, []), 0));
}
