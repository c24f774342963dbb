using Dnscert.Core.Store;
using Dnscert.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dnscert.Web.Endpoints;

/// <summary>/api/v1/evidence/{sha256}: the bytes behind an evidence id of a check run or an observation.</summary>
public static class EvidenceEndpoints
{
    public static IEndpointRouteBuilder MapEvidenceEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGroup("/evidence").WithTags("Evidence")
            .MapGet("/{sha256}", GetAsync).WithName("GetEvidence")
            .WithSummary("The stored bytes of one evidence blob (DNS wire format: application/dns-message), when a run or an observation you may see cites it.");
        return api;
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetAsync(HttpContext context, IDnscertStore store, string sha256, CancellationToken ct)
    {
        if (sha256.Length != 64 || !sha256.All(char.IsAsciiHexDigitLower))
        {
            return TypedResults.Problem(statusCode: 400, title: "Invalid evidence id", detail: "An evidence id is the SHA-256 of its bytes: 64 lower-case hexadecimal digits.");
        }

        // Evidence no visible run or observation cites is answered exactly like evidence that does not exist.
        return await store.Evidence.GetVisibleAsync(sha256, await Viewers.OfAsync(context, store), ct) is { } blob
            ? TypedResults.File(blob.Content.ToArray(), blob.MediaType)
            : TypedResults.Problem(statusCode: 404, title: "No such evidence", detail: $"There is no evidence {sha256}.");
    }
}
