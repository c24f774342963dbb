using System.Globalization;
using System.Text;
using Dnscert.Core.Store;
using Dnscert.Reports.Rendering;
using Dnscert.Web.Auth;

namespace Dnscert.Web.Pages;

/// <summary>
/// /traffic: the statistics that <c>traffic analyze --store</c> and <c>traffic listen --store</c> saved, one capture or
/// session at a time (the newest by default): totals, queries per second, RCODE and QTYPE mix, top query names and
/// client networks with their Space-Saving error bounds, unique counts with their HyperLogLog error, and the
/// detections timeline. What the reader may not see under TLP is neither listed nor shown.
/// </summary>
public static class TrafficPages
{
    /// <summary>Captures listed above the selected one.</summary>
    public const int ListedCaptures = 50;

    public static IEndpointRouteBuilder MapTrafficPages(this IEndpointRouteBuilder app)
    {
        app.MapGroup("").WithTags("Pages").ExcludeFromDescription().RequireAuthorization(Roles.CanRead)
            .MapGet("/traffic", RenderAsync);
        return app;
    }

    private static async Task<IResult> RenderAsync(HttpContext context, IDnscertStore store, string? id)
    {
        const string title = "Traffic";
        var viewer = await Viewers.OfAsync(context, store);
        var captures = await store.Traffic.ListAsync(viewer, ListedCaptures, context.RequestAborted);
        // With an id, a reader who may see nothing gets the same 404 as for any capture hidden from them, not a 200.
        if (captures.Count == 0 && string.IsNullOrEmpty(id))
        {
            return Html.Page(context, title, "<p id=\"no-traffic\">No traffic statistics are stored (or none you may see). Run <code>dnscert traffic analyze FILE --store</code> or <code>dnscert traffic listen --dnstap … --store</code>.</p>");
        }

        Guid selected;
        if (string.IsNullOrEmpty(id))
        {
            selected = captures[0].Id;
        }
        else if (!Guid.TryParse(id, out selected))
        {
            return Html.Page(context, title, $"<p role=\"alert\">'{Html.E(id)}' is not a capture id.</p>", 400);
        }

        var detail = await store.Traffic.GetAsync(selected, viewer, context.RequestAborted);
        if (detail is null)
        {
            return Html.Page(context, title, $"<p role=\"alert\">There is no stored capture {Html.E(id)} (or you may not see it).</p>", 404);
        }

        var sb = new StringBuilder();
        AppendList(sb, captures, selected);
        AppendCapture(sb, detail);
        return Html.Page(context, title, sb.ToString());
    }

    private static void AppendList(StringBuilder sb, IReadOnlyList<TrafficCapture> captures, Guid selected)
    {
        sb.Append("<h2>Stored captures</h2><div class=\"scroll\"><table id=\"captures\"><thead><tr><th scope=\"col\">Source</th><th scope=\"col\">Capture time</th><th scope=\"col\">Messages</th><th scope=\"col\">Detections</th><th scope=\"col\">TLP</th><th scope=\"col\">Stored</th></tr></thead><tbody>");
        foreach (var c in captures)
        {
            var name = Html.E(c.Source);
            sb.Append("<tr><td>")
                .Append(c.Id == selected ? $"<b aria-current=\"true\">{name}</b>" : $"<a href=\"/traffic?id={c.Id}\">{name}</a>")
                .Append("</td><td>").Append(c.First is { } f ? Html.Time(f) : "—").Append("</td>")
                .Append(CultureInfo.InvariantCulture, $"<td>{c.Summary.Messages:N0}</td><td>{c.Summary.Detections}</td><td>{Html.E(TlpName(c.Tlp))}</td><td>")
                .Append(Html.Time(c.StoredAt)).Append("</td></tr>");
        }

        sb.Append("</tbody></table></div>");
    }

