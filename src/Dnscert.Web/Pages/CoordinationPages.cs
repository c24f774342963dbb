using System.Globalization;
using System.Text;
using Dnscert.Coordination.Incidents;
using Dnscert.Coordination.Stakeholders;
using Dnscert.Core;
using Dnscert.Core.Store;
using Dnscert.Web.Auth;
using Dnscert.Web.Endpoints;
using Microsoft.AspNetCore.Mvc;

namespace Dnscert.Web.Pages;

/// <summary>
/// Incidents (list with filters, detail with timeline, routing, linked observations, transition buttons, comment
/// form, open-by-hand form) and stakeholders (list, detail, JSON edit for admins). Every read goes through the TLP
/// filter as the signed-in user; an incident they may not see is "not found".
/// </summary>
public static class CoordinationPages
{
    private static readonly string[] s_kinds = ["zone", "domain", "nameserver", "ip", "prefix", "url"];

    public static IEndpointRouteBuilder MapCoordinationPages(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("").WithTags("Pages").ExcludeFromDescription().RequireAuthorization(Roles.CanRead);
        pages.MapGet("/incidents", IncidentsAsync);
        pages.MapGet("/incidents/open", (HttpContext context) => OpenPage(context, null, 200)).RequireAuthorization(Roles.CanAct);
        pages.MapPost("/incidents/open", OpenAsync).RequireAuthorization(Roles.CanAct);
        pages.MapGet("/incidents/{id:guid}", IncidentAsync);
        pages.MapPost("/incidents/{id:guid}/transition", TransitionAsync).RequireAuthorization(Roles.CanAct);
        pages.MapPost("/incidents/{id:guid}/comment", CommentAsync).RequireAuthorization(Roles.CanAct);
        pages.MapGet("/stakeholders", StakeholdersAsync);
        pages.MapGet("/stakeholders/{id}", StakeholderAsync);
        pages.MapPost("/stakeholders/{id}", SaveStakeholderAsync).RequireAuthorization(Roles.CanAdminister);
        return app;
    }

