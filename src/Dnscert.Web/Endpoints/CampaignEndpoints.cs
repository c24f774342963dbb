using Dnscert.Core;
using Dnscert.Core.Store;
using Dnscert.Exchange.Campaigns;
using Dnscert.Web.Auth;
using Dnscert.Web.Campaigns;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dnscert.Web.Endpoints;

/// <summary>
/// /api/v1/campaigns: list (keyset), get with parties, domains and events, create (which sends every party its share),
/// acknowledge and complete a party by hand, remind overdue parties, and the per-stakeholder timings. Every read and
/// action goes through the TLP filter as the caller; a campaign the caller may not see answers 404 like an unknown id.
/// </summary>
public static class CampaignEndpoints
{
    public static IEndpointRouteBuilder MapCampaignEndpoints(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/campaigns").WithTags("Campaigns");
        group.MapGet("/", ListAsync).WithName("ListCampaigns").WithSummary("Campaigns the caller may see under TLP, newest first, with per-party progress; pass next back as after.");
        group.MapGet("/timings", TimingsAsync).WithName("CampaignTimings")
            .WithSummary("Per stakeholder, over the campaigns the caller may see: shares notified, acknowledged, completed, and median and p90 hours to acknowledge and to complete.");
        group.MapGet("/{id:guid}", GetAsync).WithName("GetCampaign").WithSummary("One campaign with every party's share, the names that went nowhere, and its events.");
        group.MapPost("/", CreateAsync).WithName("CreateCampaign").RequireAuthorization(Roles.CanAct)
            .WithSummary("Creates a campaign from a list of domains (at most 100,000): split per TLD registry of the directory, one message per party through the outbox. due: 7d, 36h, 2w.");
        group.MapPost("/{id:guid}/acknowledgements", AcknowledgeAsync).WithName("AcknowledgeCampaignParty").RequireAuthorization(Roles.CanAct)
            .WithSummary("Records a party's acknowledgement by hand (for example received by phone); 409 when its share was never sent.");
        group.MapPost("/{id:guid}/completions", CompleteAsync).WithName("CompleteCampaignParty").RequireAuthorization(Roles.CanAct)
            .WithSummary("Records a party's completion by hand; 409 when its share was never sent.");
        group.MapPost("/{id:guid}/reminders", RemindAsync).WithName("RemindCampaign").RequireAuthorization(Roles.CanAct)
            .WithSummary("Sends a reminder now to every overdue party of the campaign; returns the parties reminded.");
        return api;
    }

    internal static string FormatCursor(CampaignCursor c) => IncidentEndpoints.FormatCursor(new IncidentCursor(c.CreatedAt, c.Id));

    internal static CampaignCursor? ParseCursor(string? text) =>
        IncidentEndpoints.ParseCursor(text) is { } c ? new CampaignCursor(c.UpdatedAt, c.Id) : null;

    private static async Task<Results<Ok<PageDto<CampaignDto>>, ProblemHttpResult>> ListAsync(HttpContext context, IDnscertStore store, DnscertWebOptions options, TimeProvider time, string? after, int? limit, CancellationToken ct)
    {
        CampaignCursor? cursor;
        try
        {
            cursor = ParseCursor(after);
        }
        catch (FormatException ex)
        {
            return TypedResults.Problem(statusCode: 400, title: "Invalid cursor", detail: ex.Message);
        }

        var page = await store.Campaigns.ListAsync(await Viewers.OfAsync(context, store), cursor, ZoneEndpoints.Limit(limit, options), ct);
        var now = time.GetUtcNow();
        return TypedResults.Ok(new PageDto<CampaignDto>([.. page.Items.Select(c => CampaignDto.Of(c, now, full: false))], page.Next is null ? null : FormatCursor(page.Next)));
    }

    private static async Task<Ok<StakeholderTimingDto[]>> TimingsAsync(HttpContext context, IDnscertStore store, CampaignService campaigns, CancellationToken ct) =>
        TypedResults.Ok((await campaigns.TimingsAsync(await Viewers.OfAsync(context, store), ct)).Select(StakeholderTimingDto.Of).ToArray());

    private static async Task<Results<Ok<CampaignDto>, ProblemHttpResult>> GetAsync(HttpContext context, IDnscertStore store, CampaignService campaigns, TimeProvider time, Guid id, CancellationToken ct) =>
        await campaigns.GetAsync(await Viewers.OfAsync(context, store), id, ct) is { } c
            ? TypedResults.Ok(CampaignDto.Of(c, time.GetUtcNow(), full: true))
            : NotFound(id);

