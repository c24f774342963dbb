using System.Globalization;
using System.Text;
using System.Text.Json;
using Dnscert.Core;
using Dnscert.Core.Monitoring;
using Dnscert.Core.Store;
using Dnscert.Web.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace Dnscert.Web.Pages;

/// <summary>The dashboard: overview, zones, one zone, observations, and the add-zones form. Every page needs a login.</summary>
public static class DashboardPages
{
    public static IEndpointRouteBuilder MapDashboardPages(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("").WithTags("Pages").ExcludeFromDescription().RequireAuthorization(Roles.CanRead);
        pages.MapGet("/", OverviewAsync);
        pages.MapGet("/zones", ZonesAsync);
        pages.MapGet("/zones/add", (HttpContext context) => AddZonesPage(context, null, null)).RequireAuthorization(Roles.CanAct);
        pages.MapPost("/zones/add", AddZonesAsync).RequireAuthorization(Roles.CanAct);
        pages.MapGet("/zones/{name}", ZoneAsync);
        pages.MapPost("/zones/{name}/check", CheckNowAsync).RequireAuthorization(Roles.CanAct).RequireAntiforgeryToken();
        pages.MapPost("/zones/{name}/confirm-baseline", ConfirmBaselineAsync).RequireAuthorization(Roles.CanAct).RequireAntiforgeryToken();
        pages.MapGet("/observations", ObservationsAsync);
        return app;
    }

    private static async Task<IResult> OverviewAsync(HttpContext context, OverviewService overview, IDnscertStore store)
    {
        var o = await overview.GetAsync(await Viewers.OfAsync(context, store), context.RequestAborted);
        var sb = new StringBuilder();
        sb.Append("<h2>Zone health</h2><p>Zones by the highest severity of their latest check.</p><ul class=\"cards\">")
            .Append(CultureInfo.InvariantCulture, $"<li><b>{o.Zones}</b>zones</li><li><b>{o.Unchecked}</b>not checked yet</li>");
        foreach (var s in Enum.GetValues<Severity>().Reverse())
        {
            sb.Append(CultureInfo.InvariantCulture, $"<li><b>{o.ZonesBySeverity[s]}</b><a href=\"/zones?severity={s.ToString().ToLowerInvariant()}\">{Html.SeverityBadge(s)}</a></li>");
        }

        sb.Append("</ul><h2>Open observations</h2><ul class=\"cards\">");
        foreach (var s in Enum.GetValues<Severity>().Reverse().Where(s => s >= Severity.Notice))
        {
            sb.Append(CultureInfo.InvariantCulture, $"<li><b>{o.OpenObservationsBySeverity[s]}</b><a href=\"/observations?state=open&amp;severity={s.ToString().ToLowerInvariant()}\">{Html.SeverityBadge(s)}</a></li>");
        }

        sb.Append("</ul><h2>Checks per day</h2>")
            .Append(SeverityChart.Render(o.RunsPerDay, $"Check runs per day by highest severity, last {o.RunsPerDay.Count} days"))
            .Append("<p>Computed ").Append(Html.Time(o.ComputedAt)).Append(".</p>")
            .Append("<p>DNS traffic: statistics and detections of stored captures on the <a href=\"/traffic\">traffic page</a>.</p>");
        return Html.Page(context, "Overview", sb.ToString());
    }

    private static async Task<IResult> ZonesAsync(HttpContext context, ZoneLister lister, IDnscertStore store, DnscertWebOptions options, string? q, string? set, string? severity, string? after)
    {
        var sev = ParseSeverity(severity);
        var page = await lister.ZonesAsync(await Viewers.OfAsync(context, store), q, set, sev, after, options.PageSize, context.RequestAborted);
        var sets = await store.Zones.ListSetsAsync(context.RequestAborted);
        var sb = new StringBuilder();
        sb.Append("<form method=\"get\" action=\"/zones\" class=\"filters\" role=\"search\">")
            .Append(CultureInfo.InvariantCulture, $"<div><label for=\"q\">Name contains</label><input id=\"q\" name=\"q\" value=\"{Html.E(q)}\" type=\"search\"></div>")
            .Append("<div><label for=\"set\">Zone set</label><select id=\"set\" name=\"set\"><option value=\"\">all</option>");
        foreach (var s in sets)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<option{(s.Name == set ? " selected" : "")}>{Html.E(s.Name)}</option>");
        }

