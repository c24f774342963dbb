using System.Text.Json;
using Dnscert.Cli;
using Dnscert.Coordination.Stakeholders;
using Dnscert.Core;
using Dnscert.Core.Store;
using Dnscert.IntegrationTests.Store;
using Dnscert.Store;

namespace Dnscert.IntegrationTests.Reports;

/// <summary>
/// The language dimension of the gap report on the fictional sample directory and a real SQLite store: lame
/// delegations in .es are found and mitigated by organisations that speak French and English, and the one Spanish
/// speaker able to act in Europe (Beta Registrar) handles only changed delegations, so Spanish is a real gap.
/// </summary>
public sealed class GapLanguageTests : IAsyncLifetime
{
    private static readonly DateTimeOffset s_start = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly SqliteBackend _backend = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await using var store = await StoreFactory.OpenAsync(_backend.Options(), cancellationToken: Ct);
        await StakeholderDirectory.ImportAsync(store.Stakeholders, StakeholderDirectory.Sample(), Ct);
        List<Observation> observations =
        [
            .. Enumerable.Range(0, 4).Select(i => Make($"lame{i}.es", "infra.lame-delegation", i)),
            .. Enumerable.Range(0, 2).Select(i => Make($"lame{i}.fr", "infra.lame-delegation", i)),
            .. Enumerable.Range(0, 3).Select(i => Make($"open{i}.es", "infra.open-resolver", i)),
        ];
        await store.Observations.SaveAllAsync(observations, Ct);
    }

    public async ValueTask DisposeAsync() => await _backend.DisposeAsync();

    [Fact]
    public async Task Spanish_is_a_language_gap_for_lame_delegations_in_Europe_but_not_for_open_resolvers()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await DnscertApp.RunAsync(["report", "gaps", "--from", "2026-06-01", "--to", "2026-06-30", "--format", "json", "--data", _backend.Directory], output, error, Ct);

        Assert.True(code == 0, error.ToString());
        using var json = JsonDocument.Parse(output.ToString());
        var gaps = json.RootElement.GetProperty("gaps").EnumerateArray().ToList();
        var lame = gaps.Single(g => g.GetProperty("threat_type_id").GetString() == "infra.lame-delegation" && g.GetProperty("region").GetString() == "europe");
        Assert.Equal(["es"], lame.GetProperty("missing_languages").EnumerateArray().Select(e => e.GetString()));
        var spanish = lame.GetProperty("languages").EnumerateArray().Single(l => l.GetProperty("language").GetString() == "es");
        Assert.Equal(4, spanish.GetProperty("affected").GetInt64());
        var french = lame.GetProperty("languages").EnumerateArray().Single(l => l.GetProperty("language").GetString() == "fr");
        Assert.Equal(["cert-hexagone", "registrar-alpha", "registry-test"], french.GetProperty("speakers").EnumerateArray().Select(e => e.GetString()));

        // CSIRT Meseta speaks Spanish and detects and coordinates open resolvers in Europe: no language gap there.
        var open = gaps.Single(g => g.GetProperty("threat_type_id").GetString() == "infra.open-resolver" && g.GetProperty("region").GetString() == "europe");
        Assert.Empty(open.GetProperty("missing_languages").EnumerateArray());

        using var csv = new StringWriter();
        code = await DnscertApp.RunAsync(["report", "gaps", "--from", "2026-06-01", "--to", "2026-06-30", "--format", "csv", "--data", _backend.Directory], csv, error, Ct);
        Assert.Equal(0, code);
        Assert.Contains("gap_languages_missing,infra.lame-delegation europe,es\n", csv.ToString(), StringComparison.Ordinal);
    }

    private static Observation Make(string domain, string threat, int day) => new(
        Guid.CreateVersion7(),
        new Subject(SubjectKind.Domain, domain),
        threat,
        Severity.Warning,
        Tlp.Green,
        s_start.AddDays(day).AddHours(3),
        s_start.AddDays(day + 1).AddHours(9),
        ObservationState.Open,
        $"{threat}|{domain}",
        [],
        "test");
}
