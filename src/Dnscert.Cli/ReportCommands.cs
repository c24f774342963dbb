using System.CommandLine;
using System.Globalization;
using System.Text;
using Dnscert.Core;
using Dnscert.Reports.Gaps;
using Dnscert.Reports.Rendering;
using Dnscert.Reports.Statistics;

namespace Dnscert.Cli;

/// <summary><c>dnscert report threats|health|gaps</c> and <c>dnscert stats rebuild</c>: numbers from the daily aggregate.</summary>
internal static class ReportCommands
{
    public static Command BuildReport(CliContext context)
    {
        var report = new Command("report", "Write a report (threats, health, gaps) for a period as HTML, PDF, JSON or CSV.");
        StoreAccess.AddTo(report);
        foreach (var kind in Enum.GetValues<ReportKind>())
        {
            report.Add(BuildKind(context, kind));
        }

        foreach (var command in PublishedReportCommands.Build(context))
        {
            report.Add(command);
        }

        return report;
    }

    public static Command BuildStats(CliContext context)
    {
        var stats = new Command("stats", "The daily statistics aggregate behind reports and the dashboard.");
        StoreAccess.AddTo(stats);
        var rebuild = new Command("rebuild", "Recompute the daily aggregate from every stored observation.");
        rebuild.SetAction(async (parse, ct) =>
        {
            await using var store = await StoreAccess.OpenAsync(parse, context, ct).ConfigureAwait(false);
            var read = await store.ObservationStatistics.RebuildAsync(ct).ConfigureAwait(false);
            await context.Output.WriteLineAsync(CheckCommand.Invariant($"Rebuilt the daily aggregate from {read} observation(s) ({store.Description}).")).ConfigureAwait(false);
            return 0;
        });
        stats.Add(rebuild);
        return stats;
    }

    private static Command BuildKind(CliContext context, ReportKind kind)
    {
        var name = kind.ToString().ToLowerInvariant();
        var from = new Option<string>("--from") { Description = "First day (YYYY-MM-DD, UTC).", Required = true };
        var to = new Option<string>("--to") { Description = "Last day (YYYY-MM-DD, UTC), at most 366 days after --from.", Required = true };
        var format = new Option<string>("--format") { Description = "html, pdf, json or csv.", DefaultValueFactory = _ => "html" };
        format.AcceptOnlyFromAmong("html", "pdf", "json", "csv");
        var lang = new Option<string>("--lang") { Description = "Language of the texts: en, fr or es.", DefaultValueFactory = _ => "en" };
        lang.AcceptOnlyFromAmong([.. ReportText.Languages]);
        var output = new Option<FileInfo?>("--out") { Description = "Write to this file (required for pdf; default standard output)." };
        var sizes = new Option<FileInfo?>("--tld-sizes") { Description = "Domains per TLD ('TLD SIZE' per line) for rates per 10,000 domains." };
        var capabilities = new Option<FileInfo?>("--capabilities") { Description = "Capabilities JSON for the gap analysis (docs/gaps.md); default: the stakeholder directory of the store." };
        var command = new Command(name, Describe(kind)) { from, to, format, lang, output, sizes, capabilities };
        command.SetAction(async (parse, ct) =>
        {
            var period = StatisticsPeriod.Create(Day(parse.GetValue(from)!, "--from"), Day(parse.GetValue(to)!, "--to"));
            var tldSizes = parse.GetValue(sizes) is { } sizeFile
                ? TldSizes.Parse(await ReadBoundedAsync(sizeFile, TldSizes.MaxBytes, ct).ConfigureAwait(false), sizeFile.FullName)
                : new Dictionary<string, long>();
            await using var store = await StoreAccess.OpenAsync(parse, context, ct).ConfigureAwait(false);
            // A capabilities file wins; otherwise the stakeholder directory of the store says who can do what, as on the dashboard.
            IReadOnlyList<Capability> caps = parse.GetValue(capabilities) is { } capFile
                ? await new CapabilityFile(capFile.FullName).ListAsync(ct).ConfigureAwait(false)
                : kind == ReportKind.Gaps ? await new Dnscert.Web.DirectoryCapabilitySource(store).ListAsync(ct).ConfigureAwait(false) : [];
            var summary = await store.ObservationStatistics.ReadSummaryAsync(period.From, period.To, ct).ConfigureAwait(false);
            var content = ReportContent.Build(kind, parse.GetValue(lang)!, summary, period, context.Time.GetUtcNow(), tldSizes, caps);
            var target = parse.GetValue(output);
            switch (parse.GetValue(format))
            {
                case "pdf":
                    if (target is null)
                    {
                        throw new DnscertException("--format pdf needs --out FILE.");
                    }

                    await PdfPrinter.PrintAsync(HtmlReport.Render(content), target.FullName, cancellationToken: ct).ConfigureAwait(false);
                    await context.Error.WriteLineAsync($"Wrote {target.FullName}.").ConfigureAwait(false);
                    return 0;
                case "json":
                    await WriteAsync(context, target, ReportExport.Json(content), ct).ConfigureAwait(false);
                    return 0;
                case "csv":
                    await WriteAsync(context, target, ReportExport.Csv(content), ct).ConfigureAwait(false);
                    return 0;
                default:
                    await WriteAsync(context, target, HtmlReport.Render(content), ct).ConfigureAwait(false);
                    return 0;
            }
        });
        return command;
    }

    private static string Describe(ReportKind kind) => kind switch
    {
        ReportKind.Health => "Infrastructure health: what the checks found (infra.* threat types).",
        ReportKind.Gaps => "Coverage gaps: observed threat types per region against the stakeholders' capabilities (directory or --capabilities file).",
        _ => "Every threat observed: checks, traffic and feeds.",
    };

    private static DateOnly Day(string text, string option) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day
            : throw new DnscertException($"{option} '{text}' is not a date (YYYY-MM-DD).");

    private static async Task<string> ReadBoundedAsync(FileInfo file, int maxBytes, CancellationToken ct)
    {
        if (!file.Exists)
        {
            throw new DnscertException($"{file.FullName} does not exist.");
        }

        return file.Length > maxBytes
            ? throw new DnscertException($"{file.FullName} is {file.Length} bytes; the limit is {maxBytes}.")
            : await File.ReadAllTextAsync(file.FullName, Encoding.UTF8, ct).ConfigureAwait(false);
    }

    private static async Task WriteAsync(CliContext context, FileInfo? target, string text, CancellationToken ct)
    {
        if (target is null)
        {
            await context.Output.WriteAsync(text).ConfigureAwait(false);
            return;
        }

        await File.WriteAllTextAsync(target.FullName, text, ct).ConfigureAwait(false);
        await context.Error.WriteLineAsync($"Wrote {target.FullName}.").ConfigureAwait(false);
    }
}
