using Dnscert.Coordination.Incidents;
using Dnscert.Core.Store;
using Dnscert.Exchange.Notifications;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;

namespace Dnscert.Web.Pages;

/// <summary>
/// The acknowledgement link of a notification (/ack/TOKEN): the signed token is the recipient's credential, so
/// no login is needed. GET only shows a button (mail scanners follow links; they must not acknowledge anything);
/// the POST, with anti-forgery, moves the incident to acknowledged in the name of the stakeholder the token was
/// issued to, and the timeline records who and when. The page never shows the incident's content: the token
/// proves who clicked, not what TLP lets them read.
/// </summary>
public static class AcknowledgementPages
{
    public static IEndpointRouteBuilder MapAcknowledgementPages(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/ack").WithTags("Pages").ExcludeFromDescription().AllowAnonymous();
        group.MapGet("/{token}", (HttpContext context, AcknowledgementToken tokens, string token) =>
            tokens.TryRead(token, out var claim, out var reason)
                ? Html.Page(context, "Acknowledge the incident", $"<p>Incident <code>{claim.IncidentId}</code>, notified to <strong>{Html.E(claim.StakeholderId)}</strong>.</p>"
                    + Html.Form(context, $"/ack/{Html.Url(token)}", "<p><button type=\"submit\" id=\"acknowledge\">Acknowledge receipt</button></p>"))
                : Refused(context, reason));
        group.MapPost("/{token}", AcknowledgeAsync);
        return app;
    }

    private static async Task<IResult> AcknowledgeAsync(HttpContext context, AcknowledgementToken tokens, IncidentService incidents, IAntiforgery antiforgery, [FromRoute] string token, CancellationToken ct)
    {
        // No form field binds here, so the framework would not check anti-forgery on its own: check it by hand.
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return Refused(context, "the confirmation form did not come from this page; open the link again");
        }

        if (!tokens.TryRead(token, out var claim, out var reason))
        {
            return Refused(context, reason);
        }

        // The stakeholder acts as a member of its own organisation: it sees the incident exactly when TLP lets the
        // recipient organisation see it (RED names people, not organisations, so a RED incident is not acknowledged by link).
        var actor = Viewer.User("ack:" + claim.StakeholderId, claim.StakeholderId);
        try
        {
            await incidents.TransitionAsync(actor, claim.IncidentId, IncidentState.Acknowledged, $"acknowledged by {claim.StakeholderId} through the notification link", ct);
        }
        catch (IncidentNotFoundException)
        {
            return Refused(context, "the incident does not exist or is not shared with the organisation of this link");
        }
        catch (InvalidTransitionException ex)
        {
            return Html.Page(context, "Not acknowledged", $"<p class=\"error\" role=\"alert\">{Html.E(ex.Message)}</p>", StatusCodes.Status409Conflict);
        }

        return Html.Page(context, "Acknowledged", $"<p id=\"acknowledged\">Thank you: the acknowledgement of {Html.E(claim.StakeholderId)} is recorded on incident <code>{claim.IncidentId}</code>.</p>");
    }

    private static IResult Refused(HttpContext context, string reason) =>
        Html.Page(context, "Link not valid", $"<p class=\"error\" role=\"alert\">This acknowledgement link is not valid: {Html.E(reason)}.</p>", StatusCodes.Status400BadRequest);
}
