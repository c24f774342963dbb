using Dnscert.Core.Store;
using Dnscert.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dnscert.Web.Endpoints;

/// <summary>/api/v1/traffic: the stored traffic statistics of the traffic page, through the TLP filter.</summary>
public static class TrafficEndpoints
{
    public static IEndpointRouteBuilder MapTrafficEndpoints(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/traffic").WithTags("Traffic");
        group.MapGet("/", ListAsync).WithName("ListTrafficCaptures")
            .WithSummary("Stored traffic captures and dnstap sessions the caller may see, most recently stored first, with their totals and top lists (limit 1-1000, default 50).");
        group.MapGet("/{id:guid}", GetAsync).WithName("GetTrafficCapture")
            .WithSummary("One stored capture: totals, QTYPE and RCODE mix, top names and client networks with error bounds, buckets and detection windows.");
        return api;
    }

    private static async Task<Results<Ok<IReadOnlyList<TrafficCapture>>, ProblemHttpResult>> ListAsync(HttpContext context, IDnscertStore store, int? limit, CancellationToken ct)
    {
        var n = limit ?? 50;
        if (n is < 1 or > 1000)
        {
            return TypedResults.Problem(statusCode: 400, title: "Invalid limit", detail: $"limit {n} is outside 1-1000.");
        }

        return TypedResults.Ok(await store.Traffic.ListAsync(await Viewers.OfAsync(context, store), n, ct));
    }

    private static async Task<Results<Ok<TrafficCaptureDetail>, ProblemHttpResult>> GetAsync(HttpContext context, IDnscertStore store, Guid id, CancellationToken ct) =>
        await store.Traffic.GetAsync(id, await Viewers.OfAsync(context, store), ct) is { } detail
            ? TypedResults.Ok(detail)
            : TypedResults.Problem(statusCode: 404, title: "No such traffic capture", detail: $"There is no stored capture {id}.");
}
