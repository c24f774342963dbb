using System.Data.Common;
using System.Globalization;
using Dnscert.Core.Store;
using Dnscert.Store.Sql;
using Dnscert.Store.Visibility;
using Dnscert.Store.Writing;

namespace Dnscert.Store.Repositories;

internal sealed class PublishedReportRepository : IPublishedReportRepository
{
    /// <summary>Most comments one report keeps: a consultation, not a forum; the limit bounds pages and exports.</summary>
    public const int MaxComments = 10_000;

    /// <summary>Most stances one user may state on one report (the first and 49 changes of mind).</summary>
    public const int MaxStancesPerUser = 50;

    private const string Head = "r.id, r.kind, r.title, r.period_from, r.period_to, r.language, r.tlp, r.published_by, r.published_at, r.sha256, r.comments_until, r.closed_at, r.closed_by";

    private readonly DnscertStore _store;

    public PublishedReportRepository(DnscertStore store) => _store = store;

    public async Task AddAsync(PublishedReport report, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (report.Tlp == Tlp.Red)
        {
            // TLP:RED names people, and a published report names none: nobody could read it.
            throw new ArgumentException("a published report cannot be TLP:RED", nameof(report));
        }

        await _store.ExecuteAsync(
            $"publish report {report.Id}",
            "INSERT INTO published_reports (id, kind, title, period_from, period_to, language, tlp, published_by, published_at, sha256, html, json, comments_until, closed_at, closed_by) "
            + "VALUES (@id, @kind, @title, @from, @to, @lang, @tlp, @by, @at, @sha, @html, @json, @until, @closed_at, @closed_by)",
            (c, d) => c.With("@id", d.Id(report.Id)).With("@kind", report.Kind).With("@title", report.Title)
                .With("@from", Day(report.From)).With("@to", Day(report.To)).With("@lang", report.Language).With("@tlp", Codes.Of(report.Tlp))
                .With("@by", report.PublishedBy).With("@at", d.Time(report.PublishedAt)).With("@sha", report.Sha256).With("@html", report.Html).With("@json", report.Json)
                .With("@until", Time(d, report.CommentsUntil)).With("@closed_at", Time(d, report.ClosedAt)).With("@closed_by", report.ClosedBy),
            cancellationToken);
    }

    public async Task<PublishedReport?> GetAsync(Guid id, Viewer viewer, CancellationToken cancellationToken = default)
    {
        var visible = VisibilityFilter.PublishedReports(viewer, "r");
        var rows = await _store.QueryAsync(
            $"read published report {id}",
            $"SELECT {Head}, r.html, r.json FROM published_reports r WHERE r.id = @id AND {visible}",
            (c, d) => c.With("@id", d.Id(id)),
            (r, d) => Map(r, d) with { Html = r.GetString(13), Json = r.GetString(14) },
            cancellationToken);
        return rows.SingleOrDefault();
    }

    public async Task<Page<PublishedReport, PublishedReportCursor>> ListAsync(Viewer viewer, PublishedReportCursor? after, int limit, CancellationToken cancellationToken = default)
    {
        Limits.Page(limit);
        var visible = VisibilityFilter.PublishedReports(viewer, "r");
        var where = after is null ? visible : $"{visible} AND (r.published_at, r.id) < (@after_at, @after_id)";
        var rows = await _store.QueryAsync(
            "list published reports",
            $"SELECT {Head} FROM published_reports r WHERE {where} ORDER BY r.published_at DESC, r.id DESC LIMIT @limit",
            (c, d) =>
            {
                c.With("@limit", limit + 1);
                if (after is not null)
                {
                    c.With("@after_at", d.Time(after.PublishedAt)).With("@after_id", d.Id(after.Id));
                }
            },
            Map,
            cancellationToken);
        if (rows.Count <= limit)
        {
            return new Page<PublishedReport, PublishedReportCursor>(rows, null);
        }

        rows.RemoveAt(limit);
        return new Page<PublishedReport, PublishedReportCursor>(rows, new PublishedReportCursor(rows[^1].PublishedAt, rows[^1].Id));
    }

    public async Task<bool> CloseAsync(Guid id, string closedBy, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(closedBy);
        var changed = await _store.ExecuteAsync(
            $"close consultation of report {id}",
            "UPDATE published_reports SET closed_at = @at, closed_by = @by WHERE id = @id AND closed_at IS NULL",
            (c, d) => c.With("@at", d.Time(at)).With("@by", closedBy).With("@id", d.Id(id)),
            cancellationToken);
        return changed == 1;
    }

    public async Task<ConsultationOutcome> AddCommentAsync(ReportComment comment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(comment);
        var result = await _store.WriteAsync(
            $"comment on report {comment.ReportId}",
            async (context, token) =>
            {
                var d = context.Dialect;
                var open = await OpenAsync(context, comment.ReportId, comment.At, token);
                if (open != ConsultationOutcome.Recorded)
                {
                    return open;
                }

                var count = await CountAsync(context, "SELECT COUNT(*) FROM report_comments WHERE report_id = @id", c => c.With("@id", d.Id(comment.ReportId)), token);
                if (count >= MaxComments)
                {
                    return ConsultationOutcome.LimitReached;
                }

                await context.Command("INSERT INTO report_comments (id, report_id, author, organisation, at, text) VALUES (@id, @report, @author, @org, @at, @text)")
                    .With("@id", d.Id(comment.Id)).With("@report", d.Id(comment.ReportId)).With("@author", comment.Author).With("@org", comment.Organisation)
                    .With("@at", d.Time(comment.At)).With("@text", comment.Text)
                    .ExecuteNonQueryAsync(token);
                return ConsultationOutcome.Recorded;
            },
            cancellationToken);
        return (ConsultationOutcome)result!;
    }

