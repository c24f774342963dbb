using Microsoft.AspNetCore.Antiforgery;

namespace Dnscert.Web.Pages;

/// <summary>
/// Anti-forgery for form posts that bind no form field (a bare button such as "check now", "confirm baseline" or
/// "sign out"): the framework checks the token only where a form parameter is bound, so these check it here.
/// </summary>
internal static class AntiforgeryCheck
{
    public static RouteHandlerBuilder RequireAntiforgeryToken(this RouteHandlerBuilder builder) =>
        builder.AddEndpointFilter(async (invocation, next) =>
        {
            var http = invocation.HttpContext;
            var antiforgery = http.RequestServices.GetRequiredService<IAntiforgery>();
            return await antiforgery.IsRequestValidAsync(http)
                ? await next(invocation)
                : Html.Page(http, "Form expired", "<p class=\"error\" role=\"alert\">This form did not come from a page of this site, or it expired. Go back, reload the page and try again.</p>", StatusCodes.Status400BadRequest);
        });
}
