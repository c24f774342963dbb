using System.Globalization;
using System.Text;
using Dnscert.Core;
using Dnscert.Core.Store;
using Dnscert.Reports.Rendering;
using Dnscert.Web.Auth;
using Dnscert.Web.Consultation;
using Microsoft.AspNetCore.Mvc;

namespace Dnscert.Web.Pages;

/// <summary>
/// Published reports and their consultations: the list (with the publish form for analysts and admins), one report as
/// it was stored with its consultation below (comments, tally, forms), its stored page, its export and its JSON. Reads
/// go through the TLP filter as the reader; anonymous readers see TLP:CLEAR reports but never take part. A report the
/// reader may not see is "not found" on every route.
/// </summary>
public static class ReportPages
{
    public static IEndpointRouteBuilder MapReportPages(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("/reports").WithTags("Pages").ExcludeFromDescription();
        pages.MapGet("/", ListAsync).AllowAnonymous();
        pages.MapPost("/", PublishAsync).RequireAuthorization(Roles.CanAct).RequireAntiforgeryToken();
        pages.MapGet("/{id:guid}", ReportAsync).AllowAnonymous();
        pages.MapGet("/{id:guid}.json", JsonAsync).AllowAnonymous();
        pages.MapGet("/{id:guid}/document", DocumentAsync).AllowAnonymous();
        pages.MapGet("/{id:guid}/export", ExportAsync).AllowAnonymous();
        pages.MapPost("/{id:guid}/comments", CommentAsync).RequireAuthorization(Roles.CanRead).RequireAntiforgeryToken();
        pages.MapPost("/{id:guid}/stance", StanceAsync).RequireAuthorization(Roles.CanRead).RequireAntiforgeryToken();
        pages.MapPost("/{id:guid}/close", CloseAsync).RequireAuthorization(Roles.CanAdminister).RequireAntiforgeryToken();
        return app;
    }

    private static async Task<IResult> ListAsync(HttpContext context, IDnscertStore store, DnscertWebOptions options, TimeProvider time, string? after) =>
        await ListPageAsync(context, store, options, time, after, null, null, 200);

    private static async Task<IResult> ListPageAsync(HttpContext context, IDnscertStore store, DnscertWebOptions options, TimeProvider time, string? after, string? error, IFormCollection? form, int status)
    {
        PublishedReportCursor? cursor;
        try
        {
            cursor = Endpoints.ReportEndpoints.ParseListCursor(after);
        }
        catch (FormatException ex)
        {
            return Html.Page(context, "Published reports", $"<p class=\"error\" role=\"alert\">{Html.E(ex.Message)}</p>", 400);
        }

        var page = await store.PublishedReports.ListAsync(await Viewers.OfAsync(context, store), cursor, options.PageSize, context.RequestAborted);
        var now = time.GetUtcNow();
        var sb = new StringBuilder();
        if (error is not null)
        {
            sb.Append("<p class=\"error\" role=\"alert\">").Append(Html.E(error)).Append("</p>");
        }

        if (page.Items.Count == 0)
        {
            sb.Append("<p>No published report you may read.</p>");
        }
        else
        {
            sb.Append("<div class=\"scroll\"><table id=\"reports\"><thead><tr><th scope=\"col\">Published</th><th scope=\"col\">Title</th><th scope=\"col\">Kind</th><th scope=\"col\">Period</th><th scope=\"col\">Language</th><th scope=\"col\">TLP</th><th scope=\"col\">Consultation</th></tr></thead><tbody>");
            foreach (var r in page.Items)
            {
                sb.Append("<tr><td>").Append(Html.Time(r.PublishedAt)).Append(CultureInfo.InvariantCulture, $"</td><td><a href=\"/reports/{r.Id}\">{Html.E(r.Title)}</a></td><td>{Html.E(r.Kind)}</td>")
                    .Append(CultureInfo.InvariantCulture, $"<td>{r.From:yyyy-MM-dd} – {r.To:yyyy-MM-dd}</td><td>{Html.E(r.Language)}</td><td>{TlpBadge(r.Tlp)}</td><td>{ConsultationState(r, now)}</td></tr>");
            }

            sb.Append("</tbody></table></div>");
            if (page.Next is not null)
            {
                sb.Append(CultureInfo.InvariantCulture, $"<p class=\"pager\"><a rel=\"next\" href=\"/reports?after={Html.Url(Endpoints.ReportEndpoints.FormatListCursor(page.Next))}\">Next page</a></p>");
            }
        }

        if (Html.Can(context.User, Roles.CanAct))
        {
            sb.Append(PublishForm(context, form));
        }

        return Html.Page(context, "Published reports", sb.ToString(), status);
    }

