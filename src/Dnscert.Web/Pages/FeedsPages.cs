using System.Globalization;
using System.Text;
using Dnscert.Web.Auth;

namespace Dnscert.Web.Pages;

/// <summary>/feeds: the configured abuse feeds and their scheduler status, failing feeds first.</summary>
public static class FeedsPages
{
    public static IEndpointRouteBuilder MapFeedsPages(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("").WithTags("Pages").ExcludeFromDescription().RequireAuthorization(Roles.CanRead);
        pages.MapGet("/feeds", RenderAsync);
        return app;
    }

    private static async Task<IResult> RenderAsync(HttpContext context, FeedsService service)
    {
        var feeds = await service.ListAsync(context.RequestAborted);
        var sb = new StringBuilder();
        if (feeds.Count == 0)
        {
            sb.Append("<p>No feeds are configured. Start <code>dnscert serve --feeds feeds.json</code> (docs/feeds.md).</p>");
            return Html.Page(context, "Feeds", sb.ToString());
        }

        sb.Append(CultureInfo.InvariantCulture, $"<p>{feeds.Count} feed(s); {feeds.Count(f => f.State == "failing")} failing. JSON: <a href=\"/api/v1/feeds\">/api/v1/feeds</a> (API token).</p>")
            .Append("<div class=\"scroll\"><table id=\"feeds\"><thead><tr><th scope=\"col\">Feed</th><th scope=\"col\">State</th><th scope=\"col\">Source</th><th scope=\"col\">Format</th>")
            .Append("<th scope=\"col\">Every</th><th scope=\"col\">Threat</th><th scope=\"col\">TLP</th><th scope=\"col\">Confidence</th><th scope=\"col\">Licence</th>")
            .Append("<th scope=\"col\">Last success</th><th scope=\"col\">Next run</th><th scope=\"col\">Last result</th></tr></thead><tbody>");
        foreach (var f in feeds.OrderByDescending(f => f.State == "failing").ThenBy(f => f.Id, StringComparer.Ordinal))
        {
            var result = f.Status is { LastError: { } error } ? $"failed {f.Status.ConsecutiveFailures} time(s): {error}" : f.Status?.LastSummary ?? "";
            sb.Append(CultureInfo.InvariantCulture, $"<tr data-feed=\"{Html.E(f.Id)}\"><td>{Html.E(f.Id)}{(f.Provider is null ? "" : $"<br><small>{Html.E(f.Provider)}</small>")}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td class=\"state-{f.State}\">{f.State}</td><td>{Html.E(f.Location)}</td><td>{Html.E(f.Format)}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td>{(f.Interval is { } i ? Html.E(i.ToString("c", CultureInfo.InvariantCulture)) : "")}</td><td>{Html.E(f.ThreatTypeId)}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td>{(f.Tlp is { } tlp ? Html.E(tlp.ToString().ToUpperInvariant()) : "")}</td><td>{f.Confidence}</td><td>{Html.E(f.Licence)}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td>{Html.E(f.Status?.LastSuccess?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture))}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td>{Html.E(f.Status?.NextDue.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture))}</td><td>{Html.E(result)}</td></tr>");
        }

        sb.Append("</tbody></table></div>");
        return Html.Page(context, "Feeds", sb.ToString());
    }
}