    public async Task<ConsultationOutcome> AddStanceAsync(ReportStanceEntry stance, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stance);
        var result = await _store.WriteAsync(
            $"stance on report {stance.ReportId}",
            async (context, token) =>
            {
                var d = context.Dialect;
                var open = await OpenAsync(context, stance.ReportId, stance.At, token);
                if (open != ConsultationOutcome.Recorded)
                {
                    return open;
                }

                var count = await CountAsync(
                    context,
                    "SELECT COUNT(*) FROM report_stances WHERE report_id = @id AND user_name = @user",
                    c => c.With("@id", d.Id(stance.ReportId)).With("@user", stance.UserName),
                    token);
                if (count >= MaxStancesPerUser)
                {
                    return ConsultationOutcome.LimitReached;
                }

                await context.Command("INSERT INTO report_stances (report_id, user_name, seq, organisation, stance, at) VALUES (@id, @user, @seq, @org, @stance, @at)")
                    .With("@id", d.Id(stance.ReportId)).With("@user", stance.UserName).With("@seq", (int)count).With("@org", stance.Organisation)
                    .With("@stance", ReportStanceText.Of(stance.Stance)).With("@at", d.Time(stance.At))
                    .ExecuteNonQueryAsync(token);
                return ConsultationOutcome.Recorded;
            },
            cancellationToken);
        return (ConsultationOutcome)result!;
    }

    public async Task<Page<ReportComment, ReportCommentCursor>> ListCommentsAsync(Guid reportId, Viewer viewer, ReportCommentCursor? after, int limit, CancellationToken cancellationToken = default)
    {
        Limits.Page(limit);
        var visible = VisibilityFilter.PublishedReports(viewer, "r");
        var keyset = after is null ? "" : " AND (c.at, c.id) > (@after_at, @after_id)";
        var rows = await _store.QueryAsync(
            $"list comments of report {reportId}",
            $"SELECT c.id, c.report_id, c.author, c.organisation, c.at, c.text FROM report_comments c JOIN published_reports r ON r.id = c.report_id "
            + $"WHERE c.report_id = @id AND {visible}{keyset} ORDER BY c.at, c.id LIMIT @limit",
            (c, d) =>
            {
                c.With("@id", d.Id(reportId)).With("@limit", limit + 1);
                if (after is not null)
                {
                    c.With("@after_at", d.Time(after.At)).With("@after_id", d.Id(after.Id));
                }
            },
            (r, d) => new ReportComment(d.ReadId(r, 0), d.ReadId(r, 1), r.GetString(2), r.GetNullableString(3), d.ReadTime(r, 4), r.GetString(5)),
            cancellationToken);
        if (rows.Count <= limit)
        {
            return new Page<ReportComment, ReportCommentCursor>(rows, null);
        }

        rows.RemoveAt(limit);
        return new Page<ReportComment, ReportCommentCursor>(rows, new ReportCommentCursor(rows[^1].At, rows[^1].Id));
    }

    public async Task<IReadOnlyList<ReportStanceEntry>> ListStancesAsync(Guid reportId, Viewer viewer, CancellationToken cancellationToken = default)
    {
        var visible = VisibilityFilter.PublishedReports(viewer, "r");
        return await _store.QueryAsync(
            $"list stances on report {reportId}",
            $"SELECT s.report_id, s.user_name, s.organisation, s.stance, s.at FROM report_stances s JOIN published_reports r ON r.id = s.report_id "
            + $"WHERE s.report_id = @id AND {visible} ORDER BY s.at, s.user_name, s.seq",
            (c, d) => c.With("@id", d.Id(reportId)),
            (r, d) => new ReportStanceEntry(
                d.ReadId(r, 0), r.GetString(1), r.GetString(2),
                ReportStanceText.TryParse(r.GetString(3)) ?? throw new InvalidDataException($"the database holds an unknown stance '{r.GetString(3)}'"),
                d.ReadTime(r, 4)),
            cancellationToken);
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly DayOf(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static object? Time(StoreDialect dialect, DateTimeOffset? value) => value is { } v ? dialect.Time(v) : null;

    private static DateTimeOffset? NullableTime(DbDataReader reader, StoreDialect dialect, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : dialect.ReadTime(reader, ordinal);

    private static PublishedReport Map(DbDataReader r, StoreDialect d) => new(
        d.ReadId(r, 0), r.GetString(1), r.GetString(2), DayOf(r.GetString(3)), DayOf(r.GetString(4)), r.GetString(5), Codes.TlpOf(r.GetString(6)),
        r.GetString(7), d.ReadTime(r, 8), r.GetString(9), "", "", NullableTime(r, d, 10), NullableTime(r, d, 11), r.GetNullableString(12));

    private static async Task<long> CountAsync(WriteContext context, string sql, Action<DbCommand> bind, CancellationToken cancellationToken)
    {
        var command = context.Command(sql);
        bind(command);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    /// <summary>Recorded when the report exists and its consultation is open at <paramref name="at"/>, read in the write's transaction.</summary>
    private static async Task<ConsultationOutcome> OpenAsync(WriteContext context, Guid reportId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var d = context.Dialect;
        var command = context.Command("SELECT comments_until, closed_at FROM published_reports WHERE id = @id").With("@id", d.Id(reportId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return ConsultationOutcome.NotFound;
        }

        var until = NullableTime(reader, d, 0);
        var closed = !reader.IsDBNull(1);
        return closed || (until is { } u && at >= u) ? ConsultationOutcome.Closed : ConsultationOutcome.Recorded;
    }
}