    private static async Task<Results<Created<CampaignDto>, ProblemHttpResult>> CreateAsync(HttpContext context, CampaignService campaigns, TimeProvider time, CreateCampaignRequest request, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.Name) || request.Domains is null || request.Domains.Count == 0)
        {
            return TypedResults.Problem(statusCode: 400, title: "Incomplete campaign", detail: "name and a non-empty domains list are required.");
        }

        if (request.Domains.Count > Campaign.MaxDomains)
        {
            return TypedResults.Problem(statusCode: 400, title: "Too many domains", detail: $"A campaign takes at most {Campaign.MaxDomains} domains.");
        }

        TimeSpan? due = null;
        if (!string.IsNullOrWhiteSpace(request.Due))
        {
            if (!CampaignDue.TryParse(request.Due, out var d))
            {
                return TypedResults.Problem(statusCode: 400, title: "Invalid due time", detail: $"'{request.Due}' is not a due time: use a number and s, m, h, d or w (7d).");
            }

            due = d;
        }

        try
        {
            var created = await campaigns.CreateAsync(context.User.Identity!.Name!, request.Name, string.Join('\n', request.Domains), "request", request.Tlp ?? Tlp.Amber, due, ct);
            return TypedResults.Created($"/api/v1/campaigns/{created.Campaign.Id}", CampaignDto.Of(created.Campaign, time.GetUtcNow(), full: true));
        }
        catch (DnscertException ex) when (ex is not StoreException)
        {
            return TypedResults.Problem(statusCode: 400, title: "Invalid campaign", detail: ex.Message);
        }
    }

    private static async Task<Results<Ok<CampaignDto>, ProblemHttpResult>> AcknowledgeAsync(HttpContext context, IDnscertStore store, CampaignService campaigns, TimeProvider time, Guid id, CampaignPartyRequest request, CancellationToken ct) =>
        await ActAsync(id, request, time, async (viewer, party, how) => await campaigns.AcknowledgeAsync(viewer, id, party, context.User.Identity!.Name!, how, ct), await Viewers.OfAsync(context, store));

    private static async Task<Results<Ok<CampaignDto>, ProblemHttpResult>> CompleteAsync(HttpContext context, IDnscertStore store, CampaignService campaigns, TimeProvider time, Guid id, CampaignPartyRequest request, CancellationToken ct) =>
        await ActAsync(id, request, time, async (viewer, party, how) => await campaigns.CompleteAsync(viewer, id, party, context.User.Identity!.Name!, how, ct), await Viewers.OfAsync(context, store));

    private static async Task<Results<Ok<string[]>, ProblemHttpResult>> RemindAsync(HttpContext context, IDnscertStore store, CampaignService campaigns, Guid id, CancellationToken ct) =>
        await campaigns.RemindAsync(await Viewers.OfAsync(context, store), id, force: true, ct) is { } reminded
            ? TypedResults.Ok(reminded.ToArray())
            : NotFound(id);

    private static async Task<Results<Ok<CampaignDto>, ProblemHttpResult>> ActAsync(
        Guid id, CampaignPartyRequest request, TimeProvider time, Func<Viewer, string, string, Task<(StoredCampaign Campaign, bool Changed)?>> act, Viewer viewer)
    {
        if (string.IsNullOrWhiteSpace(request.StakeholderId))
        {
            return TypedResults.Problem(statusCode: 400, title: "No party", detail: "stakeholder_id is required.");
        }

        var how = string.IsNullOrWhiteSpace(request.Note) ? "(recorded through the API)" : $"({request.Note.Trim()})";
        try
        {
            return await act(viewer, request.StakeholderId.Trim(), how) is { } result
                ? TypedResults.Ok(CampaignDto.Of(result.Campaign, time.GetUtcNow(), full: false))
                : NotFound(id);
        }
        catch (CampaignTransitionException ex)
        {
            return TypedResults.Problem(statusCode: 409, title: "Change not allowed", detail: ex.Message);
        }
    }

    private static ProblemHttpResult NotFound(Guid id) =>
        TypedResults.Problem(statusCode: 404, title: "No such campaign", detail: $"There is no campaign {id}.");
}
