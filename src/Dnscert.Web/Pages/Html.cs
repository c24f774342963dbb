using System.Globalization;
using System.Net;
using System.Security.Claims;
using System.Text;
using Dnscert.Core;
using Dnscert.Web.Auth;
using Microsoft.AspNetCore.Antiforgery;

namespace Dnscert.Web.Pages;

/// <summary>
/// Server-rendered HTML without a template engine: every value goes through <c>E</c> (HTML encoding), every form
/// through <see cref="Form"/> (anti-forgery field). Hand-written instead of Razor to keep the build fast on 2 cores.
/// </summary>
internal static class Html
{
    public static string E(string? text) => WebUtility.HtmlEncode(text ?? "");

    public static string E(object? value) => E(Convert.ToString(value, CultureInfo.InvariantCulture));

    public static string Url(string text) => Uri.EscapeDataString(text);

    public static string Time(DateTimeOffset t) => $"<time datetime=\"{t.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}\">{t.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC</time>";

    public static string SeverityName(Severity s) => s.ToString().ToUpperInvariant();

    public static string SeverityBadge(Severity? s) => s is { } v
        ? $"<span class=\"sev sev-{v.ToString().ToLowerInvariant()}\">{SeverityName(v)}</span>"
        : "<span class=\"sev sev-none\">not checked</span>";

    /// <summary>A form with the anti-forgery field; <paramref name="inner"/> is trusted HTML.</summary>
    public static string Form(HttpContext context, string action, string inner, string? cssClass = null)
    {
        var af = context.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context);
        return $"<form method=\"post\" action=\"{E(action)}\"{(cssClass is null ? "" : $" class=\"{cssClass}\"")}>"
            + $"<input type=\"hidden\" name=\"{E(af.FormFieldName)}\" value=\"{E(af.RequestToken)}\">{inner}</form>";
    }

    public static bool Can(ClaimsPrincipal user, string policyRole) => policyRole switch
    {
        Roles.CanAct => user.IsInRole(Roles.Analyst) || user.IsInRole(Roles.Admin),
        Roles.CanAdminister => user.IsInRole(Roles.Admin),
        _ => user.Identity?.IsAuthenticated == true,
    };

    /// <summary>The whole page: skip link, header with navigation and sign-out, then <paramref name="body"/> (trusted HTML).</summary>
    public static IResult Page(HttpContext context, string title, string body, int status = 200)
    {
        var sb = new StringBuilder(4096);
        sb.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>").Append(E(title)).Append(" · dnscert</title>")
            .Append("<link rel=\"stylesheet\" href=\"/assets/site.css\"></head><body>")
            .Append("<a class=\"skip\" href=\"#main\">Skip to content</a><header class=\"top\"><a class=\"brand\" href=\"/\">dnscert</a>");
        var user = context.User;
        if (user.Identity?.IsAuthenticated == true)
        {
            sb.Append("<nav aria-label=\"Main\"><ul>")
                .Append("<li><a href=\"/\">Overview</a></li><li><a href=\"/zones\">Zones</a></li><li><a href=\"/observations\">Observations</a></li>")
                .Append("<li><a href=\"/incidents\">Incidents</a></li><li><a href=\"/stakeholders\">Stakeholders</a></li>")
                .Append("<li><a href=\"/campaigns\">Campaigns</a></li>")
                .Append("<li><a href=\"/statistics\">Statistics</a></li><li><a href=\"/gaps\">Gaps</a></li>")
                .Append("<li><a href=\"/reports\">Reports</a></li>")
                .Append("<li><a href=\"/feeds\">Feeds</a></li>")
                .Append("<li><a href=\"/traffic\">Traffic</a></li>");
            if (Can(user, Roles.CanAct))
            {
                sb.Append("<li><a href=\"/zones/add\">Add zones</a></li>");
            }

            sb.Append("</ul></nav>")
                .Append(Form(context, "/logout", $"<span class=\"who\">{E(user.Identity.Name)} ({E(user.FindFirst(ClaimTypes.Role)?.Value)})</span> <button type=\"submit\">Sign out</button>", "signout"));
        }

        sb.Append("</header><main id=\"main\" tabindex=\"-1\"><h1>").Append(E(title)).Append("</h1>").Append(body).Append("</main></body></html>");
        return Results.Content(sb.ToString(), "text/html; charset=utf-8", Encoding.UTF8, status);
    }

    /// <summary>Responsive, high-contrast (WCAG AA) styles with visible focus; served from memory, no CDN.</summary>
    public const string Css = """
        :root{--fg:#111;--bg:#fff;--muted:#444;--line:#bbb;--link:#0645ad;--focus:#b35900}
        *{box-sizing:border-box}
        body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
        a{color:var(--link)}
        a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,textarea:focus-visible,main:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
        .skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:#fff;padding:4px;z-index:9}
        .top{display:flex;flex-wrap:wrap;align-items:center;gap:8px 16px;padding:8px 16px;border-bottom:2px solid var(--line);background:#f4f4f4}
        .brand{font-weight:700;text-decoration:none;color:var(--fg)}
        nav ul{display:flex;flex-wrap:wrap;gap:4px 16px;list-style:none;margin:0;padding:0}
        .signout{margin-left:auto}.who{color:var(--muted)}
        main{padding:8px 16px 32px;max-width:1200px}
        h1{font-size:1.6rem;margin:.5rem 0}h2{font-size:1.25rem;margin-top:1.5rem}
        table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:4px 8px;border-bottom:1px solid var(--line);vertical-align:top}
        .scroll{overflow-x:auto}
        label{display:block;font-weight:600;margin-top:8px}
        input,select,textarea,button{font:inherit;padding:6px 8px;border:1px solid #555;border-radius:4px;max-width:100%}
        button{background:#0645ad;color:#fff;border-color:#0645ad;cursor:pointer}
        .filters{display:flex;flex-wrap:wrap;gap:8px 16px;align-items:flex-end}
        .sev{display:inline-block;padding:0 6px;border-radius:4px;font-size:.85rem;font-weight:700;border:1px solid #333}
        .sev-critical{background:#7a0000;color:#fff}.sev-error{background:#b00020;color:#fff}.sev-warning{background:#ffd54f;color:#111}
        .sev-notice{background:#bbdefb;color:#111}.sev-info{background:#e8f5e9;color:#111}.sev-debug{background:#eee;color:#111}.sev-none{background:#fff;color:#444}
        .cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(140px,1fr));gap:8px;list-style:none;padding:0}
        .cards li{border:1px solid var(--line);border-radius:6px;padding:8px}.cards b{display:block;font-size:1.5rem}
        .error{color:#b00020;font-weight:600}.ok{color:#1b5e20;font-weight:600}
        .actions{display:flex;flex-wrap:wrap;gap:8px}
        svg{max-width:100%;height:auto}
        .pager{margin-top:12px}
        tr.overdue td,tr.overdue th{background:#fff3e0}.overdue-tag{color:#b00020;font-weight:700}.progress{vertical-align:middle}
        code{word-break:break-all}
        .comments li{margin-bottom:8px}.comment-text{white-space:normal;overflow-wrap:anywhere}.org{color:var(--muted)}
        fieldset{border:1px solid var(--line);margin-top:8px}.choice{display:block;font-weight:400}
        .tlp{display:inline-block;padding:0 6px;border-radius:4px;font-size:.85rem;font-weight:700;background:#000}
        .tlp-clear{color:#fff}.tlp-green{color:#33ff00}.tlp-amber,.tlp-amberstrict{color:#ffc000}.tlp-red{color:#ff2b2b}
        """;
}
