using Dnscert.Core;
using Dnscert.Core.Monitoring;
using Dnscert.Core.Store;
using Dnscert.Web.Auth;
using Dnscert.Web.Pages;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Logging;

namespace Dnscert.Web.Endpoints;

/// <summary>/api/v1/zones: list (keyset), get, add (through the monitor), delete, baseline.</summary>
public static class ZoneEndpoints
{
    public static IEndpointRouteBuilder MapZoneEndpoints(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/zones").WithTags("Zones");
        group.MapGet("/", ListAsync).WithName("ListZones").WithSummary("Zones ordered by name, a keyset page at a time; filters: q (name contains), set, severity (of the latest run).");
        group.MapGet("/{name}", GetAsync).WithName("GetZone").WithSummary("One monitored zone with its latest run.");
        group.MapGet("/{name}/baseline", BaselineAsync).WithName("GetZoneBaseline").WithSummary("The confirmed baseline of a zone.");
        group.MapPost("/", AddAsync).WithName("AddZones").WithSummary("Adds zones to a set (created when missing) and schedules their first check now.").RequireAuthorization(Roles.CanAct);
        group.MapDelete("/{name}", DeleteAsync).WithName("DeleteZone").WithSummary("Stops monitoring a zone and removes its runs, baseline and schedule.").RequireAuthorization(Roles.CanAct);
        return api;
    }

    internal static int Limit(int? limit, DnscertWebOptions options) => Math.Clamp(limit ?? options.PageSize, 1, options.MaxPageSize);

    internal static string Canonical(string name) => name.TrimEnd('.').ToLowerInvariant();

    private static async Task<Results<Ok<PageDto<ZoneDto>>, ProblemHttpResult>> ListAsync(HttpContext context, IDnscertStore store, ZoneLister lister, DnscertWebOptions options, string? q, string? set, string? severity, string? after, int? limit, CancellationToken ct)
    {
        Severity? sev = null;
        if (!string.IsNullOrEmpty(severity))
        {
            sev = DashboardPages.ParseSeverity(severity);
            if (sev is null)
            {
                return TypedResults.Problem(statusCode: 400, title: "Invalid severity", detail: $"'{severity}' is not a severity: use debug, info, notice, warning, error or critical.");
            }
        }

        var page = await lister.ZonesAsync(await Viewers.OfAsync(context, store), q, set, sev, after, Limit(limit, options), ct);
        return TypedResults.Ok(new PageDto<ZoneDto>([.. page.Items.Select(r => ZoneDto.Of(r.Zone, r.Latest))], page.Next));
    }

    private static async Task<Results<Ok<ZoneDto>, ProblemHttpResult>> GetAsync(HttpContext context, IDnscertStore store, string name, CancellationToken ct)
    {
        name = Canonical(name);
        var viewer = await Viewers.OfAsync(context, store);
        var zone = await store.Zones.GetVisibleAsync(name, viewer, ct);
        if (zone is null)
        {
            return NotMonitored(name);
        }

        var latest = (await store.CheckRuns.LatestSummariesAsync([name], viewer, ct)) is [var first, ..] ? first : null;
        return TypedResults.Ok(ZoneDto.Of(zone, latest));
    }

    private static async Task<Results<Ok<BaselineDto>, ProblemHttpResult>> BaselineAsync(HttpContext context, IDnscertStore store, string name, CancellationToken ct)
    {
        name = Canonical(name);
        var baseline = await store.Baselines.GetVisibleAsync(name, await Viewers.OfAsync(context, store), ct);
        return baseline is null
            ? TypedResults.Problem(statusCode: 404, title: "No baseline", detail: $"{name} has no confirmed baseline.")
            : TypedResults.Ok(BaselineDto.Of(baseline));
    }

    private static async Task<Results<Ok<AddZonesResponse>, ProblemHttpResult>> AddAsync(IMonitorControl monitor, HttpContext context, ILoggerFactory loggers, AddZonesRequest request, CancellationToken ct)
    {
        if (request.Zones is not { Count: > 0 } zones)
        {
            return TypedResults.Problem(statusCode: 400, title: "No zones", detail: "Give at least one zone in 'zones'.");
        }

        var set = string.IsNullOrWhiteSpace(request.Set) ? "default" : request.Set.Trim();
        try
        {
            var added = request.Tlp is { } tlp
                ? await monitor.AddZonesAsync(set, zones, tlp, ct)
                : await monitor.AddZonesAsync(set, zones, ct);
            var logger = loggers.CreateLogger("Dnscert.Web.Api");
            var who = context.User.Identity?.Name ?? "";
            Log.ZonesAdded(logger, who, added, set);
            return TypedResults.Ok(new AddZonesResponse(set, zones.Count, added));
        }
        catch (DnscertException ex) when (ex is not StoreException)
        {
            return TypedResults.Problem(statusCode: 400, title: "Invalid zone", detail: ex.Message);
        }
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(HttpContext context, IDnscertStore store, string name, CancellationToken ct)
    {
        // A zone hidden from the caller by TLP cannot be deleted by them either: it answers like an unknown zone.
        name = Canonical(name);
        return await store.Zones.GetVisibleAsync(name, await Viewers.OfAsync(context, store), ct) is not null && await store.Zones.DeleteAsync(name, ct)
            ? TypedResults.NoContent()
            : NotMonitored(name);
    }

    internal static ProblemHttpResult NotMonitored(string name) =>
        TypedResults.Problem(statusCode: 404, title: "Zone not monitored", detail: $"{name} is not a monitored zone.");
}