    private static string PublishForm(HttpContext context, IFormCollection? form)
    {
        string V(string name) => Html.E(form?[name].ToString());
        string Options(string name, IEnumerable<(string Value, string Label)> values, string selected) =>
            string.Concat(values.Select(v => $"<option value=\"{Html.E(v.Value)}\"{(v.Value == (form?[name].ToString() is { Length: > 0 } chosen ? chosen : selected) ? " selected" : "")}>{Html.E(v.Label)}</option>"));
        var kinds = Options("kind", Enum.GetValues<ReportKind>().Select(k => (k.ToString().ToLowerInvariant(), k.ToString().ToLowerInvariant())), "threats");
        var languages = Options("lang", ReportText.Languages.Select(l => (l, l)), "en");
        var tlps = Options("tlp", new[] { Tlp.Clear, Tlp.Green, Tlp.Amber, Tlp.AmberStrict }.Select(t => (TlpCode(t), ConsultationHtml.TlpLabel(t))), "green");
        return "<h2>Publish a report</h2><p>The report is computed once and stored as published: its numbers never change afterwards. "
            + "Stakeholders of the directory who may read it can comment and state their support until the closing date (empty: until an admin closes it).</p>"
            + Html.Form(context, "/reports",
                $"<label for=\"title\">Title</label><input id=\"title\" name=\"title\" required maxlength=\"{PublishedReport.MaxTitleLength}\" value=\"{V("title")}\">"
                + $"<label for=\"kind\">Report</label><select id=\"kind\" name=\"kind\">{kinds}</select>"
                + $"<label for=\"from\">From</label><input type=\"date\" id=\"from\" name=\"from\" required value=\"{V("from")}\">"
                + $"<label for=\"to\">To</label><input type=\"date\" id=\"to\" name=\"to\" required value=\"{V("to")}\">"
                + $"<label for=\"lang\">Language</label><select id=\"lang\" name=\"lang\">{languages}</select>"
                + $"<label for=\"tlp\">TLP</label><select id=\"tlp\" name=\"tlp\">{tlps}</select>"
                + $"<label for=\"comments_until\">Comments until the end of (UTC)</label><input type=\"date\" id=\"comments_until\" name=\"comments_until\" value=\"{V("comments_until")}\">"
                + "<p><button type=\"submit\" id=\"publish\">Publish</button></p>");
    }

    private static async Task<IResult> PublishAsync(HttpContext context, IDnscertStore store, DnscertWebOptions options, TimeProvider time, ReportPublisher publisher, StatisticsService statistics)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        async Task<IResult> Fail(string error) => await ListPageAsync(context, store, options, time, null, error, form, 400);
        if (ReportPublisher.ParseKind(form["kind"]) is not { } kind)
        {
            return await Fail($"'{form["kind"]}' is not a report: use threats, health or gaps.");
        }

        if (string.IsNullOrEmpty(form["from"]) || string.IsNullOrEmpty(form["to"]))
        {
            return await Fail("From and to are required.");
        }

        var (period, error) = statistics.Period(form["from"], form["to"]);
        if (period is null)
        {
            return await Fail(error!);
        }

        if (TlpText.TryParse(form["tlp"]) is not { } tlp)
        {
            return await Fail($"'{form["tlp"]}' is not a TLP marking.");
        }

