using System.Text;
using Dnscert.Reports.Rendering;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dnscert.Web.Endpoints;

/// <summary>/api/v1/statistics and /api/v1/gaps: the numbers of the statistics and gap pages as JSON or CSV.</summary>
public static class StatisticsEndpoints
{
    public static IEndpointRouteBuilder MapStatisticsEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/statistics", (StatisticsService s, string? from, string? to, string? format, CancellationToken ct) => GetAsync(s, ReportKind.Threats, from, to, format, ct))
            .WithTags("Statistics").WithName("GetStatistics")
            .WithSummary("Affected observations per day, TLD, region, threat type, source and severity, and time to mitigate, for from..to (YYYY-MM-DD, default the last 30 days); format json (default) or csv.");
        api.MapGet("/statistics/health", (StatisticsService s, string? from, string? to, string? format, CancellationToken ct) => GetAsync(s, ReportKind.Health, from, to, format, ct))
            .WithTags("Statistics").WithName("GetHealthStatistics")
            .WithSummary("The same, for what the checks found only (infra.* threat types).");
        api.MapGet("/gaps", (StatisticsService s, string? from, string? to, string? format, CancellationToken ct) => GetAsync(s, ReportKind.Gaps, from, to, format, ct))
            .WithTags("Statistics").WithName("GetGaps")
            .WithSummary("The coverage matrix threat type x region with the capable organisations per function and the functions nobody covers; format json (default) or csv.");
        return api;
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> GetAsync(StatisticsService service, ReportKind kind, string? from, string? to, string? format, CancellationToken ct)
    {
        if (format is not (null or "" or "json" or "csv"))
        {
            return TypedResults.Problem(statusCode: 400, title: "Invalid format", detail: $"'{format}' is not a format: use json or csv.");
        }

        var (period, error) = service.Period(from, to);
        if (period is null)
        {
            return TypedResults.Problem(statusCode: 400, title: "Invalid period", detail: error);
        }

        var report = await service.BuildAsync(kind, period, ct);
        return format == "csv"
            ? TypedResults.Text(ReportExport.Csv(report), "text/csv; charset=utf-8", Encoding.UTF8)
            : TypedResults.Text(ReportExport.Json(report), "application/json; charset=utf-8", Encoding.UTF8);
    }
}
