using Dnscert.Core.Store;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dnscert.Web.Endpoints;

/// <summary>/api/v1/zone-sets: the sets and their intervals.</summary>
public static class ZoneSetEndpoints
{
    public static IEndpointRouteBuilder MapZoneSetEndpoints(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/zone-sets").WithTags("Zone sets");
        group.MapGet("/", async (IDnscertStore store, CancellationToken ct) =>
                TypedResults.Ok((await store.Zones.ListSetsAsync(ct)).Select(ZoneSetDto.Of).ToList()))
            .WithName("ListZoneSets").WithSummary("All zone sets.");
        group.MapGet("/{name}", GetAsync).WithName("GetZoneSet").WithSummary("One zone set.");
        return api;
    }

    private static async Task<Results<Ok<ZoneSetDto>, ProblemHttpResult>> GetAsync(IDnscertStore store, string name, CancellationToken ct) =>
        await store.Zones.GetSetAsync(name, ct) is { } set
            ? TypedResults.Ok(ZoneSetDto.Of(set))
            : TypedResults.Problem(statusCode: 404, title: "No such zone set", detail: $"There is no zone set '{name}'.");
}
