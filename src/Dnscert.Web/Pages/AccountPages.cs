using System.Security.Claims;
using Dnscert.Web.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace Dnscert.Web.Pages;

/// <summary>Sign-in, sign-out, "access denied" and the stylesheet: the only pages reachable without a login.</summary>
public static class AccountPages
{
    public static IEndpointRouteBuilder MapAccountPages(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("").WithTags("Pages").ExcludeFromDescription();
        group.MapGet("/assets/site.css", (HttpContext context) =>
        {
            // Pages link it with its content hash (Html.CssVersion), so what a browser caches never goes stale.
            context.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
            return Results.Text(Html.Css, "text/css; charset=utf-8");
        }).AllowAnonymous();
        group.MapGet("/login", (HttpContext context, string? returnUrl) => LoginPage(context, returnUrl, null, 200)).AllowAnonymous();
        group.MapPost("/login", SignInAsync).AllowAnonymous();
        group.MapPost("/logout", async (HttpContext context) =>
        {
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.Redirect("/login");
        }).RequireAuthorization(Roles.CanRead).RequireAntiforgeryToken();
        group.MapGet("/denied", (HttpContext context) => Html.Page(context, "Not allowed", "<p>Your role does not allow this. Ask an admin for the analyst role.</p><p><a href=\"/\">Back to the overview</a></p>", 403))
            .RequireAuthorization(Roles.CanRead);
        return app;
    }

    private static async Task<IResult> SignInAsync(HttpContext context, UserAdmin users, ILoggerFactory loggers, [FromForm] string? name, [FromForm] string? password, [FromForm] string? returnUrl)
    {
        var logger = loggers.CreateLogger("Dnscert.Web.Account");
        var user = await users.AuthenticateAsync(name ?? "", password ?? "", context.RequestAborted);
        if (user is null)
        {
            Log.SignInRefused(logger, name ?? "");
            return LoginPage(context, returnUrl, "Wrong name or password.", 401);
        }

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, user.Name), new Claim(ClaimTypes.Role, Roles.NameOf(user.Role))],
            CookieAuthenticationDefaults.AuthenticationScheme);
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
        Log.SignedIn(logger, user.Name);
        return Results.Redirect(IsLocal(returnUrl) ? returnUrl! : "/");
    }

    private static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'));

    private static IResult LoginPage(HttpContext context, string? returnUrl, string? error, int status)
    {
        var body = (error is null ? "" : $"<p class=\"error\" role=\"alert\" id=\"login-error\">{Html.E(error)}</p>")
            + Html.Form(
                context,
                "/login",
                $"<input type=\"hidden\" name=\"returnUrl\" value=\"{Html.E(IsLocal(returnUrl) ? returnUrl : "/")}\">"
                + "<label for=\"name\">User name</label><input id=\"name\" name=\"name\" autocomplete=\"username\" required autofocus>"
                + "<label for=\"password\">Password</label><input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" required>"
                + "<p><button type=\"submit\">Sign in</button></p>");
        return Html.Page(context, "Sign in", body, status);
    }
}
