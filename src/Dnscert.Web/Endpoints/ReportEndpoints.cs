using Dnscert.Core.Store;
using Dnscert.Web.Auth;
using Dnscert.Web.Consultation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dnscert.Web.Endpoints;

/// <summary>
/// /api/v1/reports: published reports the caller may read under TLP (keyset list), and one report with its stored
/// numbers, its consultation's tally, a keyset page of comments and the stance history. A report the caller may not
/// see answers 404 like an unknown id.
/// </summary>
public static class ReportEndpoints
{
    public static IEndpointRouteBuilder MapReportEndpoints(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/reports").WithTags("Reports");
        group.MapGet("/", ListAsync).WithName("ListPublishedReports")
            .WithSummary("Published reports the caller may read under TLP, newest first (kind, period, language, TLP, publisher, content hash, consultation state); pass next back as after.");
        group.MapGet("/{id:guid}", GetAsync).WithName("GetPublishedReport")
            .WithSummary("One published report: its numbers as published (content), the support tally, comments oldest first (pass next_comments back as after; limit per page) and the stance history.");
        return api;
    }

    internal static string FormatListCursor(PublishedReportCursor c) => IncidentEndpoints.FormatCursor(new IncidentCursor(c.PublishedAt, c.Id));

    internal static PublishedReportCursor? ParseListCursor(string? text) =>
        IncidentEndpoints.ParseCursor(text) is { } c ? new PublishedReportCursor(c.UpdatedAt, c.Id) : null;

    private static async Task<Results<Ok<PageDto<PublishedReportHead>>, ProblemHttpResult>> ListAsync(HttpContext context, IDnscertStore store, DnscertWebOptions options, TimeProvider time, string? after, int? limit, CancellationToken ct)
    {
        PublishedReportCursor? cursor;
        try
        {
            cursor = ParseListCursor(after);
        }
        catch (FormatException ex)
        {
            return TypedResults.Problem(statusCode: 400, title: "Invalid cursor", detail: ex.Message);
        }

        var page = await store.PublishedReports.ListAsync(await Viewers.OfAsync(context, store), cursor, ZoneEndpoints.Limit(limit, options), ct);
        var now = time.GetUtcNow();
        return TypedResults.Ok(new PageDto<PublishedReportHead>([.. page.Items.Select(r => PublishedReportHead.Of(r, now))], page.Next is null ? null : FormatListCursor(page.Next)));
    }

    private static async Task<Results<Ok<ConsultationDocument>, ProblemHttpResult>> GetAsync(HttpContext context, IDnscertStore store, DnscertWebOptions options, TimeProvider time, Guid id, string? after, int? limit, CancellationToken ct)
    {
        ReportCommentCursor? cursor;
        try
        {
            cursor = ConsultationDocument.ParseCursor(after);
        }
        catch (FormatException ex)
        {
            return TypedResults.Problem(statusCode: 400, title: "Invalid cursor", detail: ex.Message);
        }

        return await ConsultationDocument.ReadAsync(store, id, await Viewers.OfAsync(context, store), cursor, ZoneEndpoints.Limit(limit, options), time.GetUtcNow(), ct) is { } document
            ? TypedResults.Ok(document)
            : TypedResults.Problem(statusCode: 404, title: "Not found", detail: $"There is no published report {id}.");
    }
}
