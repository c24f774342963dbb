using System.Diagnostics;
using System.Text.Json;
using Dnscert.Cli;
using Dnscert.Core;
using Dnscert.Core.Store;
using Dnscert.IntegrationTests.Store;
using Dnscert.Store;

namespace Dnscert.IntegrationTests.Reports;

/// <summary>
/// <c>dnscert report publish|list|show|close</c> end to end on a real SQLite store: the published numbers survive new
/// observations, show gives the consultation with the report, close ends it and the export then carries the summary,
/// TLP applies to --as, and a report altered behind dnscert's back is detected by its hash.
/// </summary>
public sealed class PublishedReportCommandTests : IAsyncLifetime
{
    private static readonly DateTimeOffset s_start = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly SqliteBackend _backend = new();
    private readonly string _work = Directory.CreateTempSubdirectory("dnscert-publish-test-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await using var store = await StoreFactory.OpenAsync(_backend.Options(), cancellationToken: Ct);
        await store.Observations.SaveAllAsync([.. Enumerable.Range(0, 4).Select(i => Make($"p{i}.fr", i))], Ct);
        await Dnscert.Coordination.Stakeholders.StakeholderDirectory.ImportAsync(store.Stakeholders, Dnscert.Coordination.Stakeholders.StakeholderDirectory.Sample(), Ct);
        await store.Users.SaveAsync(new StoreUser("registry-user", "x", UserRole.Viewer, "registry-test"), Ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _backend.DisposeAsync();
        Directory.Delete(_work, recursive: true);
    }

    [Fact]
    public async Task A_published_report_keeps_its_numbers_shows_its_consultation_and_summarises_it_once_closed()
    {
        var (code, output, error) = await RunAsync("report", "publish", "threats", "--from", "2026-06-01", "--to", "2026-06-30", "--tlp", "green", "--title", "June, for consultation", "--comments-until", "2099-12-31");
        Assert.True(code == 0, error);
        var id = Guid.Parse(output.Trim());
        Assert.Contains("consultation open until 2100-01-01 00:00 UTC", error, StringComparison.Ordinal);

        await using (var store = await StoreFactory.OpenAsync(_backend.Options(), cancellationToken: Ct))
        {
            await store.Observations.SaveAllAsync([.. Enumerable.Range(10, 6).Select(i => Make($"late{i}.fr", i))], Ct);
            var now = TimeProvider.System.GetUtcNow();
            Assert.Equal(ConsultationOutcome.Recorded, await store.PublishedReports.AddCommentAsync(new ReportComment(Guid.CreateVersion7(), id, "registry-user", "registry-test", now, "The .fr numbers match ours."), Ct));
            Assert.Equal(ConsultationOutcome.Recorded, await store.PublishedReports.AddStanceAsync(new ReportStanceEntry(id, "registry-user", "registry-test", ReportStance.SupportsWithReservations, now), Ct));
        }

        (code, output, error) = await RunAsync("report", "threats", "--from", "2026-06-01", "--to", "2026-06-30", "--format", "json");
        Assert.True(code == 0, error);
        Assert.Equal(10, JsonDocument.Parse(output).RootElement.GetProperty("total_affected").GetInt64());

        (code, output, error) = await RunAsync("report", "show", id.ToString(), "--format", "json");
        Assert.True(code == 0, error);
        var shown = JsonDocument.Parse(output).RootElement;
        Assert.Equal(4, shown.GetProperty("content").GetProperty("total_affected").GetInt64());
        Assert.Equal("June, for consultation", shown.GetProperty("report").GetProperty("title").GetString());
        Assert.True(shown.GetProperty("report").GetProperty("open").GetBoolean());
        Assert.Equal("The .fr numbers match ours.", Assert.Single(shown.GetProperty("comments").EnumerateArray()).GetProperty("text").GetString());
        Assert.Equal(1, shown.GetProperty("tally").GetProperty("supports_with_reservations").GetInt32());

        (code, output, error) = await RunAsync("report", "close", id.ToString());
        Assert.True(code == 0, error);
        (code, _, error) = await RunAsync("report", "close", id.ToString());
        Assert.Equal(DnscertApp.UserErrorExitCode, code);
        Assert.Contains("was closed by cli", error, StringComparison.Ordinal);

        (code, output, error) = await RunAsync("report", "list");
        Assert.True(code == 0, error);
        Assert.Contains($"{id}  ", output, StringComparison.Ordinal);
        Assert.Contains("TLP:GREEN         closed  June, for consultation", output, StringComparison.Ordinal);

        (code, output, error) = await RunAsync("report", "show", id.ToString(), "--format", "html");
        Assert.True(code == 0, error);
        Assert.Contains("<span id=\"total\">4</span>", output, StringComparison.Ordinal);
        Assert.Contains("<h2>Consultation summary</h2>", output, StringComparison.Ordinal);
        Assert.Contains("<tr><td>Test Names Registry (fictional)</td><td class=\"n\">1</td><td class=\"n\">0</td><td class=\"n\">1</td><td class=\"n\">0</td></tr>", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_pdf_export_of_a_closed_consultation_carries_the_summary()
    {
        var (code, output, error) = await RunAsync("report", "publish", "threats", "--from", "2026-06-01", "--to", "2026-06-30", "--tlp", "clear", "--title", "Rapport de juin", "--lang", "fr");
        Assert.True(code == 0, error);
        var id = output.Trim();
        Assert.Equal(0, (await RunAsync("report", "close", id)).Code);
        var pdf = Path.Combine(_work, "consultation.pdf");

        (code, _, error) = await RunAsync("report", "show", id, "--format", "pdf", "--out", pdf);

        Assert.True(code == 0, error);
        var text = await PdfTextAsync(pdf);
        Assert.Contains("Rapport de juin", text, StringComparison.Ordinal);
        Assert.Contains("Synthèse de la consultation", text, StringComparison.Ordinal);
        Assert.Contains("Nombre de commentaires: 0", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publishing_and_reading_follow_roles_and_TLP_and_bad_values_are_named()
    {
        var (code, output, error) = await RunAsync("report", "publish", "gaps", "--from", "2026-06-01", "--to", "2026-06-30", "--tlp", "amber", "--title", "Team only");
        Assert.True(code == 0, error);
        var id = output.Trim();

        (code, _, error) = await RunAsync("report", "show", id, "--as", "registry-user");
        Assert.Equal(DnscertApp.UserErrorExitCode, code);
        Assert.Contains($"there is no published report {id}", error, StringComparison.Ordinal);
        (code, output, _) = await RunAsync("report", "list", "--as", "registry-user");
        Assert.Equal(0, code);
        Assert.DoesNotContain(id, output, StringComparison.Ordinal);

        (code, _, error) = await RunAsync("report", "publish", "threats", "--from", "2026-06-01", "--to", "2026-06-30", "--tlp", "green", "--title", "x", "--as", "registry-user");
        Assert.Equal(DnscertApp.UserErrorExitCode, code);
        Assert.Contains("'registry-user' may not publish reports", error, StringComparison.Ordinal);
        (code, _, error) = await RunAsync("report", "publish", "threats", "--from", "2026-06-01", "--to", "2026-06-30", "--tlp", "red", "--title", "x");
        Assert.Equal(DnscertApp.UserErrorExitCode, code);
        Assert.Contains("cannot be TLP:RED", error, StringComparison.Ordinal);
        (code, _, error) = await RunAsync("report", "publish", "threats", "--from", "2026-06-01", "--to", "2026-06-30", "--tlp", "green", "--title", "x", "--comments-until", "next week");
        Assert.Equal(DnscertApp.UserErrorExitCode, code);
        Assert.Contains("'next week' is not a closing date", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_report_altered_behind_dnscerts_back_is_detected_by_its_hash()
    {
        var (code, output, error) = await RunAsync("report", "publish", "health", "--from", "2026-06-01", "--to", "2026-06-30", "--tlp", "clear", "--title", "Health");
        Assert.True(code == 0, error);
        var id = output.Trim();
        // Only someone who drops the database's guard can change a published report; show then refuses it.
        await _backend.ExecuteAsync($"DROP TRIGGER published_reports_immutable; UPDATE published_reports SET json = replace(json, '\"total_affected\": 0', '\"total_affected\": 9') WHERE id = '{id}'");

        (code, _, error) = await RunAsync("report", "show", id);

        Assert.Equal(DnscertApp.UserErrorExitCode, code);
        Assert.Contains("does not match its content hash", error, StringComparison.Ordinal);
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