        sb.Append("</select></div>").Append(SeveritySelect(sev)).Append("<div><button type=\"submit\">Filter</button></div></form>");
        if (page.Items.Count == 0)
        {
            sb.Append("<p>No zones match.</p>");
        }
        else
        {
            sb.Append("<div class=\"scroll\"><table><caption class=\"skip\">Zones</caption><thead><tr><th scope=\"col\">Zone</th><th scope=\"col\">Set</th><th scope=\"col\">Latest check</th><th scope=\"col\">Highest severity</th></tr></thead><tbody>");
            foreach (var row in page.Items)
            {
                sb.Append(CultureInfo.InvariantCulture, $"<tr><td><a href=\"/zones/{Html.Url(row.Zone.Name)}\">{Html.E(row.Zone.Name)}</a></td><td>{Html.E(row.Zone.SetName)}</td>")
                    .Append("<td>").Append(row.Latest is null ? "never" : Html.Time(row.Latest.Started)).Append("</td><td>")
                    .Append(Html.SeverityBadge(row.Latest?.HighestSeverity)).Append("</td></tr>");
            }

            sb.Append("</tbody></table></div>");
        }

        if (page.Next is not null)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<p class=\"pager\"><a rel=\"next\" href=\"/zones?q={Html.Url(q ?? "")}&amp;set={Html.Url(set ?? "")}&amp;severity={Html.Url(severity ?? "")}&amp;after={Html.Url(page.Next)}\">Next page</a></p>");
        }

        return Html.Page(context, "Zones", sb.ToString());
    }

    private static IResult AddZonesPage(HttpContext context, string? message, string? error, int status = 200)
    {
        var body = (error is null ? "" : $"<p class=\"error\" role=\"alert\">{Html.E(error)}</p>")
            + (message is null ? "" : $"<p class=\"ok\" role=\"status\">{Html.E(message)}</p>")
            + Html.Form(
                context,
                "/zones/add",
                "<label for=\"set\">Zone set</label><input id=\"set\" name=\"set\" value=\"default\" required>"
                + "<label for=\"zones\">Zones (one per line, or separated by spaces or commas)</label><textarea id=\"zones\" name=\"zones\" rows=\"8\" cols=\"40\" required></textarea>"
                + "<p><button type=\"submit\">Add and check</button></p>");
        return Html.Page(context, "Add zones", body, status);
    }

    private static async Task<IResult> AddZonesAsync(HttpContext context, IMonitorControl monitor, ILoggerFactory loggers, [FromForm] string? set, [FromForm] string? zones)
    {
        var names = (zones ?? "").Split([' ', '\n', '\r', '\t', ','], StringSplitOptions.RemoveEmptyEntries);
        var setName = string.IsNullOrWhiteSpace(set) ? "default" : set.Trim();
        if (names.Length == 0)
        {
            return AddZonesPage(context, null, "Enter at least one zone.", 400);
        }

        try
        {
            var added = await monitor.AddZonesAsync(setName, names, context.RequestAborted);
            var logger = loggers.CreateLogger("Dnscert.Web.Zones");
            var who = context.User.Identity?.Name ?? "";
            Log.ZonesAdded(logger, who, added, setName);
            return AddZonesPage(context, $"{added} new zone(s) added to set {setName} ({names.Length - added} already monitored); they are checked now.", null);
        }
        catch (DnscertException ex)
        {
            return AddZonesPage(context, null, ex.Message, 400);
        }
    }

    private static async Task<IResult> ZoneAsync(HttpContext context, IDnscertStore store, string name, string? done)
    {
        var ct = context.RequestAborted;
        name = name.TrimEnd('.').ToLowerInvariant();
        // A zone the reader may not see under TLP is answered exactly like one that is not monitored.
        var viewer = await Viewers.OfAsync(context, store);
        var zone = await store.Zones.GetVisibleAsync(name, viewer, ct);
        if (zone is null)
        {
            return Html.Page(context, "No such zone", $"<p>{Html.E(name)} is not monitored. <a href=\"/zones\">All zones</a></p>", 404);
        }

        var runs = await store.CheckRuns.SummariesAsync(name, 30, viewer, ct);
        var latestRun = runs.Count == 0 ? null : await store.CheckRuns.GetVisibleAsync(runs[0].Id, viewer, ct);
        var baseline = await store.Baselines.GetVisibleAsync(name, viewer, ct);
        var observations = await store.Observations.ListAsync(new ObservationQuery(SubjectKind: SubjectKind.Zone, SubjectValue: name, Viewer: viewer), null, 50, ct);
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<p>Set <a href=\"/zones?set={Html.Url(zone.SetName)}\">{Html.E(zone.SetName)}</a>, monitored since {Html.Time(zone.Added)}, ")
            .Append("TLP:").Append(Html.E(Coordination.Incidents.Incident.TlpLabel(zone.Tlp))).Append(".</p>");
        if (done is not null)
        {
            sb.Append("<p class=\"ok\" role=\"status\">").Append(Html.E(done)).Append("</p>");
        }

        if (Html.Can(context.User, Roles.CanAct))
        {
            sb.Append("<div class=\"actions\">")
                .Append(Html.Form(context, $"/zones/{Html.Url(name)}/check", "<button type=\"submit\">Check now</button>"))
                .Append(Html.Form(context, $"/zones/{Html.Url(name)}/confirm-baseline", "<button type=\"submit\">Confirm baseline</button>"))
                .Append("</div>");
        }

        sb.Append("<h2>Latest check</h2>");
        if (latestRun is null)
        {
            sb.Append("<p>Not checked yet.</p>");
        }
        else
        {
            var latest = latestRun;
            sb.Append(CultureInfo.InvariantCulture, $"<p>{Html.Time(latest.Started)}, {latest.Duration.TotalSeconds:0.0} s, highest {Html.SeverityBadge(latest.HighestSeverity)}.</p>")
                .Append(MessagesByModule(latest.MessagesJson));
        }

        sb.Append("<h2>Observations</h2>");
        if (observations.Items.Count == 0)
        {
            sb.Append("<p>None.</p>");
        }
        else
        {
            sb.Append(ObservationTable(observations.Items));
        }

        sb.Append("<h2>Baseline</h2>");
        if (baseline is null)
        {
            sb.Append("<p>No baseline yet.</p>");
        }
        else
        {
            sb.Append("<dl>")
                .Append("<dt>Confirmed</dt><dd>").Append(Html.Time(baseline.ConfirmedAt)).Append("</dd>")
                .Append("<dt>Name servers</dt><dd>").Append(List(baseline.NameServers)).Append("</dd>")
                .Append("<dt>Glue addresses</dt><dd>").Append(List(baseline.GlueAddresses)).Append("</dd>")
                .Append("<dt>DS</dt><dd>").Append(List(baseline.DsRecords)).Append("</dd>")
                .Append("<dt>DNSKEY</dt><dd>").Append(List(baseline.DnskeyRecords)).Append("</dd>")
                .Append("<dt>SOA serial</dt><dd>").Append(Html.E(baseline.SoaSerial?.ToString(CultureInfo.InvariantCulture) ?? "unknown")).Append("</dd></dl>");
        }

        sb.Append("<h2>History</h2>");
        if (runs.Count > 0)
        {
            sb.Append("<ol class=\"timeline\">");
            foreach (var run in runs)
            {
                sb.Append("<li>").Append(Html.Time(run.Started)).Append(' ').Append(Html.SeverityBadge(run.HighestSeverity))
                    .Append(CultureInfo.InvariantCulture, $" {run.Counts.Error + run.Counts.Critical} error(s), {run.Counts.Warning} warning(s)</li>");
            }

            sb.Append("</ol>");
        }
        else
        {
            sb.Append("<p>No runs.</p>");
        }

        return Html.Page(context, name, sb.ToString());
    }

    private static async Task<IResult> CheckNowAsync(HttpContext context, IMonitorControl monitor, IDnscertStore store, ILoggerFactory loggers, string name)
    {
        name = name.TrimEnd('.').ToLowerInvariant();
        if (await store.Zones.GetVisibleAsync(name, await Viewers.OfAsync(context, store), context.RequestAborted) is null)
        {
            return Html.Page(context, "No such zone", $"<p>{Html.E(name)} is not monitored.</p>", 404);
        }

        var logger = loggers.CreateLogger("Dnscert.Web.Zones");
        var who = context.User.Identity?.Name ?? "";
        Log.CheckRequested(logger, who, name);
        var run = await monitor.CheckNowAsync(name, context.RequestAborted);
        return Results.Redirect($"/zones/{Html.Url(name)}?done={Html.Url($"Checked: highest severity {Html.SeverityName(run.HighestSeverity)}.")}");
    }

    private static async Task<IResult> ConfirmBaselineAsync(HttpContext context, IMonitorControl monitor, IDnscertStore store, ILoggerFactory loggers, string name)
    {
        name = name.TrimEnd('.').ToLowerInvariant();
        if (await store.Zones.GetVisibleAsync(name, await Viewers.OfAsync(context, store), context.RequestAborted) is null)
        {
            return Html.Page(context, "No such zone", $"<p>{Html.E(name)} is not monitored.</p>", 404);
        }

        await monitor.ConfirmBaselineAsync(name, context.RequestAborted);
        var logger = loggers.CreateLogger("Dnscert.Web.Zones");
        var who = context.User.Identity?.Name ?? "";
        Log.BaselineConfirmed(logger, who, name);
        return Results.Redirect($"/zones/{Html.Url(name)}?done={Html.Url("Baseline confirmed.")}");
    }

    private static async Task<IResult> ObservationsAsync(HttpContext context, ZoneLister lister, IDnscertStore store, DnscertWebOptions options, string? state, string? threat, string? severity, string? after)
    {
        var sev = ParseSeverity(severity);
        ObservationState? st = state switch { "open" => ObservationState.Open, "resolved" => ObservationState.Resolved, _ => null };
        var cursor = Cursors.ParseObservation(after);
        var page = await lister.ObservationsAsync(new ObservationQuery(st, string.IsNullOrWhiteSpace(threat) ? null : threat.Trim(), Viewer: await Viewers.OfAsync(context, store)), sev, cursor, options.PageSize, context.RequestAborted);
        var sb = new StringBuilder();
        sb.Append("<form method=\"get\" action=\"/observations\" class=\"filters\" role=\"search\">")
            .Append("<div><label for=\"state\">State</label><select id=\"state\" name=\"state\">")
            .Append(CultureInfo.InvariantCulture, $"<option value=\"\">any</option><option{(st == ObservationState.Open ? " selected" : "")}>open</option><option{(st == ObservationState.Resolved ? " selected" : "")}>resolved</option></select></div>")
            .Append(CultureInfo.InvariantCulture, $"<div><label for=\"threat\">Threat type</label><input id=\"threat\" name=\"threat\" value=\"{Html.E(threat)}\" placeholder=\"infra.lame-delegation\"></div>")
            .Append(SeveritySelect(sev)).Append("<div><button type=\"submit\">Filter</button></div></form>");
        sb.Append(page.Items.Count == 0 ? "<p>No observations match.</p>" : ObservationTable(page.Items));
        if (page.Next is not null)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<p class=\"pager\"><a rel=\"next\" href=\"/observations?state={Html.Url(state ?? "")}&amp;threat={Html.Url(threat ?? "")}&amp;severity={Html.Url(severity ?? "")}&amp;after={Html.Url(Cursors.Format(page.Next))}\">Next page</a></p>");
        }

        return Html.Page(context, "Observations", sb.ToString());
    }

    internal static Severity? ParseSeverity(string? text) =>
        Enum.TryParse<Severity>(text, true, out var s) && Enum.IsDefined(s) && !int.TryParse(text, out _) ? s : null;

    private static string SeveritySelect(Severity? selected)
    {
        var sb = new StringBuilder("<div><label for=\"severity\">Severity</label><select id=\"severity\" name=\"severity\"><option value=\"\">any</option>");
        foreach (var s in Enum.GetValues<Severity>().Reverse())
        {
            sb.Append(CultureInfo.InvariantCulture, $"<option value=\"{s.ToString().ToLowerInvariant()}\"{(s == selected ? " selected" : "")}>{Html.SeverityName(s)}</option>");
        }

        return sb.Append("</select></div>").ToString();
    }

    private static string ObservationTable(IEnumerable<Observation> items)
    {
        var sb = new StringBuilder("<div class=\"scroll\"><table><thead><tr><th scope=\"col\">Last seen</th><th scope=\"col\">Subject</th><th scope=\"col\">Threat</th><th scope=\"col\">Severity</th><th scope=\"col\">State</th><th scope=\"col\">Summary</th></tr></thead><tbody>");
        foreach (var o in items)
        {
            var subject = o.Subject.Kind == SubjectKind.Zone
                ? $"<a href=\"/zones/{Html.Url(o.Subject.Value)}\">{Html.E(o.Subject.Value)}</a>"
                : Html.E(o.Subject.ToString());
            sb.Append("<tr><td>").Append(Html.Time(o.LastSeen)).Append("</td><td>").Append(subject).Append("</td><td>")
                .Append(Html.E(o.ThreatTypeId)).Append("</td><td>").Append(Html.SeverityBadge(o.Severity)).Append("</td><td>")
                .Append(o.State == ObservationState.Open ? "open" : "resolved").Append("</td><td>").Append(Html.E(o.Summary)).Append("</td></tr>");
        }

        return sb.Append("</tbody></table></div>").ToString();
    }

    private static string List(IReadOnlyList<string> items) =>
        items.Count == 0 ? "none" : "<ul>" + string.Concat(items.Select(i => $"<li><code>{Html.E(i)}</code></li>")) + "</ul>";

    /// <summary>The messages of a stored run (schema dnscert.check/1), grouped by module, worst first.</summary>
    private static string MessagesByModule(string json)
    {
        List<(string Module, Severity Severity, string CheckId, string Tag, string Text)> messages = [];
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.TryGetProperty("messages", out var array) && array.ValueKind == JsonValueKind.Array)
            {
                foreach (var m in array.EnumerateArray())
                {
                    messages.Add((
                        Str(m, "module"),
                        Enum.TryParse<Severity>(Str(m, "severity"), true, out var s) ? s : Severity.Info,
                        Str(m, "check_id"),
                        Str(m, "tag"),
                        Str(m, "text")));
                }
            }
        }
        catch (JsonException ex)
        {
            return $"<p class=\"error\">The stored messages cannot be read: {Html.E(ex.Message)}</p>";
        }

        var shown = messages.Where(m => m.Severity >= Severity.Notice).ToList();
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<p>{messages.Count} message(s); {shown.Count} at NOTICE or above shown.</p>");
        foreach (var module in shown.GroupBy(m => m.Module).OrderByDescending(g => g.Max(m => m.Severity)).ThenBy(g => g.Key, StringComparer.Ordinal))
        {
            sb.Append("<h3>").Append(Html.E(module.Key)).Append("</h3><ul class=\"messages\">");
            foreach (var m in module.OrderByDescending(m => m.Severity))
            {
                sb.Append("<li>").Append(Html.SeverityBadge(m.Severity)).Append(" <code>").Append(Html.E(m.CheckId)).Append(' ').Append(Html.E(m.Tag))
                    .Append("</code> ").Append(Html.E(m.Text)).Append("</li>");
            }

            sb.Append("</ul>");
        }

        return sb.ToString();
    }

    private static string Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() ?? "" : "";
}
