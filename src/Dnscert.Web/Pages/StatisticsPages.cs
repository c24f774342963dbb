using System.Globalization;
using System.Text;
using Dnscert.Reports.Rendering;
using Dnscert.Web.Auth;

namespace Dnscert.Web.Pages;

/// <summary>/statistics and /gaps: the report charts on the dashboard, for a period chosen in a plain GET form.</summary>
public static class StatisticsPages
{
    public static IEndpointRouteBuilder MapStatisticsPages(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("").WithTags("Pages").ExcludeFromDescription().RequireAuthorization(Roles.CanRead);
        pages.MapGet("/statistics", (HttpContext c, StatisticsService s, string? from, string? to) => RenderAsync(c, s, ReportKind.Threats, from, to));
        pages.MapGet("/gaps", (HttpContext c, StatisticsService s, string? from, string? to) => RenderAsync(c, s, ReportKind.Gaps, from, to));
        return app;
    }

    private static async Task<IResult> RenderAsync(HttpContext context, StatisticsService service, ReportKind kind, string? from, string? to)
    {
        var title = kind == ReportKind.Gaps ? "Coverage gaps" : "Statistics";
        var path = kind == ReportKind.Gaps ? "/gaps" : "/statistics";
        var (period, error) = service.Period(from, to);
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<form method=\"get\" action=\"{path}\" class=\"filters\"><label for=\"from\">From</label><input type=\"date\" id=\"from\" name=\"from\" value=\"{Html.E(period?.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? from)}\">")
            .Append(CultureInfo.InvariantCulture, $"<label for=\"to\">To</label><input type=\"date\" id=\"to\" name=\"to\" value=\"{Html.E(period?.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? to)}\"> <button type=\"submit\">Show</button></form>");
        if (period is null)
        {
            sb.Append("<p role=\"alert\">").Append(Html.E(error)).Append("</p>");
            return Html.Page(context, title, sb.ToString(), 400);
        }

        var report = await service.BuildAsync(kind, period, context.RequestAborted);
        sb.Append(CultureInfo.InvariantCulture, $"<p>Observations affecting a subject from {period.From:yyyy-MM-dd} to {period.To:yyyy-MM-dd}: <b id=\"total\">{report.TotalAffected}</b>. ")
            .Append(CultureInfo.InvariantCulture, $"Export: <a href=\"/api/v1/{(kind == ReportKind.Gaps ? "gaps" : "statistics")}?from={period.From:yyyy-MM-dd}&amp;to={period.To:yyyy-MM-dd}\">JSON</a>, ")
            .Append(CultureInfo.InvariantCulture, $"<a href=\"/api/v1/{(kind == ReportKind.Gaps ? "gaps" : "statistics")}?from={period.From:yyyy-MM-dd}&amp;to={period.To:yyyy-MM-dd}&amp;format=csv\">CSV</a> (API token).</p>");
        if (kind == ReportKind.Gaps)
        {
            sb.Append("<h2>Threat type × region</h2><p>Darker cells were observed more often and more severely; ✕ marks a cell where at least one function (detect, analyse, mitigate, coordinate, train) has nobody capable.</p><div class=\"scroll\">")
                .Append(SvgCharts.HeatMap("Coverage matrix", report.Gaps)).Append("</div><div class=\"scroll\"><table><thead><tr><th scope=\"col\">Threat type</th><th scope=\"col\">Region</th><th scope=\"col\">Affected</th><th scope=\"col\">Weight</th><th scope=\"col\">Nobody can</th><th scope=\"col\">No one able to act speaks</th></tr></thead><tbody>");
            foreach (var g in report.Gaps)
            {
                sb.Append(CultureInfo.InvariantCulture, $"<tr><td>{Html.E(g.ThreatTypeId)}</td><td>{Html.E(g.Region)}</td><td>{g.Affected}</td><td>{g.Weight:0.##}</td><td>{Html.E(string.Join(", ", g.Missing).ToLowerInvariant())}</td><td>{Html.E(string.Join(", ", g.MissingLanguages))}</td></tr>");
            }

            sb.Append("</tbody></table></div>");
        }
        else
        {
            sb.Append("<h2>Active observations per day</h2><div class=\"scroll\">").Append(SvgCharts.TimeSeries("Active observations per day", [.. report.Daily.Select(d => (d.Day, d.Active))])).Append("</div>")
                .Append("<h2>Per threat type</h2><div class=\"scroll\">").Append(SvgCharts.Bars("Affected per threat type", report.ByThreatType)).Append("</div>")
                .Append("<h2>Per TLD</h2><div class=\"scroll\">").Append(SvgCharts.Bars("Affected per TLD", report.ByTld)).Append("</div>")
                .Append("<h2>Per region</h2><div class=\"scroll\">").Append(SvgCharts.Bars("Affected per region", report.ByRegion)).Append("</div>")
                .Append("<h2>Per source and severity</h2><div class=\"scroll\"><table><thead><tr><th scope=\"col\">Source or severity</th><th scope=\"col\">Affected</th></tr></thead><tbody>");
            foreach (var (name, count) in report.BySource.Concat(report.Severities.Select(s => new KeyValuePair<string, long>(s.Key.ToString().ToLowerInvariant(), s.Value))))
            {
                sb.Append(CultureInfo.InvariantCulture, $"<tr><td>{Html.E(name)}</td><td>{count}</td></tr>");
            }

            sb.Append("</tbody></table></div><h2>Time to mitigate</h2>");
            if (report.Mitigation.Count == 0)
            {
                sb.Append("<p>Nothing was resolved in this period.</p>");
            }
            else
            {
                sb.Append("<div class=\"scroll\"><table><thead><tr><th scope=\"col\">Threat type</th><th scope=\"col\">Resolved</th><th scope=\"col\">Mean, hours</th></tr></thead><tbody>");
                foreach (var m in report.Mitigation)
                {
                    sb.Append(CultureInfo.InvariantCulture, $"<tr><td>{Html.E(m.ThreatTypeId)}</td><td>{m.Resolved}</td><td>{m.Mean.TotalHours:0.#}</td></tr>");
                }

                sb.Append("</tbody></table></div>");
            }
        }

        return Html.Page(context, title, sb.ToString());
    }
}
