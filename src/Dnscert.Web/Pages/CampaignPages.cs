using System.Globalization;
using System.Text;
using Dnscert.Coordination.Incidents;
using Dnscert.Core;
using Dnscert.Core.Store;
using Dnscert.Exchange.Campaigns;
using Dnscert.Web.Auth;
using Dnscert.Web.Campaigns;
using Dnscert.Web.Endpoints;
using Microsoft.AspNetCore.Mvc;

namespace Dnscert.Web.Pages;

/// <summary>
/// Campaign pages: the list (with each party's progress and the per-stakeholder timings), the create form, and the
/// progress page of one campaign (a bar in inline SVG, one row per party with overdue ones marked in words, not only
/// colour, the names that went nowhere, the events, and buttons for analysts). No JavaScript. Every read goes through
/// the TLP filter as the signed-in user; a campaign they may not see is "not found".
/// </summary>
public static class CampaignPages
{
    private const int MaxNamesShown = 500;

    public static IEndpointRouteBuilder MapCampaignPages(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("/campaigns").WithTags("Pages").ExcludeFromDescription().RequireAuthorization(Roles.CanRead);
        pages.MapGet("/", ListAsync);
        pages.MapGet("/new", (HttpContext context) => CreatePage(context, null, null, null, 200)).RequireAuthorization(Roles.CanAct);
        pages.MapPost("/new", CreateAsync).RequireAuthorization(Roles.CanAct).RequireAntiforgeryToken();
        pages.MapGet("/{id:guid}", CampaignAsync);
        pages.MapPost("/{id:guid}/party", PartyAsync).RequireAuthorization(Roles.CanAct).RequireAntiforgeryToken();
        pages.MapPost("/{id:guid}/remind", RemindAsync).RequireAuthorization(Roles.CanAct).RequireAntiforgeryToken();
        return app;
    }

    internal static string StateCode(CampaignPartyState state) => state.ToString().ToLowerInvariant();

    /// <summary>
    /// The campaign's progress as a stacked bar in inline SVG (completed, acknowledged, notified, pending; widths from
    /// the party counts) with a text equivalent for screen readers. SVG attributes, not inline CSS, so the page's
    /// Content-Security-Policy (style-src 'self') holds.
    /// </summary>
    internal static string ProgressBar(StoredCampaign c)
    {
        const int Width = 400;
        var total = Math.Max(c.Parties.Count, 1);
        var segments = new (CampaignPartyState State, string Fill)[]
        {
            (CampaignPartyState.Completed, "#1b5e20"), (CampaignPartyState.Acknowledged, "#1565c0"), (CampaignPartyState.Notified, "#f9a825"), (CampaignPartyState.Pending, "#9e9e9e"),
        };
        var counts = segments.Select(s => c.Parties.Count(p => p.State == s.State)).ToArray();
        var label = string.Create(CultureInfo.InvariantCulture, $"{counts[0]} of {c.Parties.Count} parties completed, {counts[1]} acknowledged, {counts[2]} notified, {counts[3]} pending");
        var sb = new StringBuilder().Append(CultureInfo.InvariantCulture, $"<svg class=\"progress\" role=\"img\" aria-label=\"{Html.E(label)}\" width=\"{Width}\" height=\"20\" viewBox=\"0 0 {Width} 20\"><title>{Html.E(label)}</title>");
        sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"0\" y=\"0\" width=\"{Width}\" height=\"20\" fill=\"#eeeeee\" stroke=\"#555555\"/>");
        double x = 0;
        for (var i = 0; i < segments.Length; i++)
        {
            var w = Width * counts[i] / (double)total;
            if (w > 0)
            {
                sb.Append(CultureInfo.InvariantCulture, $"<rect class=\"seg-{StateCode(segments[i].State)}\" x=\"{x:0.##}\" y=\"0\" width=\"{w:0.##}\" height=\"20\" fill=\"{segments[i].Fill}\"/>");
                x += w;
            }
        }

