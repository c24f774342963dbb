namespace Dnscert.Web.Endpoints;

/// <summary>/api/v1/feeds: the configured abuse feeds and what the scheduler last did with each.</summary>
public static class FeedsEndpoints
{
    public static IEndpointRouteBuilder MapFeedsEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/feeds", async (FeedsService s, CancellationToken ct) => TypedResults.Ok(await s.ListAsync(ct)))
            .WithTags("Feeds").WithName("GetFeeds")
            .WithSummary("Each configured feed (location without query string, format, interval, threat, TLP, licence) with its state, next due time, last success, failures in a row and last error.");
        return api;
    }
}
