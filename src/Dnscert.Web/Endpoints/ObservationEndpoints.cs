using Dnscert.Core;
using Dnscert.Core.Store;
using Dnscert.Web.Auth;
using Dnscert.Web.Pages;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dnscert.Web.Endpoints;

/// <summary>/api/v1/observations: list newest first with filters and a keyset cursor; get one.</summary>
public static class ObservationEndpoints
{
    public static IEndpointRouteBuilder MapObservationEndpoints(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/observations").WithTags("Observations");
        group.MapGet("/", ListAsync).WithName("ListObservations")
            .WithSummary("Observations newest first by (last seen, id); filters: state (open|resolved), threat, severity, zone; pass next back as after.");
        group.MapGet("/{id:guid}", GetAsync).WithName("GetObservation").WithSummary("One observation.");
        return api;
    }

    private static async Task<Results<Ok<PageDto<ObservationDto>>, ProblemHttpResult>> ListAsync(
        HttpContext context, IDnscertStore store, ZoneLister lister, DnscertWebOptions options, string? state, string? threat, string? severity, string? zone, string? after, int? limit, CancellationToken ct)
    {
        ObservationState? st = state switch
        {
            null or "" => null,
            "open" => ObservationState.Open,
            "resolved" => ObservationState.Resolved,
            _ => (ObservationState?)(-1),
        };
        if (st == (ObservationState)(-1))
        {
            return TypedResults.Problem(statusCode: 400, title: "Invalid state", detail: $"'{state}' is not a state: use open or resolved.");
        }

        Severity? sev = null;
        if (!string.IsNullOrEmpty(severity) && (sev = DashboardPages.ParseSeverity(severity)) is null)
        {
            return TypedResults.Problem(statusCode: 400, title: "Invalid severity", detail: $"'{severity}' is not a severity: use debug, info, notice, warning, error or critical.");
        }

        ObservationCursor? cursor;
        try
        {
            cursor = Cursors.ParseObservation(after);
        }
        catch (FormatException ex)
        {
            return TypedResults.Problem(statusCode: 400, title: "Invalid cursor", detail: ex.Message);
        }

        var query = new ObservationQuery(
            st,
            string.IsNullOrWhiteSpace(threat) ? null : threat.Trim(),
            string.IsNullOrWhiteSpace(zone) ? null : SubjectKind.Zone,
            string.IsNullOrWhiteSpace(zone) ? null : ZoneEndpoints.Canonical(zone),
            await Viewers.OfAsync(context, store));
        var page = await lister.ObservationsAsync(query, sev, cursor, ZoneEndpoints.Limit(limit, options), ct);
        return TypedResults.Ok(new PageDto<ObservationDto>([.. page.Items.Select(ObservationDto.Of)], page.Next is null ? null : Cursors.Format(page.Next)));
    }

    private static async Task<Results<Ok<ObservationDto>, ProblemHttpResult>> GetAsync(HttpContext context, IDnscertStore store, Guid id, CancellationToken ct) =>
        await store.Observations.GetVisibleAsync(id, await Viewers.OfAsync(context, store), ct) is { } o
            ? TypedResults.Ok(ObservationDto.Of(o))
            : TypedResults.Problem(statusCode: 404, title: "No such observation", detail: $"There is no observation {id}.");
}