    private static void AppendCapture(StringBuilder sb, TrafficCaptureDetail detail)
    {
        var c = detail.Capture;
        var s = c.Summary;
        sb.Append("<h2 id=\"capture\">").Append(Html.E(c.Source)).Append("</h2><p>TLP:").Append(Html.E(TlpName(c.Tlp))).Append(". ");
        if (c.First is { } first && c.Last is { } last)
        {
            sb.Append("Capture time ").Append(Html.Time(first)).Append(" to ").Append(Html.Time(last)).Append(". ");
        }

        sb.Append(CultureInfo.InvariantCulture, $"API: <a href=\"/api/v1/traffic/{c.Id}\">JSON</a> (API token).</p>")
            .Append("<ul class=\"cards\">")
            .Append(CultureInfo.InvariantCulture, $"<li><b id=\"messages\">{s.Messages}</b>messages</li><li><b id=\"queries\">{s.Queries}</b>queries</li><li><b id=\"responses\">{s.Responses}</b>responses</li>")
            .Append(CultureInfo.InvariantCulture, $"<li><b id=\"unique-clients\">~{s.UniqueClients.Estimate}</b>unique clients (±{s.UniqueClients.RelativeStandardError * 100:0.##} %)</li>")
            .Append(CultureInfo.InvariantCulture, $"<li><b id=\"unique-qnames\">~{s.UniqueQnames.Estimate}</b>unique names (±{s.UniqueQnames.RelativeStandardError * 100:0.##} %)</li>")
            .Append(CultureInfo.InvariantCulture, $"<li><b id=\"truncated\">{s.Truncated}</b>TC responses</li><li><b id=\"malformed\">{s.Malformed}</b>malformed</li><li><b id=\"detections\">{s.Detections}</b>detections</li></ul>")
            .Append("<p>Unique counts are HyperLogLog estimates; ± is one relative standard error (three cover 99.7 % of cases).</p>")
            .Append("<h2>Queries per second</h2>").Append(TrafficCharts.QueryRate(detail.Buckets, c.BucketWidth))
            .Append("<h2>RCODE mix (responses)</h2><div class=\"scroll\">").Append(SvgCharts.Bars("Responses per RCODE", Pairs(s.ResponseCodes))).Append("</div>");
        AppendCodes(sb, "rcodes", "RCODE", s.ResponseCodes);
        sb.Append("<h2>QTYPE mix (queries)</h2><div class=\"scroll\">").Append(SvgCharts.Bars("Queries per QTYPE", Pairs(s.QueryTypes))).Append("</div>");
        AppendCodes(sb, "qtypes", "QTYPE", s.QueryTypes);
        AppendTop(sb, "top-qnames", "Top query names", "Name", s.TopQnames);
        AppendTop(sb, "top-clients", "Top client networks (/24, /48)", "Network", s.TopClientNetworks);
        sb.Append("<h2>Detections</h2>");
        if (detail.Detections.Count == 0)
        {
            sb.Append("<p>No detector fired on this traffic.</p>");
            return;
        }

        sb.Append(TrafficCharts.Timeline(detail.Detections, c.First ?? detail.Detections[0].WindowStart, c.Last ?? detail.Detections[^1].WindowEnd))
            .Append("<div class=\"scroll\"><table id=\"detection-list\"><thead><tr><th scope=\"col\">Window</th><th scope=\"col\">Detector</th><th scope=\"col\">Severity</th><th scope=\"col\">Subject</th><th scope=\"col\">Summary</th></tr></thead><tbody>");
        foreach (var d in detail.Detections)
        {
            sb.Append("<tr><td>").Append(Html.Time(d.WindowStart)).Append("</td><td>").Append(Html.E(d.DetectorId)).Append("</td><td>")
                .Append(Html.SeverityBadge(d.Severity)).Append("</td><td>").Append(Html.E(d.Subject)).Append("</td><td>").Append(Html.E(d.Summary)).Append("</td></tr>");
        }

        sb.Append("</tbody></table></div><p>Evidence of each detection (sample messages, metrics) is on its <a href=\"/observations\">observation</a>.</p>");
    }

    private static void AppendCodes(StringBuilder sb, string id, string label, IReadOnlyList<TrafficCount> counts)
    {
        sb.Append(CultureInfo.InvariantCulture, $"<details><summary>{label} counts as a table</summary><table id=\"{id}\"><thead><tr><th scope=\"col\">{label}</th><th scope=\"col\">Code</th><th scope=\"col\">Count</th></tr></thead><tbody>");
        foreach (var c in counts)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<tr><th scope=\"row\">{Html.E(c.Name)}</th><td>{c.Code}</td><td>{c.Count}</td></tr>");
        }

        sb.Append("</tbody></table></details>");
    }

    private static void AppendTop(StringBuilder sb, string id, string title, string column, TrafficTopList list)
    {
        sb.Append("<h2>").Append(Html.E(title)).Append("</h2><p>")
            .Append(list.MaxError == 0
                ? "Exact counts: fewer distinct keys than the list's capacity."
                : string.Create(CultureInfo.InvariantCulture, $"Space-Saving counts: each count is at most its error above the true count, and no error exceeds {list.MaxError}."))
            .Append(CultureInfo.InvariantCulture, $"</p><div class=\"scroll\"><table id=\"{id}\"><thead><tr><th scope=\"col\">{column}</th><th scope=\"col\">Count</th><th scope=\"col\">Error ≤</th></tr></thead><tbody>");
        foreach (var item in list.Items)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<tr><td>{Html.E(item.Key)}</td><td>{item.Count}</td><td>{item.Error}</td></tr>");
        }

        sb.Append("</tbody></table></div>");
    }

    private static List<KeyValuePair<string, long>> Pairs(IReadOnlyList<TrafficCount> counts) =>
        [.. counts.Select(c => new KeyValuePair<string, long>(c.Name, c.Count))];

    private static string TlpName(Tlp tlp) => tlp switch
    {
        Tlp.Clear => "CLEAR",
        Tlp.Green => "GREEN",
        Tlp.Amber => "AMBER",
        Tlp.AmberStrict => "AMBER+STRICT",
        _ => "RED",
    };
}
