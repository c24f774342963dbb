using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Dnscert.Core;
using Dnscert.Core.Store;
using Dnscert.Reports.Rendering;
using Dnscert.Reports.Statistics;
using Dnscert.Web.Consultation;

namespace Dnscert.Cli;

/// <summary>
/// <c>dnscert report publish|list|show|close</c>: reports rendered once and stored for consultation (docs/reports.md).
/// <c>--as USER</c> acts and reads as a user of the store (their organisation and TLP apply); without it the command
/// acts as the instance itself and records "cli" as the publisher or closer.
/// </summary>
internal static class PublishedReportCommands
{
    private static readonly Option<string?> s_as = new("--as") { Description = "Act and read as this user (their organisation and TLP apply); default: the instance itself." };

    public static IEnumerable<Command> Build(CliContext context) => [Publish(context), List(context), Show(context), Close(context)];

    private static Command Publish(CliContext context)
    {
        var kind = new Argument<string>("kind") { Description = "threats, health or gaps." };
        kind.AcceptOnlyFromAmong("threats", "health", "gaps");
        var from = new Option<string>("--from") { Description = "First day (YYYY-MM-DD, UTC).", Required = true };
        var to = new Option<string>("--to") { Description = "Last day (YYYY-MM-DD, UTC), at most 366 days after --from.", Required = true };
        var lang = new Option<string>("--lang") { Description = "Language of the texts: en, fr or es.", DefaultValueFactory = _ => "en" };
        lang.AcceptOnlyFromAmong([.. ReportText.Languages]);
        var tlp = new Option<string>("--tlp") { Description = "clear, green, amber or amber+strict (who may read it and take part).", Required = true };
        var title = new Option<string>("--title") { Description = $"Title, one line of at most {PublishedReport.MaxTitleLength} characters.", Required = true };
        var until = new Option<string?>("--comments-until") { Description = "Close the consultation at the end of this day (YYYY-MM-DD, UTC) or at this time (ISO 8601 with offset); default: open until closed." };
        var command = new Command("publish", "Compute a report once and store it for consultation; its numbers never change afterwards.") { kind, from, to, lang, tlp, title, until, s_as };
        command.SetAction(async (parse, ct) =>
        {
            var period = StatisticsPeriod.Create(Day(parse.GetValue(from)!, "--from"), Day(parse.GetValue(to)!, "--to"));
            var marking = CliValues.Tlp(parse.GetValue(tlp)!);
            var closing = ReportPublisher.ParseClosing(parse.GetValue(until));
            await using var store = await StoreAccess.OpenAsync(parse, context, ct).ConfigureAwait(false);
            var publisher = await PublisherAsync(parse.GetValue(s_as), store, ct).ConfigureAwait(false);
            var report = await new ReportPublisher(store, context.Time)
                .PublishAsync(ReportPublisher.ParseKind(parse.GetValue(kind))!.Value, period, parse.GetValue(lang)!, marking, parse.GetValue(title)!, closing, publisher, cancellationToken: ct)
                .ConfigureAwait(false);
            await context.Output.WriteLineAsync(report.Id.ToString()).ConfigureAwait(false);
            await context.Error.WriteLineAsync(CheckCommand.Invariant($"Published {report.Kind} report {report.Id} ({ConsultationHtml.TlpLabel(report.Tlp)}, sha256 {report.Sha256}); consultation {(closing is { } c ? $"open until {c.UtcDateTime:yyyy-MM-dd HH:mm} UTC" : "open until closed")}.")).ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    private static Command List(CliContext context)
    {
        var command = new Command("list", "Published reports you may read, newest first: id, published, kind, period, TLP, consultation, title.") { s_as };
        command.SetAction(async (parse, ct) =>
        {
            await using var store = await StoreAccess.OpenAsync(parse, context, ct).ConfigureAwait(false);
            var viewer = await CliValues.ViewerAsync(parse.GetValue(s_as), store, ct).ConfigureAwait(false);
            var now = context.Time.GetUtcNow();
            PublishedReportCursor? after = null;
            do
            {
                var page = await store.PublishedReports.ListAsync(viewer, after, 1000, ct).ConfigureAwait(false);
                foreach (var r in page.Items)
                {
                    var state = r.IsOpenAt(now) ? "open" : "closed";
                    await context.Output.WriteLineAsync(CheckCommand.Invariant($"{r.Id}  {r.PublishedAt.UtcDateTime:yyyy-MM-dd HH:mm}  {r.Kind,-7}  {r.From:yyyy-MM-dd}..{r.To:yyyy-MM-dd}  {ConsultationHtml.TlpLabel(r.Tlp),-16}  {state,-6}  {r.Title}")).ConfigureAwait(false);
                }

                after = page.Next;
            }
            while (after is not null);
            return 0;
        });
        return command;
    }

    private static Command Show(CliContext context)
    {
        var id = new Argument<Guid>("id") { Description = "The report's id (from publish or list)." };
        var format = new Option<string>("--format") { Description = "json (numbers, tally, every comment, stance history), html or pdf (the stored page with the consultation).", DefaultValueFactory = _ => "json" };
        format.AcceptOnlyFromAmong("json", "html", "pdf");
        var output = new Option<FileInfo?>("--out") { Description = "Write to this file (required for pdf; default standard output)." };
        var command = new Command("show", "A published report with its consultation; checks the stored content against its hash.") { id, format, output, s_as };
        command.SetAction(async (parse, ct) =>
        {
            await using var store = await StoreAccess.OpenAsync(parse, context, ct).ConfigureAwait(false);
            var viewer = await CliValues.ViewerAsync(parse.GetValue(s_as), store, ct).ConfigureAwait(false);
            var reportId = parse.GetValue(id);
            var report = await store.PublishedReports.GetAsync(reportId, viewer, ct).ConfigureAwait(false) ?? throw new DnscertException($"there is no published report {reportId}");
            if (PublishedReport.HashOf(report.Html, report.Json) != report.Sha256)
            {
                throw new DnscertException($"published report {reportId} does not match its content hash {report.Sha256}: the stored report was altered outside dnscert");
            }

            var now = context.Time.GetUtcNow();
            var target = parse.GetValue(output);
            switch (parse.GetValue(format))
            {
                case "json":
                    var document = await ConsultationDocument.ReadCompleteAsync(store, reportId, viewer, now, ct).ConfigureAwait(false);
                    await WriteAsync(context, target, JsonSerializer.Serialize(document, ConsultationDocument.JsonOptions) + "\n", ct).ConfigureAwait(false);
                    return 0;
                case "pdf":
                    if (target is null)
                    {
                        throw new DnscertException("--format pdf needs --out FILE.");
                    }

                    await PdfPrinter.PrintAsync((await ConsultationDocument.HtmlAsync(store, reportId, viewer, now, ct).ConfigureAwait(false))!, target.FullName, cancellationToken: ct).ConfigureAwait(false);
                    await context.Error.WriteLineAsync($"Wrote {target.FullName}.").ConfigureAwait(false);
                    return 0;
                default:
                    await WriteAsync(context, target, (await ConsultationDocument.HtmlAsync(store, reportId, viewer, now, ct).ConfigureAwait(false))!, ct).ConfigureAwait(false);
                    return 0;
            }
        });
        return command;
    }

    private static Command Close(CliContext context)
    {
        var id = new Argument<Guid>("id") { Description = "The report's id." };
        var command = new Command("close", "Close a report's consultation now: no more comments or stances.") { id, s_as };
        command.SetAction(async (parse, ct) =>
        {
            await using var store = await StoreAccess.OpenAsync(parse, context, ct).ConfigureAwait(false);
            var closer = parse.GetValue(s_as) is { } name
                ? (await store.Users.GetAsync(name, ct).ConfigureAwait(false) is { Role: UserRole.Admin } admin ? admin.Name : throw new DnscertException($"'{name}' is not an admin user; only admins close consultations"))
                : "cli";
            var result = await new ConsultationService(store, context.Time).CloseAsync(closer, parse.GetValue(id), ct).ConfigureAwait(false);
            if (!result.Succeeded)
            {
                throw new DnscertException(result.Message);
            }

            await context.Error.WriteLineAsync(result.Message).ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    private static async Task<string> PublisherAsync(string? userName, Dnscert.Store.DnscertStore store, CancellationToken ct)
    {
        if (userName is null)
        {
            return "cli";
        }

        var user = await store.Users.GetAsync(userName, ct).ConfigureAwait(false) ?? throw new DnscertException($"there is no user '{userName}'");
        return user.Role is UserRole.Analyst or UserRole.Admin && user.Organisation is null
            ? user.Name
            : throw new DnscertException($"'{userName}' may not publish reports: only analysts and admins of the instance's own team do");
    }

    private static DateOnly Day(string text, string option) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day
            : throw new DnscertException($"{option} '{text}' is not a date (YYYY-MM-DD).");

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