        try
        {
            var until = ReportPublisher.ParseClosing(form["comments_until"]);
            var user = await Viewers.OfAsync(context, store);
            var report = await publisher.PublishAsync(kind, period, form["lang"].ToString() is { Length: > 0 } l ? l : "en", tlp, form["title"].ToString(), until, user.UserName!, cancellationToken: context.RequestAborted);
            return Results.Redirect($"/reports/{report.Id}?done={Html.Url("Published.")}");
        }
        catch (DnscertException ex) when (ex is not StoreException)
        {
            return await Fail(ex.Message);
        }
    }

    private static Task<IResult> ReportAsync(HttpContext context, IDnscertStore store, DnscertWebOptions options, TimeProvider time, ConsultationService consultation, Guid id, string? after, string? done, string? error) =>
        RenderAsync(context, store, options, time, consultation, id, after, done, error, null, 200);

    private static async Task<IResult> RenderAsync(
        HttpContext context, IDnscertStore store, DnscertWebOptions options, TimeProvider time, ConsultationService consultation, Guid id, string? after, string? done, string? error, string? draft, int status)
    {
        var ct = context.RequestAborted;
        var viewer = await Viewers.OfAsync(context, store);
        ReportCommentCursor? cursor;
        try
        {
            cursor = ConsultationDocument.ParseCursor(after);
        }
        catch (FormatException ex)
        {
            return Html.Page(context, "Published report", $"<p class=\"error\" role=\"alert\">{Html.E(ex.Message)}</p>", 400);
        }

        if (await store.PublishedReports.GetAsync(id, viewer, ct) is not { } report)
        {
            return NotFound(context, id);
        }

        var now = time.GetUtcNow();
        var comments = await store.PublishedReports.ListCommentsAsync(id, viewer, cursor, options.PageSize, ct);
        var stances = await store.PublishedReports.ListStancesAsync(id, viewer, ct);
        var tally = ReportTally.Of(stances);
        var names = await ConsultationDocument.OrganisationNamesAsync(store, ct);
        var sb = new StringBuilder();
        if (done is not null)
        {
            sb.Append("<p class=\"ok\" role=\"status\">").Append(Html.E(done)).Append("</p>");
        }

        if (error is not null)
        {
            sb.Append("<p class=\"error\" role=\"alert\" id=\"consultation-error\">").Append(Html.E(error)).Append("</p>");
        }

        sb.Append("<dl>")
            .Append("<dt>TLP</dt><dd>").Append(TlpBadge(report.Tlp)).Append("</dd>")
            .Append(CultureInfo.InvariantCulture, $"<dt>Report</dt><dd>{Html.E(report.Kind)}, {report.From:yyyy-MM-dd} – {report.To:yyyy-MM-dd}, {Html.E(report.Language)}</dd>")
            .Append("<dt>Published</dt><dd>").Append(Html.Time(report.PublishedAt)).Append(" by ").Append(Html.E(report.PublishedBy)).Append("</dd>")
            .Append("<dt>Content hash (SHA-256)</dt><dd><code>").Append(report.Sha256).Append("</code></dd>")
            .Append("<dt>Consultation</dt><dd id=\"consultation-state\">").Append(ConsultationState(report, now)).Append("</dd></dl>")
            .Append(CultureInfo.InvariantCulture, $"<p>As published: <a href=\"/reports/{report.Id}/document\">stored page</a> · with the consultation: <a href=\"/reports/{report.Id}/export\">HTML export</a> · <a href=\"/reports/{report.Id}.json\">JSON</a></p>");

        // The stored page is our own rendering (every value encoded when it was published); its body is shown as is.
        sb.Append(CultureInfo.InvariantCulture, $"<article class=\"published-report\" lang=\"{Html.E(report.Language)}\" aria-label=\"Published report\">").Append(Body(report.Html)).Append("</article>");

        sb.Append("<section id=\"consultation\" aria-labelledby=\"consultation-heading\"><h2 id=\"consultation-heading\">Consultation</h2>")
            .Append(CultureInfo.InvariantCulture, $"<ul class=\"cards\" id=\"tally\"><li><b id=\"tally-supports\">{tally.Supports}</b>supports</li>")
            .Append(CultureInfo.InvariantCulture, $"<li><b id=\"tally-reservations\">{tally.SupportsWithReservations}</b>supports with reservations</li>")
            .Append(CultureInfo.InvariantCulture, $"<li><b id=\"tally-opposes\">{tally.Opposes}</b>opposes</li></ul>");
        if (comments.Items.Count == 0 && cursor is null)
        {
            sb.Append("<p>No comments yet.</p>");
        }
        else
        {
            sb.Append("<ol class=\"comments\" id=\"comments\">");
            foreach (var c in comments.Items)
            {
                var org = c.Organisation is { } o ? $" <span class=\"org\">({Html.E(names.GetValueOrDefault(o, o))})</span>" : " <span class=\"org\">(dnscert team)</span>";
                sb.Append("<li><p><b class=\"author\">").Append(Html.E(c.Author)).Append("</b>").Append(org).Append(", ").Append(Html.Time(c.At)).Append("</p><p class=\"comment-text\">")
                    .Append(Html.E(c.Text).Replace("\n", "<br>", StringComparison.Ordinal)).Append("</p></li>");
            }

            sb.Append("</ol>");
            if (comments.Next is not null)
            {
                sb.Append(CultureInfo.InvariantCulture, $"<p class=\"pager\"><a rel=\"next\" href=\"/reports/{report.Id}?after={Html.Url(ConsultationDocument.FormatCursor(comments.Next))}\">More comments</a></p>");
            }
        }

        if (stances.Count > 0)
        {
            sb.Append("<details><summary>Stance history</summary><ol>");
            foreach (var s in stances)
            {
                sb.Append("<li>").Append(Html.Time(s.At)).Append(' ').Append(Html.E(s.UserName)).Append(" (").Append(Html.E(names.GetValueOrDefault(s.Organisation, s.Organisation))).Append("): ")
                    .Append(Html.E(ReportStanceText.Of(s.Stance))).Append("</li>");
            }

            sb.Append("</ol></details>");
        }

        var (canComment, canStance, why) = await consultation.RightsAsync(viewer.UserName, report, ct);
        if (why is not null)
        {
            sb.Append("<p id=\"consultation-note\">").Append(Html.E(why)).Append(viewer.UserName is null ? $" <a href=\"/login?returnUrl={Html.Url($"/reports/{report.Id}")}\">Sign in</a>" : "").Append("</p>");
        }

        if (canComment)
        {
            sb.Append(Html.Form(context, $"/reports/{report.Id}/comments",
                $"<label for=\"comment\">Your comment (plain text, at most {ReportCommentText.MaxLength:N0} characters)</label>"
                + $"<textarea id=\"comment\" name=\"text\" rows=\"6\" cols=\"60\" required maxlength=\"{ReportCommentText.MaxLength}\">{Html.E(draft)}</textarea>"
                + "<p><button type=\"submit\" id=\"add-comment\">Add comment</button></p>"));
        }

        if (canStance)
        {
            var mine = stances.LastOrDefault(s => s.UserName == viewer.UserName)?.Stance;
            var radios = string.Concat(Enum.GetValues<ReportStance>().Select(s =>
            {
                var code = ReportStanceText.Of(s);
                return $"<label class=\"choice\"><input type=\"radio\" name=\"stance\" id=\"stance-{code}\" value=\"{code}\"{(s == mine ? " checked" : "")} required> {Html.E(code.Replace('-', ' '))}</label>";
            }));
            sb.Append(Html.Form(context, $"/reports/{report.Id}/stance",
                $"<fieldset><legend>Your organisation's stance{(mine is { } m ? $" (now: {Html.E(ReportStanceText.Of(m))})" : "")}</legend>{radios}</fieldset><p><button type=\"submit\" id=\"state-stance\">State stance</button></p>"));
        }

        if (Html.Can(context.User, Roles.CanAdminister) && report.IsOpenAt(now))
        {
            sb.Append(Html.Form(context, $"/reports/{report.Id}/close", "<p><button type=\"submit\" id=\"close-consultation\">Close the consultation now</button></p>"));
        }

        sb.Append("</section>");
        return Html.Page(context, report.Title, sb.ToString(), status);
    }

    private static async Task<IResult> JsonAsync(HttpContext context, IDnscertStore store, DnscertWebOptions options, TimeProvider time, Guid id, string? after, int? limit)
    {
        ReportCommentCursor? cursor;
        try
        {
            cursor = ConsultationDocument.ParseCursor(after);
        }
        catch (FormatException ex)
        {
            return Results.Problem(statusCode: 400, title: "Invalid cursor", detail: ex.Message);
        }

        var document = await ConsultationDocument.ReadAsync(store, id, await Viewers.OfAsync(context, store), cursor, Endpoints.ZoneEndpoints.Limit(limit, options), time.GetUtcNow(), context.RequestAborted);
        return document is null ? Results.Problem(statusCode: 404, title: "Not found", detail: $"There is no published report {id}.") : Results.Json(document, ConsultationDocument.JsonOptions);
    }

    private static async Task<IResult> DocumentAsync(HttpContext context, IDnscertStore store, Guid id) =>
        await store.PublishedReports.GetAsync(id, await Viewers.OfAsync(context, store), context.RequestAborted) is { } report
            ? StandaloneHtml(context, report.Html)
            : NotFound(context, id);

    private static async Task<IResult> ExportAsync(HttpContext context, IDnscertStore store, TimeProvider time, Guid id) =>
        await ConsultationDocument.HtmlAsync(store, id, await Viewers.OfAsync(context, store), time.GetUtcNow(), context.RequestAborted) is { } html
            ? StandaloneHtml(context, html)
            : NotFound(context, id);

    private static async Task<IResult> CommentAsync(HttpContext context, IDnscertStore store, DnscertWebOptions options, TimeProvider time, ConsultationService consultation, Guid id, [FromForm] string? text)
    {
        var user = await Viewers.OfAsync(context, store);
        var result = await consultation.CommentAsync(user.UserName, id, text, context.RequestAborted);
        return result.Succeeded
            ? Results.Redirect($"/reports/{id}?done={Html.Url(result.Message)}#consultation")
            : result.Status == 404 ? NotFound(context, id) : await RenderAsync(context, store, options, time, consultation, id, null, null, result.Message, text, result.Status);
    }

    private static async Task<IResult> StanceAsync(HttpContext context, IDnscertStore store, DnscertWebOptions options, TimeProvider time, ConsultationService consultation, Guid id, [FromForm] string? stance)
    {
        var user = await Viewers.OfAsync(context, store);
        var result = await consultation.StanceAsync(user.UserName, id, stance, context.RequestAborted);
        return result.Succeeded
            ? Results.Redirect($"/reports/{id}?done={Html.Url(result.Message)}#consultation")
            : result.Status == 404 ? NotFound(context, id) : await RenderAsync(context, store, options, time, consultation, id, null, null, result.Message, null, result.Status);
    }

    private static async Task<IResult> CloseAsync(HttpContext context, IDnscertStore store, DnscertWebOptions options, TimeProvider time, ConsultationService consultation, Guid id)
    {
        var user = await Viewers.OfAsync(context, store);
        if (await store.PublishedReports.GetAsync(id, user, context.RequestAborted) is null)
        {
            return NotFound(context, id);
        }

        var result = await consultation.CloseAsync(user.UserName!, id, context.RequestAborted);
        return result.Succeeded
            ? Results.Redirect($"/reports/{id}?done={Html.Url(result.Message)}")
            : await RenderAsync(context, store, options, time, consultation, id, null, null, result.Message, null, result.Status);
    }

    /// <summary>
    /// A stored report page on its own: it carries its own inline styles, so this response allows those and nothing
    /// else (no scripts, no requests, no frames).
    /// </summary>
    private static IResult StandaloneHtml(HttpContext context, string html)
    {
        context.Response.OnStarting(() =>
        {
            context.Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; frame-ancestors 'none'";
            return Task.CompletedTask;
        });
        return Results.Content(html, "text/html; charset=utf-8", Encoding.UTF8);
    }

    private static IResult NotFound(HttpContext context, Guid id) =>
        Html.Page(context, "No such report", $"<p>There is no published report {id}. <a href=\"/reports\">All published reports</a></p>", 404);

    private static string Body(string html)
    {
        var start = html.IndexOf("<body>", StringComparison.Ordinal);
        var end = html.LastIndexOf("</body>", StringComparison.Ordinal);
        return start >= 0 && end > start ? html[(start + "<body>".Length)..end] : "";
    }

    private static string ConsultationState(PublishedReport r, DateTimeOffset now) => r.IsOpenAt(now)
        ? r.CommentsUntil is { } until ? $"open until {Html.Time(until)}" : "open until closed"
        : Html.E(ConsultationService.ClosedMessage(r).Split(';')[0]);

    private static string TlpCode(Tlp tlp) => tlp switch
    {
        Tlp.Clear => "clear",
        Tlp.Green => "green",
        Tlp.Amber => "amber",
        Tlp.AmberStrict => "amber+strict",
        _ => "red",
    };

    private static string TlpBadge(Tlp tlp) => $"<span class=\"tlp tlp-{tlp.ToString().ToLowerInvariant()}\">{ConsultationHtml.TlpLabel(tlp)}</span>";
}