    private static async Task<IResult> IncidentsAsync(HttpContext context, IDnscertStore store, DnscertWebOptions options, string? state, string? threat, string? subject, string? after)
    {
        var st = string.IsNullOrEmpty(state) ? null : IncidentStateMachine.Parse(state);
        IncidentCursor? cursor;
        try
        {
            cursor = IncidentEndpoints.ParseCursor(after);
        }
        catch (FormatException ex)
        {
            return Html.Page(context, "Incidents", $"<p class=\"error\" role=\"alert\">{Html.E(ex.Message)}</p>", 400);
        }

        var query = new IncidentQuery(await Viewers.OfAsync(context, store), st, string.IsNullOrWhiteSpace(threat) ? null : threat.Trim(), string.IsNullOrWhiteSpace(subject) ? null : subject.Trim().TrimEnd('.').ToLowerInvariant());
        var page = await store.Incidents.ListAsync(query, cursor, options.PageSize, context.RequestAborted);
        var sb = new StringBuilder();
        if (Html.Can(context.User, Roles.CanAct))
        {
            sb.Append("<p><a href=\"/incidents/open\">Open an incident by hand</a></p>");
        }

        sb.Append("<form method=\"get\" action=\"/incidents\" class=\"filters\" role=\"search\"><div><label for=\"state\">State</label><select id=\"state\" name=\"state\"><option value=\"\">any</option>");
        foreach (var s in Enum.GetValues<IncidentState>())
        {
            sb.Append(CultureInfo.InvariantCulture, $"<option{(s == st ? " selected" : "")}>{IncidentStateMachine.Code(s)}</option>");
        }

        sb.Append("</select></div>")
            .Append(CultureInfo.InvariantCulture, $"<div><label for=\"threat\">Threat type</label><input id=\"threat\" name=\"threat\" value=\"{Html.E(threat)}\" placeholder=\"infra.lame-delegation\"></div>")
            .Append(CultureInfo.InvariantCulture, $"<div><label for=\"subject\">Subject</label><input id=\"subject\" name=\"subject\" value=\"{Html.E(subject)}\" placeholder=\"example.test\"></div>")
            .Append("<div><button type=\"submit\">Filter</button></div></form>");
        if (page.Items.Count == 0)
        {
            sb.Append("<p>No incidents match.</p>");
        }
        else
        {
            sb.Append("<div class=\"scroll\"><table><thead><tr><th scope=\"col\">Updated</th><th scope=\"col\">Incident</th><th scope=\"col\">State</th><th scope=\"col\">Severity</th><th scope=\"col\">TLP</th><th scope=\"col\">Subject</th><th scope=\"col\">Recipients</th></tr></thead><tbody>");
            foreach (var i in page.Items)
            {
                sb.Append("<tr><td>").Append(Html.Time(i.UpdatedAt)).Append(CultureInfo.InvariantCulture, $"</td><td><a href=\"/incidents/{i.Id}\">{Html.E(i.Title)}</a></td><td>")
                    .Append(IncidentStateMachine.Code(i.State)).Append("</td><td>").Append(Html.SeverityBadge(i.Severity)).Append("</td><td>").Append(TlpBadge(i.Tlp))
                    .Append("</td><td>").Append(Html.E(i.Subject.ToString())).Append("</td><td>").Append(Html.E(string.Join(", ", i.Recipients))).Append("</td></tr>");
            }

            sb.Append("</tbody></table></div>");
        }

        if (page.Next is not null)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<p class=\"pager\"><a rel=\"next\" href=\"/incidents?state={Html.Url(state ?? "")}&amp;threat={Html.Url(threat ?? "")}&amp;subject={Html.Url(subject ?? "")}&amp;after={Html.Url(IncidentEndpoints.FormatCursor(page.Next))}\">Next page</a></p>");
        }

        return Html.Page(context, "Incidents", sb.ToString());
    }

    private static async Task<IResult> IncidentAsync(HttpContext context, IDnscertStore store, IncidentService incidents, Guid id, string? done, string? error)
    {
        var ct = context.RequestAborted;
        var viewer = await Viewers.OfAsync(context, store);
        var incident = await incidents.GetAsync(viewer, id, ct);
        if (incident is null)
        {
            return Html.Page(context, "No such incident", $"<p>There is no incident {id}. <a href=\"/incidents\">All incidents</a></p>", 404);
        }

        var sb = new StringBuilder();
        if (done is not null)
        {
            sb.Append("<p class=\"ok\" role=\"status\">").Append(Html.E(done)).Append("</p>");
        }

        if (error is not null)
        {
            sb.Append("<p class=\"error\" role=\"alert\">").Append(Html.E(error)).Append("</p>");
        }

        sb.Append("<dl>")
            .Append("<dt>State</dt><dd>").Append(IncidentStateMachine.Code(incident.State)).Append("</dd>")
            .Append("<dt>Severity</dt><dd>").Append(Html.SeverityBadge(incident.Severity)).Append("</dd>")
            .Append("<dt>TLP</dt><dd>").Append(TlpBadge(incident.Tlp)).Append("</dd>")
            .Append("<dt>Threat type</dt><dd><code>").Append(Html.E(incident.ThreatTypeId)).Append("</code></dd>")
            .Append("<dt>Subject</dt><dd>").Append(Html.E(incident.Subject.ToString())).Append("</dd>")
            .Append("<dt>Opened</dt><dd>").Append(Html.Time(incident.OpenedAt)).Append("</dd>")
            .Append("<dt>Recipients</dt><dd>").Append(incident.Recipients.Count == 0 ? "none" : string.Join(", ", incident.Recipients.Select(r => $"<a href=\"/stakeholders/{Html.Url(r)}\">{Html.E(r)}</a>"))).Append("</dd>");
        if (incident.NamedPeople.Count > 0)
        {
            sb.Append("<dt>Named people (TLP:RED)</dt><dd>").Append(Html.E(string.Join(", ", incident.NamedPeople))).Append("</dd>");
        }

        sb.Append("</dl>");
        if (Html.Can(context.User, Roles.CanAct))
        {
            sb.Append("<div class=\"actions\">");
            foreach (var to in IncidentStateMachine.AllowedFrom(incident.State))
            {
                var code = IncidentStateMachine.Code(to);
                sb.Append(Html.Form(context, $"/incidents/{incident.Id}/transition", $"<input type=\"hidden\" name=\"to\" value=\"{code}\"><button type=\"submit\">Move to {code}</button>"));
            }

            sb.Append("</div>");
        }

        sb.Append("<h2>Routing</h2>");
        var routes = await incidents.RouteAsync(incident.Subject, ct);
        sb.Append(routes.Count == 0 ? "<p>No stakeholder in the directory is responsible.</p>" : "<ul>" + string.Concat(routes.Select(r => $"<li><a href=\"/stakeholders/{Html.Url(r.StakeholderId)}\">{Html.E(r.StakeholderName)}</a>: {Html.E(r.Reason)}</li>")) + "</ul>");

        sb.Append("<h2>Observations</h2>");
        var linked = new List<Observation>();
        foreach (var oid in incident.ObservationIds.Take(200))
        {
            if (await store.Observations.GetVisibleAsync(oid, viewer, ct) is { } o)
            {
                linked.Add(o);
            }
        }

        sb.Append(linked.Count == 0 ? "<p>None you may see.</p>" : "<ul>" + string.Concat(linked.Select(o =>
            $"<li>{Html.Time(o.LastSeen)} {Html.SeverityBadge(o.Severity)} {Html.E(o.Summary)} (evidence: {Html.E(o.EvidenceIds.Count)})</li>")) + "</ul>");

        sb.Append("<h2>Timeline</h2><ol>");
        foreach (var e in incident.Timeline)
        {
            sb.Append("<li>").Append(Html.Time(e.At)).Append(" <b>").Append(Html.E(e.Actor)).Append("</b> ").Append(Html.E(e.Kind.ToString().ToLowerInvariant())).Append(": ").Append(Html.E(e.Text)).Append("</li>");
        }

        sb.Append("</ol>");
        if (Html.Can(context.User, Roles.CanAct))
        {
            sb.Append(Html.Form(context, $"/incidents/{incident.Id}/comment",
                "<label for=\"text\">Comment</label><textarea id=\"text\" name=\"text\" rows=\"4\" cols=\"60\" required></textarea><p><button type=\"submit\">Add comment</button></p>"));
        }

        return Html.Page(context, incident.Title, sb.ToString());
    }

    private static async Task<IResult> TransitionAsync(HttpContext context, IDnscertStore store, IncidentService incidents, Guid id, [FromForm] string? to, [FromForm] string? note)
    {
        if (IncidentStateMachine.Parse(to ?? "") is not { } state)
        {
            return Results.Redirect($"/incidents/{id}?error={Html.Url($"'{to}' is not an incident state.")}");
        }

        try
        {
            await incidents.TransitionAsync(await Viewers.OfAsync(context, store), id, state, note, context.RequestAborted);
            return Results.Redirect($"/incidents/{id}?done={Html.Url($"Moved to {IncidentStateMachine.Code(state)}.")}");
        }
        catch (IncidentNotFoundException)
        {
            return Html.Page(context, "No such incident", $"<p>There is no incident {id}.</p>", 404);
        }
        catch (DnscertException ex) when (ex is not StoreException)
        {
            return Results.Redirect($"/incidents/{id}?error={Html.Url(ex.Message)}");
        }
    }

    private static async Task<IResult> CommentAsync(HttpContext context, IDnscertStore store, IncidentService incidents, Guid id, [FromForm] string? text)
    {
        try
        {
            await incidents.CommentAsync(await Viewers.OfAsync(context, store), id, text ?? "", context.RequestAborted);
            return Results.Redirect($"/incidents/{id}?done={Html.Url("Comment added.")}");
        }
        catch (IncidentNotFoundException)
        {
            return Html.Page(context, "No such incident", $"<p>There is no incident {id}.</p>", 404);
        }
        catch (DnscertException ex) when (ex is not StoreException)
        {
            return Results.Redirect($"/incidents/{id}?error={Html.Url(ex.Message)}");
        }
    }

    private static IResult OpenPage(HttpContext context, string? error, int status)
    {
        var sb = new StringBuilder();
        if (error is not null)
        {
            sb.Append("<p class=\"error\" role=\"alert\">").Append(Html.E(error)).Append("</p>");
        }

        var kinds = string.Concat(s_kinds.Select(k => $"<option>{k}</option>"));
        var severities = string.Concat(Enum.GetValues<Severity>().Reverse().Select(s => $"<option value=\"{s.ToString().ToLowerInvariant()}\"{(s == Severity.Warning ? " selected" : "")}>{Html.SeverityName(s)}</option>"));
        var tlps = string.Concat(Enum.GetValues<Tlp>().Select(t => $"<option value=\"{t}\"{(t == Tlp.Amber ? " selected" : "")}>TLP:{Incident.TlpLabel(t)}</option>"));
        sb.Append(Html.Form(context, "/incidents/open",
            "<label for=\"title\">Title</label><input id=\"title\" name=\"title\" required maxlength=\"200\">"
            + "<label for=\"threat\">Threat type</label><input id=\"threat\" name=\"threat\" required placeholder=\"infra.lame-delegation\">"
            + $"<label for=\"kind\">Subject kind</label><select id=\"kind\" name=\"kind\">{kinds}</select>"
            + "<label for=\"subject\">Subject</label><input id=\"subject\" name=\"subject\" required placeholder=\"example.test\">"
            + $"<label for=\"severity\">Severity</label><select id=\"severity\" name=\"severity\">{severities}</select>"
            + $"<label for=\"tlp\">TLP</label><select id=\"tlp\" name=\"tlp\">{tlps}</select>"
            + "<label for=\"recipients\">Recipients (stakeholder ids, comma-separated; empty routes through the directory)</label><input id=\"recipients\" name=\"recipients\">"
            + "<label for=\"people\">Named people for TLP:RED (user names, comma-separated)</label><input id=\"people\" name=\"people\">"
            + "<p><button type=\"submit\">Open incident</button></p>"));
        return Html.Page(context, "Open an incident", sb.ToString(), status);
    }

    private static async Task<IResult> OpenAsync(
        HttpContext context, IDnscertStore store, IncidentService incidents,
        [FromForm] string? title, [FromForm] string? threat, [FromForm] string? kind, [FromForm] string? subject, [FromForm] string? severity, [FromForm] string? tlp, [FromForm] string? recipients, [FromForm] string? people)
    {
        if (IncidentEndpoints.ParseKind(kind) is not { } k || string.IsNullOrWhiteSpace(subject) || string.IsNullOrWhiteSpace(title) || string.IsNullOrWhiteSpace(threat))
        {
            return OpenPage(context, "Title, threat type, subject kind and subject are required.", 400);
        }

        if (!Enum.TryParse<Tlp>(tlp, out var marking) || !Enum.IsDefined(marking))
        {
            return OpenPage(context, $"'{tlp}' is not a TLP marking.", 400);
        }

        try
        {
            var incident = await incidents.OpenAsync(
                await Viewers.OfAsync(context, store),
                title,
                threat.Trim(),
                new Subject(k, subject.Trim().TrimEnd('.').ToLowerInvariant()),
                DashboardPages.ParseSeverity(severity) ?? Severity.Warning,
                marking,
                string.IsNullOrWhiteSpace(recipients) ? null : Split(recipients),
                Split(people),
                null,
                context.RequestAborted);
            return Results.Redirect($"/incidents/{incident.Id}?done={Html.Url("Incident opened.")}");
        }
        catch (DnscertException ex) when (ex is not StoreException)
        {
            return OpenPage(context, ex.Message, 400);
        }
    }

    private static async Task<IResult> StakeholdersAsync(HttpContext context, IDnscertStore store)
    {
        var directory = await StakeholderDirectory.LoadAsync(store.Stakeholders, context.RequestAborted);
        var sb = new StringBuilder("<p>Export: <a href=\"/api/v1/stakeholders?format=json\">JSON</a>, <a href=\"/api/v1/stakeholders?format=csv\">CSV</a> (API token needed).</p>");
        if (directory.Count == 0)
        {
            sb.Append("<p>The directory is empty. Import one with <code>dnscert stakeholder import FILE</code>.</p>");
        }
        else
        {
            sb.Append("<div class=\"scroll\"><table><thead><tr><th scope=\"col\">Organisation</th><th scope=\"col\">Type</th><th scope=\"col\">Constituency</th><th scope=\"col\">Languages</th></tr></thead><tbody>");
            foreach (var s in directory)
            {
                var c = s.Constituency;
                var scope = string.Join(", ", c.DomainSuffixes.Select(x => "." + x).Concat(c.NameServerSuffixes.Select(x => "NS " + x)).Concat(c.IpPrefixes).Concat(c.Countries).Concat(c.RegistrarIds.Select(x => "registrar " + x)));
                sb.Append(CultureInfo.InvariantCulture, $"<tr><td><a href=\"/stakeholders/{Html.Url(s.Id)}\">{Html.E(s.Name)}</a></td><td>{Html.E(DirectoryCodes.Of(s.Type))}</td><td>{Html.E(scope)}</td><td>{Html.E(string.Join(", ", s.Languages))}</td></tr>");
            }

            sb.Append("</tbody></table></div>");
        }

        return Html.Page(context, "Stakeholders", sb.ToString());
    }

    private static async Task<IResult> StakeholderAsync(HttpContext context, IDnscertStore store, string id, string? done) =>
        await store.Stakeholders.GetAsync(id, context.RequestAborted) is { } stored
            ? StakeholderPage(context, StakeholderDirectory.FromStored(stored), stored.Document, done, null, 200)
            : Html.Page(context, "No such stakeholder", $"<p>There is no stakeholder {Html.E(id)}. <a href=\"/stakeholders\">All stakeholders</a></p>", 404);

    private static IResult StakeholderPage(HttpContext context, Stakeholder s, string document, string? done, string? error, int status)
    {
        var sb = new StringBuilder();
        if (done is not null)
        {
            sb.Append("<p class=\"ok\" role=\"status\">").Append(Html.E(done)).Append("</p>");
        }

        if (error is not null)
        {
            sb.Append("<p class=\"error\" role=\"alert\">").Append(Html.E(error)).Append("</p>");
        }

        var c = s.Constituency;
        sb.Append("<dl>")
            .Append("<dt>Type</dt><dd>").Append(Html.E(DirectoryCodes.Of(s.Type))).Append("</dd>")
            .Append("<dt>Domain suffixes</dt><dd>").Append(Html.E(string.Join(", ", c.DomainSuffixes))).Append("</dd>")
            .Append("<dt>Name-server suffixes</dt><dd>").Append(Html.E(string.Join(", ", c.NameServerSuffixes))).Append("</dd>")
            .Append("<dt>IP prefixes and ASNs</dt><dd>").Append(Html.E(string.Join(", ", c.IpPrefixes.Concat(c.Asns.Select(a => "AS" + a.ToString(CultureInfo.InvariantCulture)))))).Append("</dd>")
            .Append("<dt>Countries</dt><dd>").Append(Html.E(string.Join(", ", c.Countries))).Append("</dd>")
            .Append("<dt>Registrar ids</dt><dd>").Append(Html.E(string.Join(", ", c.RegistrarIds))).Append("</dd>")
            .Append("<dt>Contacts</dt><dd>").Append(string.Join("<br>", s.Contacts.Select(x => $"{Html.E(x.Name)} &lt;{Html.E(x.Email)}&gt;{(x.OpenPgpKey is null ? "" : " (OpenPGP key)")}"))).Append("</dd>")
            .Append("<dt>Languages</dt><dd>").Append(Html.E(string.Join(", ", s.Languages))).Append("</dd>")
            .Append("<dt>Working hours</dt><dd>").Append(s.WorkingHours is { } h ? Html.E($"{h.Start:HH\\:mm}–{h.End:HH\\:mm} {h.TimeZone}, {string.Join(" ", h.Days.Select(DirectoryCodes.Of))}") : "not stated").Append("</dd>")
            .Append("<dt>AMBER also to</dt><dd>").Append(Html.E(string.Join(", ", s.AmberConstituents))).Append("</dd>")
            .Append("</dl><h2>Capabilities</h2>");
        sb.Append(s.Capabilities.Count == 0 ? "<p>None stated.</p>" : "<ul>" + string.Concat(s.Capabilities.OrderBy(x => x.Key, StringComparer.Ordinal).Select(x => $"<li><code>{Html.E(x.Key)}</code>: {Html.E(string.Join(", ", DirectoryCodes.Of(x.Value)))}</li>")) + "</ul>");
        if (Html.Can(context.User, Roles.CanAdminister))
        {
            sb.Append("<h2>Edit</h2>").Append(Html.Form(context, $"/stakeholders/{Html.Url(s.Id)}",
                $"<label for=\"document\">Directory entry (JSON, docs/coordination.md)</label><textarea id=\"document\" name=\"document\" rows=\"20\" cols=\"80\" required>{Html.E(document)}</textarea><p><button type=\"submit\">Save</button></p>"));
        }

        return Html.Page(context, s.Name, sb.ToString(), status);
    }

    private static async Task<IResult> SaveStakeholderAsync(HttpContext context, IDnscertStore store, string id, [FromForm] string? document)
    {
        var existing = await store.Stakeholders.GetAsync(id, context.RequestAborted);
        if (existing is null)
        {
            return Html.Page(context, "No such stakeholder", $"<p>There is no stakeholder {Html.E(id)}.</p>", 404);
        }

        try
        {
            var s = DirectoryJson.ReadOne(document ?? "");
            if (s.Id != id)
            {
                throw new DirectoryFormatException($"the entry is '{s.Id}', this page is '{id}'");
            }

            await store.Stakeholders.SaveAsync(StakeholderDirectory.ToStored(s), context.RequestAborted);
            return Results.Redirect($"/stakeholders/{Html.Url(id)}?done={Html.Url("Saved.")}");
        }
        catch (DirectoryFormatException ex)
        {
            return StakeholderPage(context, StakeholderDirectory.FromStored(existing), document ?? "", null, ex.Message, 400);
        }
    }

    private static string TlpBadge(Tlp tlp) => $"<span class=\"tlp tlp-{tlp.ToString().ToLowerInvariant()}\">TLP:{Incident.TlpLabel(tlp)}</span>";

    private static List<string> Split(string? text) =>
        [.. (text ?? "").Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