        return sb.Append("</svg> <span class=\"progress-text\">").Append(Html.E(label)).Append("</span>").ToString();
    }

    private static async Task<IResult> ListAsync(HttpContext context, IDnscertStore store, DnscertWebOptions options, CampaignService campaigns, TimeProvider time, string? after)
    {
        CampaignCursor? cursor;
        try
        {
            cursor = CampaignEndpoints.ParseCursor(after);
        }
        catch (FormatException ex)
        {
            return Html.Page(context, "Campaigns", $"<p class=\"error\" role=\"alert\">{Html.E(ex.Message)}</p>", 400);
        }

        var viewer = await Viewers.OfAsync(context, store);
        var page = await store.Campaigns.ListAsync(viewer, cursor, options.PageSize, context.RequestAborted);
        var now = time.GetUtcNow();
        var sb = new StringBuilder();
        if (Html.Can(context.User, Roles.CanAct))
        {
            sb.Append("<p><a href=\"/campaigns/new\" id=\"new-campaign\">Create a campaign</a></p>");
        }

        if (page.Items.Count == 0)
        {
            sb.Append("<p>No campaigns you may see.</p>");
        }
        else
        {
            sb.Append("<div class=\"scroll\"><table id=\"campaigns\"><thead><tr><th scope=\"col\">Created</th><th scope=\"col\">Campaign</th><th scope=\"col\">TLP</th><th scope=\"col\">Parties</th><th scope=\"col\">Progress</th><th scope=\"col\">Overdue</th><th scope=\"col\">Due</th></tr></thead><tbody>");
            foreach (var c in page.Items)
            {
                var overdue = c.Parties.Count(p => p.IsOverdue(c.AcknowledgeBy, c.CompleteBy, now));
                sb.Append(CultureInfo.InvariantCulture, $"<tr{(overdue > 0 ? " class=\"overdue\"" : "")}><td>{Html.Time(c.CreatedAt)}</td><td><a href=\"/campaigns/{c.Id}\">{Html.E(c.Name)}</a></td><td>{TlpBadge(c.Tlp)}</td>")
                    .Append(CultureInfo.InvariantCulture, $"<td>{c.Parties.Count}</td><td>{ProgressBar(c)}</td><td>{(overdue > 0 ? $"<span class=\"overdue-tag\">{overdue} overdue</span>" : "none")}</td><td>{Html.Time(c.CompleteBy)}</td></tr>");
            }

            sb.Append("</tbody></table></div>");
        }

        if (page.Next is not null)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<p class=\"pager\"><a rel=\"next\" href=\"/campaigns?after={Html.Url(CampaignEndpoints.FormatCursor(page.Next))}\">Next page</a></p>");
        }

        sb.Append("<h2>Time to acknowledge and to complete per stakeholder</h2>");
        var timings = await campaigns.TimingsAsync(viewer, context.RequestAborted);
        if (timings.Count == 0)
        {
            sb.Append("<p>No campaign share has been sent yet.</p>");
        }
        else
        {
            sb.Append("<p>Over every campaign you may see, from the moment a share was sent; shares not answered yet are counted, not timed.</p>")
                .Append("<div class=\"scroll\"><table id=\"timings\"><thead><tr><th scope=\"col\">Stakeholder</th><th scope=\"col\">Shares sent</th><th scope=\"col\">Acknowledged</th><th scope=\"col\">Completed</th>")
                .Append("<th scope=\"col\">Acknowledge: median</th><th scope=\"col\">p90</th><th scope=\"col\">Complete: median</th><th scope=\"col\">p90</th></tr></thead><tbody>");
            foreach (var t in timings)
            {
                sb.Append(CultureInfo.InvariantCulture, $"<tr><td><a href=\"/stakeholders/{Html.Url(t.StakeholderId)}\">{Html.E(t.StakeholderId)}</a></td><td>{t.Notified}</td><td>{t.Acknowledged}</td><td>{t.Completed}</td>")
                    .Append(CultureInfo.InvariantCulture, $"<td>{StakeholderTiming.Format(t.MedianToAcknowledge)}</td><td>{StakeholderTiming.Format(t.P90ToAcknowledge)}</td><td>{StakeholderTiming.Format(t.MedianToComplete)}</td><td>{StakeholderTiming.Format(t.P90ToComplete)}</td></tr>");
            }

            sb.Append("</tbody></table></div>");
        }

        return Html.Page(context, "Campaigns", sb.ToString());
    }

    private static IResult CreatePage(HttpContext context, string? error, string? name, string? domains, int status)
    {
        var sb = new StringBuilder();
        if (error is not null)
        {
            sb.Append("<p class=\"error\" role=\"alert\">").Append(Html.E(error)).Append("</p>");
        }

        var tlps = string.Concat(Enum.GetValues<Tlp>().Select(t => $"<option value=\"{t}\"{(t == Tlp.Amber ? " selected" : "")}>TLP:{Incident.TlpLabel(t)}</option>"));
        sb.Append("<p>One domain name per line (lines starting with # are ignored), at most ")
            .Append(Campaign.MaxDomains.ToString("N0", CultureInfo.InvariantCulture))
            .Append(". Each name goes to the TLD registry of the stakeholder directory that covers it; names without a registry, duplicates and invalid lines are listed on the campaign, never sent.</p>");
        sb.Append(Html.Form(context, "/campaigns/new",
            $"<label for=\"name\">Name</label><input id=\"name\" name=\"name\" required maxlength=\"{CampaignService.MaxNameLength}\" value=\"{Html.E(name)}\">"
            + $"<label for=\"domains\">Domains</label><textarea id=\"domains\" name=\"domains\" rows=\"12\" cols=\"60\" required>{Html.E(domains)}</textarea>"
            + $"<label for=\"tlp\">TLP</label><select id=\"tlp\" name=\"tlp\">{tlps}</select>"
            + "<label for=\"due\">Complete within (7d, 36h, 2w)</label><input id=\"due\" name=\"due\" value=\"7d\" size=\"6\">"
            + "<p><button type=\"submit\" id=\"create\">Create and send</button></p>"));
        return Html.Page(context, "Create a campaign", sb.ToString(), status);
    }

    private static async Task<IResult> CreateAsync(HttpContext context, CampaignService campaigns, [FromForm] string? name, [FromForm] string? domains, [FromForm] string? tlp, [FromForm] string? due)
    {
        if (!Enum.TryParse<Tlp>(tlp, out var marking) || !Enum.IsDefined(marking))
        {
            return CreatePage(context, $"'{tlp}' is not a TLP marking.", name, domains, 400);
        }

        TimeSpan? within = null;
        if (!string.IsNullOrWhiteSpace(due))
        {
            if (!CampaignDue.TryParse(due, out var d))
            {
                return CreatePage(context, $"'{due}' is not a due time: use a number and s, m, h, d or w (7d).", name, domains, 400);
            }

            within = d;
        }

        try
        {
            var created = await campaigns.CreateAsync(context.User.Identity!.Name!, name ?? "", domains ?? "", "the form", marking, within, context.RequestAborted);
            var note = created.WithoutContact.Count == 0 ? "Campaign created and sent." : $"Campaign created; no contact for {string.Join(", ", created.WithoutContact)}, their share was not sent.";
            return Results.Redirect($"/campaigns/{created.Campaign.Id}?done={Html.Url(note)}");
        }
        catch (DnscertException ex) when (ex is not StoreException)
        {
            return CreatePage(context, ex.Message, name, domains, 400);
        }
    }

    private static async Task<IResult> CampaignAsync(HttpContext context, IDnscertStore store, CampaignService campaigns, TimeProvider time, Guid id, string? done, string? error)
    {
        var c = await campaigns.GetAsync(await Viewers.OfAsync(context, store), id, context.RequestAborted);
        if (c is null)
        {
            return Html.Page(context, "No such campaign", $"<p>There is no campaign {id}. <a href=\"/campaigns\">All campaigns</a></p>", 404);
        }

        var now = time.GetUtcNow();
        var act = Html.Can(context.User, Roles.CanAct);
        var sb = new StringBuilder();
        if (done is not null)
        {
            sb.Append("<p class=\"ok\" role=\"status\">").Append(Html.E(done)).Append("</p>");
        }

        if (error is not null)
        {
            sb.Append("<p class=\"error\" role=\"alert\">").Append(Html.E(error)).Append("</p>");
        }

        sb.Append("<p id=\"progress\">").Append(ProgressBar(c)).Append("</p><dl>")
            .Append("<dt>TLP</dt><dd>").Append(TlpBadge(c.Tlp)).Append("</dd>")
            .Append("<dt>Created</dt><dd>").Append(Html.Time(c.CreatedAt)).Append(" by ").Append(Html.E(c.CreatedBy)).Append("</dd>")
            .Append("<dt>Acknowledge by</dt><dd>").Append(Html.Time(c.AcknowledgeBy)).Append("</dd>")
            .Append("<dt>Complete by</dt><dd>").Append(Html.Time(c.CompleteBy)).Append("</dd>")
            .Append(CultureInfo.InvariantCulture, $"<dt>Names given</dt><dd>{c.InputCount}: {c.Parties.Sum(p => p.DomainCount)} sent to {c.Parties.Count} registries, {c.Unrouted.Count} without a registry, {c.Rejected.Count} rejected, {c.Duplicates.Count} duplicate(s)</dd>")
            .Append("</dl>");
        if (act)
        {
            sb.Append(Html.Form(context, $"/campaigns/{c.Id}/remind", "<button type=\"submit\" id=\"remind\">Remind overdue parties now</button>"));
        }

        sb.Append("<h2>Parties</h2><div class=\"scroll\"><table id=\"parties\"><thead><tr><th scope=\"col\">Registry</th><th scope=\"col\">Names</th><th scope=\"col\">State</th><th scope=\"col\">Sent</th><th scope=\"col\">Acknowledged</th><th scope=\"col\">Completed</th><th scope=\"col\">Reminders</th>")
            .Append(act ? "<th scope=\"col\">Record</th>" : "").Append("</tr></thead><tbody>");
        foreach (var p in c.Parties)
        {
            var overdue = p.IsOverdue(c.AcknowledgeBy, c.CompleteBy, now);
            sb.Append(CultureInfo.InvariantCulture, $"<tr id=\"party-{Html.E(p.StakeholderId)}\"{(overdue ? " class=\"overdue\"" : "")}><th scope=\"row\"><a href=\"/stakeholders/{Html.Url(p.StakeholderId)}\">{Html.E(p.StakeholderId)}</a></th>")
                .Append(CultureInfo.InvariantCulture, $"<td>{p.DomainCount}</td><td class=\"state\">{StateCode(p.State)}{(overdue ? " <span class=\"overdue-tag\">overdue</span>" : "")}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td>{Maybe(p.NotifiedAt)}</td><td>{Maybe(p.AcknowledgedAt)}</td><td>{Maybe(p.CompletedAt)}</td><td>{p.Reminders}</td>");
            if (act)
            {
                sb.Append("<td class=\"actions\">");
                if (p.State == CampaignPartyState.Notified)
                {
                    sb.Append(PartyForm(context, c.Id, p.StakeholderId, "acknowledge", "Acknowledged"));
                }

                if (p.State is CampaignPartyState.Notified or CampaignPartyState.Acknowledged)
                {
                    sb.Append(PartyForm(context, c.Id, p.StakeholderId, "complete", "Completed"));
                }

                sb.Append("</td>");
            }

            sb.Append("</tr>");
        }

        sb.Append("</tbody></table></div><h2>Shares</h2>");
        foreach (var p in c.Parties)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<details><summary>{Html.E(p.StakeholderId)}: {p.DomainCount} name(s)</summary><ul>")
                .Append(string.Concat(p.Domains.Take(MaxNamesShown).Select(d => $"<li>{Html.E(d)}</li>")))
                .Append(p.Domains.Count > MaxNamesShown ? $"<li>… {p.Domains.Count - MaxNamesShown} more (API: /api/v1/campaigns/{c.Id})</li>" : "")
                .Append("</ul></details>");
        }

        sb.Append("<h2>Not sent</h2>");
        Problems(sb, "unrouted", "Without a known registry", c.Unrouted);
        Problems(sb, "rejected", "Rejected lines", c.Rejected);
        Problems(sb, "duplicates", "Duplicates", c.Duplicates);
        sb.Append("<h2>Events</h2><ol id=\"events\">");
        foreach (var e in c.Events)
        {
            sb.Append("<li>").Append(Html.Time(e.At)).Append(" <b>").Append(Html.E(e.Actor)).Append("</b> ").Append(Html.E(e.Kind.ToString().ToLowerInvariant())).Append(": ").Append(Html.E(e.Text)).Append("</li>");
        }

        sb.Append("</ol>");
        return Html.Page(context, c.Name, sb.ToString());
    }

    private static async Task<IResult> PartyAsync(HttpContext context, IDnscertStore store, CampaignService campaigns, Guid id, [FromForm] string? party, [FromForm] string? action)
    {
        if (string.IsNullOrWhiteSpace(party) || action is not ("acknowledge" or "complete"))
        {
            return Results.Redirect($"/campaigns/{id}?error={Html.Url("Choose a party and acknowledge or complete.")}");
        }

        var viewer = await Viewers.OfAsync(context, store);
        var actor = context.User.Identity!.Name!;
        try
        {
            var result = action == "acknowledge"
                ? await campaigns.AcknowledgeAsync(viewer, id, party, actor, "(recorded on the dashboard)", context.RequestAborted)
                : await campaigns.CompleteAsync(viewer, id, party, actor, "(recorded on the dashboard)", context.RequestAborted);
            return result is null
                ? Html.Page(context, "No such campaign", $"<p>There is no campaign {id}.</p>", 404)
                : Results.Redirect($"/campaigns/{id}?done={Html.Url(result.Value.Changed ? $"Recorded for {party}." : $"{party} was already recorded.")}");
        }
        catch (CampaignTransitionException ex)
        {
            return Results.Redirect($"/campaigns/{id}?error={Html.Url(ex.Message)}");
        }
    }

    private static async Task<IResult> RemindAsync(HttpContext context, IDnscertStore store, CampaignService campaigns, Guid id)
    {
        var reminded = await campaigns.RemindAsync(await Viewers.OfAsync(context, store), id, force: true, context.RequestAborted);
        return reminded is null
            ? Html.Page(context, "No such campaign", $"<p>There is no campaign {id}.</p>", 404)
            : Results.Redirect($"/campaigns/{id}?done={Html.Url(reminded.Count == 0 ? "No party is overdue." : $"Reminded {string.Join(", ", reminded)}.")}");
    }

    private static string PartyForm(HttpContext context, Guid id, string party, string action, string label) =>
        Html.Form(context, $"/campaigns/{id}/party", $"<input type=\"hidden\" name=\"party\" value=\"{Html.E(party)}\"><input type=\"hidden\" name=\"action\" value=\"{action}\"><button type=\"submit\" class=\"{action}\">{label}</button>");

    private static void Problems(StringBuilder sb, string id, string title, IReadOnlyList<string> items) =>
        sb.Append(CultureInfo.InvariantCulture, $"<details id=\"{id}\"><summary>{Html.E(title)}: {items.Count}</summary><ul>")
            .Append(string.Concat(items.Take(MaxNamesShown).Select(i => $"<li>{Html.E(i)}</li>")))
            .Append("</ul></details>");

    private static string Maybe(DateTimeOffset? t) => t is { } v ? Html.Time(v) : "–";

    private static string TlpBadge(Tlp tlp) => $"<span class=\"tlp tlp-{tlp.ToString().ToLowerInvariant()}\">TLP:{Incident.TlpLabel(tlp)}</span>";
}
