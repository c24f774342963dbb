using System.Globalization;
using Dnscert.Core.Store;
using Dnscert.Exchange.Campaigns;
using Dnscert.Exchange.Notifications;
using Dnscert.Web.Campaigns;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;

namespace Dnscert.Web.Pages;

/// <summary>
/// The links of a campaign message (/ack/campaign/TOKEN), one to acknowledge receipt and one to report completion; the
/// token's purpose, covered by its MAC, says which. As for incident links, the signed token is the party's credential
/// (no login), GET only shows a button (mail scanners follow links and must not record anything), and the POST with
/// anti-forgery records the change in the party's name. The party acts as a member of its own organisation, so the
/// campaign's TLP applies to it (a TLP:RED campaign cannot be answered by link), and the page shows only the party's
/// own share, never other parties'.
/// </summary>
public static class CampaignLinkPages
{
    public static IEndpointRouteBuilder MapCampaignLinkPages(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/ack/campaign").WithTags("Pages").ExcludeFromDescription().AllowAnonymous();
        group.MapGet("/{token}", ShowAsync);
        group.MapPost("/{token}", RecordAsync);
        return app;
    }

    private static async Task<IResult> ShowAsync(HttpContext context, AcknowledgementToken tokens, CampaignService campaigns, string token)
    {
        if (!Read(tokens, token, out var claim, out var reason))
        {
            return Refused(context, reason);
        }

        var campaign = await campaigns.GetAsync(Actor(claim), claim.IncidentId, context.RequestAborted);
        var party = campaign?.Parties.FirstOrDefault(p => p.StakeholderId == claim.StakeholderId);
        if (campaign is null || party is null)
        {
            return Refused(context, "the campaign does not exist or is not shared with the organisation of this link");
        }

        var complete = claim.Purpose == AcknowledgementPurpose.CampaignComplete;
        var body = string.Create(CultureInfo.InvariantCulture, $"<p>Campaign <strong>{Html.E(campaign.Name)}</strong>: the share of <strong>{Html.E(party.StakeholderId)}</strong>, {party.DomainCount} name(s), is <span id=\"state\">{CampaignPages.StateCode(party.State)}</span>.</p>")
            + Html.Form(context, $"/ack/campaign/{Html.Url(token)}", complete
                ? "<p><button type=\"submit\" id=\"complete\">Report the action as completed</button></p>"
                : "<p><button type=\"submit\" id=\"acknowledge\">Acknowledge receipt</button></p>");
        return Html.Page(context, complete ? "Report completion" : "Acknowledge the campaign", body);
    }

    private static async Task<IResult> RecordAsync(HttpContext context, AcknowledgementToken tokens, CampaignService campaigns, IAntiforgery antiforgery, [FromRoute] string token, CancellationToken ct)
    {
        // No form field binds here, so the framework would not check anti-forgery on its own: check it by hand.
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return Refused(context, "the confirmation form did not come from this page; open the link again");
        }

        if (!Read(tokens, token, out var claim, out var reason))
        {
            return Refused(context, reason);
        }

        var complete = claim.Purpose == AcknowledgementPurpose.CampaignComplete;
        var actor = Actor(claim);
        (StoredCampaign Campaign, bool Changed)? result;
        try
        {
            result = complete
                ? await campaigns.CompleteAsync(actor, claim.IncidentId, claim.StakeholderId, actor.UserName!, "through the campaign link", ct)
                : await campaigns.AcknowledgeAsync(actor, claim.IncidentId, claim.StakeholderId, actor.UserName!, "through the campaign link", ct);
        }
        catch (CampaignTransitionException ex)
        {
            return Html.Page(context, "Not recorded", $"<p class=\"error\" role=\"alert\">{Html.E(ex.Message)}</p>", StatusCodes.Status409Conflict);
        }

        if (result is not { } r)
        {
            return Refused(context, "the campaign does not exist or is not shared with the organisation of this link");
        }

        var what = complete ? "completion" : "acknowledgement";
        return Html.Page(context, "Recorded", r.Changed
            ? $"<p id=\"recorded\">Thank you: the {what} of {Html.E(claim.StakeholderId)} is recorded on campaign {Html.E(r.Campaign.Name)}.</p>"
            : $"<p id=\"recorded\">The {what} of {Html.E(claim.StakeholderId)} was already recorded on campaign {Html.E(r.Campaign.Name)}; nothing changed.</p>");
    }

    private static bool Read(AcknowledgementToken tokens, string token, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out AcknowledgementClaim? claim, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? reason)
    {
        if (!tokens.TryRead(token, out claim, out reason, purpose: null))
        {
            return false;
        }

        if (claim.Purpose is not (AcknowledgementPurpose.CampaignAcknowledge or AcknowledgementPurpose.CampaignComplete))
        {
            claim = null;
            reason = "the link is an incident link, not a campaign link";
            return false;
        }

        return true;
    }

    private static Viewer Actor(AcknowledgementClaim claim) => Viewer.User("ack:" + claim.StakeholderId, claim.StakeholderId);

    private static IResult Refused(HttpContext context, string reason) =>
        Html.Page(context, "Link not valid", $"<p class=\"error\" role=\"alert\">This campaign link is not valid: {Html.E(reason)}.</p>", StatusCodes.Status400BadRequest);
}
