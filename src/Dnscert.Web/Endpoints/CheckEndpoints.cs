using Dnscert.Core.Monitoring;
using Dnscert.Core.Store;
using Dnscert.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Logging;

namespace Dnscert.Web.Endpoints;

/// <summary>/api/v1/zones/{name}/checks (run now, latest runs) and /api/v1/checks/{id}.</summary>
public static class CheckEndpoints
{
    public static IEndpointRouteBuilder MapCheckEndpoints(this IEndpointRouteBuilder api)
    {
        var zone = api.MapGroup("/zones/{name}/checks").WithTags("Checks");
        zone.MapGet("/", LatestAsync).WithName("ListZoneChecks").WithSummary("The newest runs of a zone first (summaries; limit, default 20).");
        zone.MapPost("/", RunNowAsync).WithName("RunCheck").WithSummary("Checks the zone now, outside its schedule, and returns the stored run.").RequireAuthorization(Roles.CanAct);
        api.MapGroup("/checks").WithTags("Checks")
            .MapGet("/{id:guid}", GetAsync).WithName("GetCheck").WithSummary("One run with its messages (schema dnscert.check/1).");
        api.MapPost("/zones/{name}/baseline/confirm", ConfirmAsync).WithTags("Zones").WithName("ConfirmBaseline")
            .WithSummary("Makes the latest observed delegation the zone's baseline and resolves its 'delegation changed' observation.").RequireAuthorization(Roles.CanAct);
        return api;
    }

    private static async Task<Results<Ok<List<CheckRunDto>>, ProblemHttpResult>> LatestAsync(HttpContext context, IDnscertStore store, string name, int? limit, CancellationToken ct)
    {
        name = ZoneEndpoints.Canonical(name);
        var viewer = await Viewers.OfAsync(context, store);
        if (await store.Zones.GetVisibleAsync(name, viewer, ct) is null)
        {
            return ZoneEndpoints.NotMonitored(name);
        }

        var runs = await store.CheckRuns.SummariesAsync(name, Math.Clamp(limit ?? 20, 1, 200), viewer, ct);
        return TypedResults.Ok(runs.Select(CheckRunDto.Of).ToList());
    }

    private static async Task<Results<Ok<CheckRunDto>, ProblemHttpResult>> GetAsync(HttpContext context, IDnscertStore store, Guid id, CancellationToken ct) =>
        await store.CheckRuns.GetVisibleAsync(id, await Viewers.OfAsync(context, store), ct) is { } run
            ? TypedResults.Ok(CheckRunDto.Of(run, true))
            : TypedResults.Problem(statusCode: 404, title: "No such check run", detail: $"There is no check run {id}.");

    private static async Task<Results<Ok<CheckRunDto>, ProblemHttpResult>> RunNowAsync(IDnscertStore store, IMonitorControl monitor, HttpContext context, ILoggerFactory loggers, string name, CancellationToken ct)
    {
        name = ZoneEndpoints.Canonical(name);
        if (await store.Zones.GetVisibleAsync(name, await Viewers.OfAsync(context, store), ct) is null)
        {
            return ZoneEndpoints.NotMonitored(name);
        }

        var logger = loggers.CreateLogger("Dnscert.Web.Api");
        var who = context.User.Identity?.Name ?? "";
        Log.CheckRequested(logger, who, name);
        var run = await monitor.CheckNowAsync(name, ct);
        return TypedResults.Ok(CheckRunDto.Of(run, true));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> ConfirmAsync(IDnscertStore store, IMonitorControl monitor, HttpContext context, ILoggerFactory loggers, string name, CancellationToken ct)
    {
        name = ZoneEndpoints.Canonical(name);
        if (await store.Zones.GetVisibleAsync(name, await Viewers.OfAsync(context, store), ct) is null)
        {
            return ZoneEndpoints.NotMonitored(name);
        }

        await monitor.ConfirmBaselineAsync(name, ct);
        var logger = loggers.CreateLogger("Dnscert.Web.Api");
        var who = context.User.Identity?.Name ?? "";
        Log.BaselineConfirmed(logger, who, name);
        return TypedResults.NoContent();
    }
}
