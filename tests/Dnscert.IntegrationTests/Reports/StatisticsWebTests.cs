using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dnscert.Core;
using Dnscert.Core.Store;
using Dnscert.IntegrationTests.Web;

namespace Dnscert.IntegrationTests.Reports;

/// <summary>The statistics and gap pages and API on a real Kestrel and SQLite store.</summary>
public sealed class StatisticsWebTests : IAsyncLifetime
{
    private static readonly DateTimeOffset s_start = new(2026, 4, 1, 0, 0, 0, TimeSpan.Zero);
    private WebTestServer _server = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = await WebTestServer.StartAsync();
        var observations = Enumerable.Range(0, 7).Select(i => Make($"s{i}.br", "abuse.phishing", Severity.Error, i))
            .Concat(Enumerable.Range(0, 2).Select(i => Make($"n{i}.example.jp", "infra.dnssec-bogus", Severity.Critical, i)))
            .ToList();
        await _server.Store.Observations.SaveAllAsync(observations, Ct);
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task The_statistics_page_shows_the_totals_and_charts_of_the_period()
    {
        using var client = await _server.SignInAsync("viewer");
        var html = await client.GetStringAsync("/statistics?from=2026-04-01&to=2026-04-30", Ct);

        Assert.Contains("<h1>Statistics</h1>", html, StringComparison.Ordinal);
        Assert.Contains("<b id=\"total\">9</b>", html, StringComparison.Ordinal);
        Assert.Contains("<desc>br: 7, jp: 2</desc>", html, StringComparison.Ordinal);
        Assert.Contains("<desc>latin-america: 7, asia: 2</desc>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_gap_page_and_api_list_every_observed_cell_as_uncovered_without_capabilities()
    {
        using var client = await _server.SignInAsync("viewer");
        var html = await client.GetStringAsync("/gaps?from=2026-04-01&to=2026-04-30", Ct);
        Assert.Contains("<td>abuse.phishing</td><td>latin-america</td><td>7</td><td>28</td><td>detect, analyse, mitigate, coordinate, train</td>", html, StringComparison.Ordinal);

        using var api = _server.ApiClient(await _server.TokenAsync(UserRole.Viewer));
        var gaps = await api.GetFromJsonAsync<JsonElement>("/api/v1/gaps?from=2026-04-01&to=2026-04-30", Ct);
        var first = gaps.GetProperty("gaps")[0];
        Assert.Equal("abuse.phishing", first.GetProperty("threat_type_id").GetString());
        Assert.Equal(7, first.GetProperty("affected").GetInt64());
        var csv = await api.GetStringAsync("/api/v1/statistics?from=2026-04-01&to=2026-04-30&format=csv", Ct);
        Assert.Contains("tld,br,7\n", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_the_stakeholder_directory_the_gap_matrix_shows_who_covers_what_and_the_real_gaps()
    {
        // The fictional sample: the .test registry detects, analyses and mitigates lame delegations; the French CERT
        // coordinates and trains, but only in Europe; nobody does anything about DGA malware.
        await Dnscert.Coordination.Stakeholders.StakeholderDirectory.ImportAsync(_server.Store.Stakeholders, Dnscert.Coordination.Stakeholders.StakeholderDirectory.Sample(), Ct);
        await _server.Store.Observations.SaveAllAsync([Make("lame.test", "infra.lame-delegation", Severity.Error, 1), Make("dga.test", "attack.dga", Severity.Warning, 2)], Ct);

        using var api = _server.ApiClient(await _server.TokenAsync(UserRole.Viewer));
        var gaps = (await api.GetFromJsonAsync<JsonElement>("/api/v1/gaps?from=2026-04-01&to=2026-04-30", Ct)).GetProperty("gaps").EnumerateArray().ToList();
        var lame = gaps.Single(g => g.GetProperty("threat_type_id").GetString() == "infra.lame-delegation");
        Assert.Equal(["coordinate", "train"], lame.GetProperty("missing").EnumerateArray().Select(m => m.GetString()!.ToLowerInvariant()));
        var dga = gaps.Single(g => g.GetProperty("threat_type_id").GetString() == "attack.dga");
        Assert.Equal(5, dga.GetProperty("missing").GetArrayLength());
    }

    [Fact]
    public async Task Bad_periods_are_problem_details_naming_the_parameter()
    {
        using var api = _server.ApiClient(await _server.TokenAsync(UserRole.Viewer));
        using var response = await api.GetAsync("/api/v1/statistics?from=yesterday", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("from 'yesterday' is not a date", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        var doc = await api.GetFromJsonAsync<JsonElement>("/openapi/v1.json", Ct);
        Assert.True(doc.GetProperty("paths").TryGetProperty("/api/v1/gaps", out _));
        Assert.True(doc.GetProperty("paths").TryGetProperty("/api/v1/statistics", out _));
    }

    private static Observation Make(string domain, string threat, Severity severity, int day) => new(
        Guid.CreateVersion7(),
        new Subject(SubjectKind.Domain, domain),
        threat,
        severity,
        Tlp.Green,
        s_start.AddDays(day).AddHours(1),
        s_start.AddDays(day).AddHours(5),
        ObservationState.Open,
        $"{threat}|{domain}",
        [],
        "test");
}
