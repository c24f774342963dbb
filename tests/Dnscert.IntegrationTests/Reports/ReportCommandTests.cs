using System.Diagnostics;
using System.Text.Json;
using Dnscert.Cli;
using Dnscert.Core;
using Dnscert.Core.Store;
using Dnscert.IntegrationTests.Store;
using Dnscert.Store;

namespace Dnscert.IntegrationTests.Reports;

/// <summary><c>dnscert report</c> end to end on a real SQLite store: the numbers match the stored observations in every format.</summary>
public sealed class ReportCommandTests : IAsyncLifetime
{
    private static readonly DateTimeOffset s_start = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly SqliteBackend _backend = new();
    private readonly string _work = Directory.CreateTempSubdirectory("dnscert-report-test-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await using var store = await StoreFactory.OpenAsync(_backend.Options(), cancellationToken: Ct);
        var observations = new List<Observation>();
        // 12 phishing domains in .fr (critical), 5 in .ke (error), 3 lame delegations in .com (warning), 2 of them resolved.
        observations.AddRange(Enumerable.Range(0, 12).Select(i => Make($"p{i}.fr", "abuse.phishing", Severity.Critical, i % 10)));
        observations.AddRange(Enumerable.Range(0, 5).Select(i => Make($"k{i}.ke", "abuse.phishing", Severity.Error, i)));
        observations.AddRange(Enumerable.Range(0, 3).Select(i => Make($"l{i}.com", "infra.lame-delegation", Severity.Warning, 2) with
        {
            State = i < 2 ? ObservationState.Resolved : ObservationState.Open,
        }));
        await store.Observations.SaveAllAsync(observations, Ct);
        await File.WriteAllTextAsync(Path.Combine(_work, "caps.json"), """
            [{"organisation":"CERT-FR","threat_type":"abuse.phishing","function":"detect","regions":["europe"],"languages":["fr"]},
             {"organisation":"CERT-FR","threat_type":"abuse.phishing","function":"mitigate","regions":["europe"],"languages":["fr"]}]
            """, Ct);
        await File.WriteAllTextAsync(Path.Combine(_work, "sizes.txt"), "# test sizes\nfr 40000\nke 1000\n", Ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _backend.DisposeAsync();
        Directory.Delete(_work, recursive: true);
    }

    [Fact]
    public async Task Json_threat_report_counts_what_was_stored()
    {
        var (code, output, error) = await RunAsync("report", "threats", "--from", "2026-06-01", "--to", "2026-06-30", "--format", "json", "--tld-sizes", Path.Combine(_work, "sizes.txt"));

        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal(20, root.GetProperty("total_affected").GetInt64());
        Assert.Equal(12, root.GetProperty("by_tld").GetProperty("fr").GetInt64());
        Assert.Equal(5, root.GetProperty("by_tld").GetProperty("ke").GetInt64());
        Assert.Equal(17, root.GetProperty("by_source").GetProperty("feeds").GetInt64());
        Assert.Equal(12, root.GetProperty("severities").GetProperty("critical").GetInt64());
        var lame = root.GetProperty("mitigation").EnumerateArray().Single();
        Assert.Equal(2, lame.GetProperty("resolved").GetInt64());
        Assert.Equal(2, root.GetProperty("rates").GetArrayLength());
    }

    [Fact]
    public async Task Health_report_keeps_only_what_the_checks_found_and_csv_has_one_row_per_number()
    {
        var (code, output, error) = await RunAsync("report", "health", "--from", "2026-06-01", "--to", "2026-06-30", "--format", "csv");

        Assert.True(code == 0, error);
        Assert.Contains("total,affected,3\n", output, StringComparison.Ordinal);
        Assert.Contains("tld,com,3\n", output, StringComparison.Ordinal);
        Assert.DoesNotContain("tld,fr", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gap_report_in_spanish_shows_the_heat_map_and_the_uncovered_functions()
    {
        var (code, output, error) = await RunAsync("report", "gaps", "--from", "2026-06-01", "--to", "2026-06-30", "--lang", "es", "--capabilities", Path.Combine(_work, "caps.json"));

        Assert.True(code == 0, error);
        Assert.Contains("<html lang=\"es\">", output, StringComparison.Ordinal);
        Assert.Contains("Informe de brechas de cobertura", output, StringComparison.Ordinal);
        Assert.Contains("<svg", output, StringComparison.Ordinal);
        // Europe has detect and mitigate; Africa (.ke) has nobody.
        Assert.Contains("<td>abuse.phishing</td><td class=\"n\">europe</td><td class=\"n\">12</td><td class=\"n\">96</td><td class=\"n\">analyse, coordinate, train</td>", output, StringComparison.Ordinal);
        Assert.Contains("<td>abuse.phishing</td><td class=\"n\">africa</td><td class=\"n\">5</td><td class=\"n\">20</td><td class=\"n\">detect, analyse, mitigate, coordinate, train</td>", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_capabilities_file_the_gap_report_asks_the_stakeholder_directory()
    {
        await using (var store = await StoreFactory.OpenAsync(_backend.Options(), cancellationToken: Ct))
        {
            // The fictional sample: the .test registry (a gTLD-like suffix, so the whole world) detects, analyses and
            // mitigates lame delegations; nobody in it coordinates or trains for them outside Europe.
            await Dnscert.Coordination.Stakeholders.StakeholderDirectory.ImportAsync(store.Stakeholders, Dnscert.Coordination.Stakeholders.StakeholderDirectory.Sample(), Ct);
        }

        var (code, output, error) = await RunAsync("report", "gaps", "--from", "2026-06-01", "--to", "2026-06-30", "--format", "csv");
        Assert.True(code == 0, error);
        Assert.Contains("gap_missing,infra.lame-delegation global,coordinate train", output, StringComparison.Ordinal);
        Assert.Contains("gap_missing,abuse.phishing europe,detect analyse mitigate coordinate train", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pdf_report_in_french_is_a_pdf_with_the_title_and_the_numbers()
    {
        var pdf = Path.Combine(_work, "report.pdf");
        var (code, _, error) = await RunAsync("report", "threats", "--from", "2026-06-01", "--to", "2026-06-30", "--format", "pdf", "--lang", "fr", "--out", pdf);

        Assert.True(code == 0, error);
        var bytes = await File.ReadAllBytesAsync(pdf, Ct);
        Assert.Equal("%PDF-"u8.ToArray(), bytes[..5]);
        var text = await PdfTextAsync(pdf);
        Assert.Contains("Rapport sur les menaces DNS", text, StringComparison.Ordinal);
        Assert.Contains("Observations touchant un sujet pendant la période: 20", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_dates_and_periods_fail_with_a_clear_message()
    {
        var (code, _, error) = await RunAsync("report", "threats", "--from", "2026-13-01", "--to", "2026-06-30");
        Assert.Equal(DnscertApp.UserErrorExitCode, code);
        Assert.Contains("--from '2026-13-01' is not a date", error, StringComparison.Ordinal);

        (code, _, error) = await RunAsync("report", "threats", "--from", "2025-01-01", "--to", "2026-06-30");
        Assert.NotEqual(0, code);
        Assert.Contains("longer than 366 days", error, StringComparison.Ordinal);
    }

    private async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await DnscertApp.RunAsync([.. args, "--data", _backend.Directory], output, error, Ct);
        return (code, output.ToString(), error.ToString());
    }

    private static async Task<string> PdfTextAsync(string pdf)
    {
        var start = new ProcessStartInfo("pdftotext") { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(pdf);
        start.ArgumentList.Add("-");
        using var process = Process.Start(start)!;
        var text = await process.StandardOutput.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        Assert.Equal(0, process.ExitCode);
        return text;
    }

    private static Observation Make(string domain, string threat, Severity severity, int day) => new(
        Guid.CreateVersion7(),
        new Subject(SubjectKind.Domain, domain),
        threat,
        severity,
        Tlp.Green,
        s_start.AddDays(day).AddHours(3),
        s_start.AddDays(day + 2).AddHours(9),
        ObservationState.Open,
        $"{threat}|{domain}",
        [],
        "test");
}
