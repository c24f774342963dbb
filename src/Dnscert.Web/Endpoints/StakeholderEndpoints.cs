using System.Text;
using Dnscert.Coordination.Stakeholders;
using Dnscert.Core.Store;
using Dnscert.Web.Auth;

namespace Dnscert.Web.Endpoints;

/// <summary>
/// /api/v1/stakeholders: the directory. Bodies and answers use the directory file format (docs/coordination.md), the
/// same as <c>dnscert stakeholder import</c>, so an export can be imported elsewhere unchanged. Reading is open to
/// every signed-in user (the directory is the community's address book); changes are for admins.
/// </summary>
public static class StakeholderEndpoints
{
    public static IEndpointRouteBuilder MapStakeholderEndpoints(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/stakeholders").WithTags("Stakeholders");
        group.MapGet("/", ExportAsync).WithName("ListStakeholders").Produces(200, contentType: "application/json")
            .WithSummary("The whole directory as a directory document (format=json) or CSV (format=csv).");
        group.MapGet("/{id}", GetAsync).WithName("GetStakeholder").Produces(200, contentType: "application/json").ProducesProblem(404).WithSummary("One stakeholder.");
        group.MapPut("/{id}", PutAsync).WithName("SaveStakeholder").RequireAuthorization(Roles.CanAdminister).Accepts<string>("application/json").ProducesProblem(400)
            .WithSummary("Adds or replaces a stakeholder (the id in the body must match the path).");
        group.MapDelete("/{id}", DeleteAsync).WithName("DeleteStakeholder").RequireAuthorization(Roles.CanAdminister).ProducesProblem(404).WithSummary("Removes a stakeholder.");
        group.MapPost("/import", ImportAsync).WithName("ImportStakeholders").RequireAuthorization(Roles.CanAdminister).Accepts<string>("application/json", "text/csv").ProducesProblem(400)
            .WithSummary("Imports a directory document (JSON) or CSV in one transaction; nothing is stored when any entry is refused.");
        return api;
    }

    private static async Task<IResult> ExportAsync(IDnscertStore store, string? format, CancellationToken ct)
    {
        var directory = await StakeholderDirectory.LoadAsync(store.Stakeholders, ct);
        return format?.ToLowerInvariant() switch
        {
            null or "" or "json" => Results.Text(DirectoryJson.Write(directory), "application/json", Encoding.UTF8),
            "csv" => Results.Text(DirectoryCsv.Write(directory), "text/csv", Encoding.UTF8),
            _ => Results.Problem(statusCode: 400, title: "Invalid format", detail: $"'{format}' is not a format: use json or csv."),
        };
    }

    private static async Task<IResult> GetAsync(IDnscertStore store, string id, CancellationToken ct) =>
        await store.Stakeholders.GetAsync(id, ct) is { } s
            ? Results.Text(s.Document, "application/json", Encoding.UTF8)
            : Results.Problem(statusCode: 404, title: "No such stakeholder", detail: $"There is no stakeholder '{id}'.");

    private static async Task<IResult> PutAsync(HttpContext context, IDnscertStore store, string id, CancellationToken ct)
    {
        try
        {
            var stakeholder = DirectoryJson.ReadOne(await ReadBodyAsync(context, ct));
            if (stakeholder.Id != id)
            {
                return Results.Problem(statusCode: 400, title: "Id mismatch", detail: $"The body is stakeholder '{stakeholder.Id}', the path says '{id}'.");
            }

            foreach (var constituent in stakeholder.AmberConstituents)
            {
                if (await store.Stakeholders.GetAsync(constituent, ct) is null && constituent != id)
                {
                    return Results.Problem(statusCode: 400, title: "Invalid stakeholder", detail: $"AMBER constituent '{constituent}' is not in the directory.");
                }
            }

            await store.Stakeholders.SaveAsync(StakeholderDirectory.ToStored(stakeholder), ct);
            return Results.Text(DirectoryJson.WriteOne(stakeholder), "application/json", Encoding.UTF8);
        }
        catch (DirectoryFormatException ex)
        {
            return Results.Problem(statusCode: 400, title: "Invalid stakeholder", detail: ex.Message);
        }
    }

    private static async Task<IResult> DeleteAsync(IDnscertStore store, string id, CancellationToken ct) =>
        await store.Stakeholders.DeleteAsync(id, ct)
            ? Results.NoContent()
            : Results.Problem(statusCode: 404, title: "No such stakeholder", detail: $"There is no stakeholder '{id}'.");

    private static async Task<IResult> ImportAsync(HttpContext context, IDnscertStore store, CancellationToken ct)
    {
        try
        {
            var body = await ReadBodyAsync(context, ct);
            var csv = context.Request.ContentType?.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase) == true;
            var directory = csv ? DirectoryCsv.Read(body) : DirectoryJson.Read(body);
            await StakeholderDirectory.ImportAsync(store.Stakeholders, directory, ct);
            return Results.Ok(new { imported = directory.Count });
        }
        catch (DirectoryFormatException ex)
        {
            return Results.Problem(statusCode: 400, title: "Invalid directory", detail: ex.Message);
        }
    }

    private static async Task<string> ReadBodyAsync(HttpContext context, CancellationToken ct)
    {
        // Bounded: never more than the directory limit is buffered, whatever Content-Length claims.
        var buffer = new byte[DirectoryLimits.MaxBytes + 1];
        var read = 0;
        int n;
        while (read < buffer.Length && (n = await context.Request.Body.ReadAsync(buffer.AsMemory(read), ct)) > 0)
        {
            read += n;
        }

        if (read > DirectoryLimits.MaxBytes)
        {
            throw new DirectoryFormatException($"the body is larger than the limit of {DirectoryLimits.MaxBytes} bytes");
        }

        try
        {
            return new UTF8Encoding(false, true).GetString(buffer, 0, read);
        }
        catch (DecoderFallbackException ex)
        {
            throw new DirectoryFormatException("the body is not valid UTF-8", ex);
        }
    }
}
