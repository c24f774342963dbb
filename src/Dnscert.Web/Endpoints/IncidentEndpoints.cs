using System.Globalization;
using Dnscert.Coordination.Incidents;
using Dnscert.Core;
using Dnscert.Core.Store;
using Dnscert.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dnscert.Web.Endpoints;

/// <summary>
/// /api/v1/incidents and /api/v1/routing: list (keyset), get, open, transition, comment, override recipients; routing
/// for a subject. Every read and action goes through the TLP filter as the caller; an incident the caller may not
/// see answers 404 exactly like an unknown id.
/// </summary>
public static class IncidentEndpoints
{
    public static IEndpointRouteBuilder MapIncidentEndpoints(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/incidents").WithTags("Incidents");
        group.MapGet("/", ListAsync).WithName("ListIncidents")
            .WithSummary("Incidents the caller may see under TLP, newest update first; filters: state, threat, subject, recipient; pass next back as after.");
        group.MapGet("/{id:guid}", GetAsync).WithName("GetIncident").WithSummary("One incident with its timeline.");
        group.MapPost("/", OpenAsync).WithName("OpenIncident").RequireAuthorization(Roles.CanAct)
            .WithSummary("Opens an incident by hand; without recipients it is routed through the stakeholder directory.");
        group.MapPost("/{id:guid}/transitions", TransitionAsync).WithName("TransitionIncident").RequireAuthorization(Roles.CanAct)
            .WithSummary("Moves an incident; a move the state machine does not allow answers 409.");
        group.MapGet("/{id:guid}/export/{format}", ExportAsync).WithName("ExportIncident")
            .WithSummary("The incident and the observations the caller may see, as a MISP event (misp) or a STIX 2.1 bundle (stix21).");
        group.MapPost("/{id:guid}/comments", CommentAsync).WithName("CommentIncident").RequireAuthorization(Roles.CanAct).WithSummary("Adds a comment to the timeline.");
        group.MapPut("/{id:guid}/recipients", RecipientsAsync).WithName("SetIncidentRecipients").RequireAuthorization(Roles.CanAct)
            .WithSummary("Overrides the routed recipients by hand.");
        api.MapGet("/routing", RouteAsync).WithTags("Incidents").WithName("RouteSubject")
            .WithSummary("The stakeholders responsible for a subject (kind: zone, domain, nameserver, ip, prefix, url) and the reason for each.");
        return api;
    }

    internal static string FormatCursor(IncidentCursor c) =>
        string.Create(CultureInfo.InvariantCulture, $"{(c.UpdatedAt.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10}.{c.Id:N}");

    internal static IncidentCursor? ParseCursor(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var dot = text.IndexOf('.', StringComparison.Ordinal);
        return dot > 0
            && long.TryParse(text.AsSpan(0, dot), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var micros)
            && Guid.TryParseExact(text.AsSpan(dot + 1), "N", out var id)
            && micros is > -62_135_596_800_000_000 and < 253_402_300_800_000_000
            ? new IncidentCursor(DateTimeOffset.UnixEpoch.AddTicks(micros * 10), id)
            : throw new FormatException($"'{text}' is not an incident cursor");
    }

    internal static SubjectKind? ParseKind(string? kind) => Dnscert.Coordination.Routing.SubjectKinds.Parse(kind);

    private static async Task<Results<Ok<PageDto<IncidentDto>>, ProblemHttpResult>> ListAsync(
        HttpContext context, IDnscertStore store, DnscertWebOptions options, string? state, string? threat, string? subject, string? recipient, string? after, int? limit, CancellationToken ct)
    {
        IncidentState? st = null;
        if (!string.IsNullOrEmpty(state) && (st = IncidentStateMachine.Parse(state)) is null)
        {
            return TypedResults.Problem(statusCode: 400, title: "Invalid state", detail: $"'{state}' is not an incident state: use new, triaged, notified, acknowledged, mitigated, closed or rejected.");
        }

        IncidentCursor? cursor;
        try
        {
            cursor = ParseCursor(after);
        }
        catch (FormatException ex)
        {
            return TypedResults.Problem(statusCode: 400, title: "Invalid cursor", detail: ex.Message);
        }

        var query = new IncidentQuery(
            await Viewers.OfAsync(context, store),
            st,
            string.IsNullOrWhiteSpace(threat) ? null : threat.Trim(),
            string.IsNullOrWhiteSpace(subject) ? null : ZoneEndpoints.Canonical(subject.Trim()),
            string.IsNullOrWhiteSpace(recipient) ? null : recipient.Trim());
        var page = await store.Incidents.ListAsync(query, cursor, ZoneEndpoints.Limit(limit, options), ct);
        return TypedResults.Ok(new PageDto<IncidentDto>([.. page.Items.Select(i => IncidentDto.Of(Incident.FromStored(i)))], page.Next is null ? null : FormatCursor(page.Next)));
    }

    private static async Task<Results<Ok<IncidentDto>, ProblemHttpResult>> GetAsync(HttpContext context, IDnscertStore store, IncidentService incidents, Guid id, CancellationToken ct) =>
        await incidents.GetAsync(await Viewers.OfAsync(context, store), id, ct) is { } incident
            ? TypedResults.Ok(IncidentDto.Of(incident))
            : NotFound(id);

    private static async Task<Results<Created<IncidentDto>, ProblemHttpResult>> OpenAsync(HttpContext context, IDnscertStore store, IncidentService incidents, OpenIncidentRequest request, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.Title) || string.IsNullOrWhiteSpace(request.ThreatType) || request.SubjectKind is null || string.IsNullOrWhiteSpace(request.Subject))
        {
            return TypedResults.Problem(statusCode: 400, title: "Incomplete incident", detail: "title, threat_type, subject_kind and subject are required.");
        }

        try
        {
            var incident = await incidents.OpenAsync(
                await Viewers.OfAsync(context, store),
                request.Title,
                request.ThreatType.Trim(),
                new Subject(request.SubjectKind.Value, ZoneEndpoints.Canonical(request.Subject.Trim())),
                request.Severity ?? Severity.Warning,
                request.Tlp ?? Tlp.Amber,
                request.Recipients,
                request.NamedPeople,
                request.ObservationIds,
                ct);
            return TypedResults.Created($"/api/v1/incidents/{incident.Id}", IncidentDto.Of(incident));
        }
        catch (DnscertException ex) when (ex is not StoreException)
        {
            return TypedResults.Problem(statusCode: 400, title: "Invalid incident", detail: ex.Message);
        }
    }

    private static async Task<Results<Ok<IncidentDto>, ProblemHttpResult>> TransitionAsync(HttpContext context, IDnscertStore store, IncidentService incidents, Guid id, TransitionRequest request, CancellationToken ct)
    {
        if (IncidentStateMachine.Parse(request.To ?? "") is not { } to)
        {
            return TypedResults.Problem(statusCode: 400, title: "Invalid state", detail: $"'{request.To}' is not an incident state: use new, triaged, notified, acknowledged, mitigated, closed or rejected.");
        }

        return await ActAsync(id, async () => await incidents.TransitionAsync(await Viewers.OfAsync(context, store), id, to, request.Note, ct));
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> ExportAsync(
        HttpContext context, IDnscertStore store, IncidentService incidents, DnscertWebOptions options, Guid id, string format, CancellationToken ct)
    {
        if (!IncidentExport.Formats.Contains(format))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unknown export format",
                detail: $"'{format}' is not an export format; use {string.Join(" or ", IncidentExport.Formats)}.");
        }

        return await IncidentExport.LoadAsync(incidents, store, await Viewers.OfAsync(context, store), id, ct) is { } incident
            ? TypedResults.Content(IncidentExport.Render(incident, format, options.InstanceName), "application/json")
            : NotFound(id);
    }

    private static async Task<Results<Ok<IncidentDto>, ProblemHttpResult>> CommentAsync(HttpContext context, IDnscertStore store, IncidentService incidents, Guid id, CommentRequest request, CancellationToken ct) =>
        await ActAsync(id, async () => await incidents.CommentAsync(await Viewers.OfAsync(context, store), id, request.Text ?? "", ct));

    private static async Task<Results<Ok<IncidentDto>, ProblemHttpResult>> RecipientsAsync(HttpContext context, IDnscertStore store, IncidentService incidents, Guid id, RecipientsRequest request, CancellationToken ct) =>
        await ActAsync(id, async () => await incidents.SetRecipientsAsync(await Viewers.OfAsync(context, store), id, request.Recipients ?? [], string.IsNullOrWhiteSpace(request.Reason) ? "no reason given" : request.Reason.Trim(), ct));

    private static async Task<Results<Ok<RouteDto[]>, ProblemHttpResult>> RouteAsync(IncidentService incidents, string? kind, string? subject, CancellationToken ct)
    {
        if (ParseKind(kind) is not { } k || string.IsNullOrWhiteSpace(subject))
        {
            return TypedResults.Problem(statusCode: 400, title: "Invalid subject", detail: "Give kind (zone, domain, nameserver, ip, prefix, url) and subject.");
        }

        return TypedResults.Ok((await incidents.RouteAsync(new Subject(k, subject.Trim()), ct)).Select(RouteDto.Of).ToArray());
    }

    private static async Task<Results<Ok<IncidentDto>, ProblemHttpResult>> ActAsync(Guid id, Func<Task<Incident>> act)
    {
        try
        {
            return TypedResults.Ok(IncidentDto.Of(await act()));
        }
        catch (IncidentNotFoundException)
        {
            return NotFound(id);
        }
        catch (InvalidTransitionException ex)
        {
            return TypedResults.Problem(statusCode: 409, title: "Transition not allowed", detail: ex.Message);
        }
        catch (DnscertException ex) when (ex is not StoreException)
        {
            return TypedResults.Problem(statusCode: 400, title: "Invalid change", detail: ex.Message);
        }
    }

    private static ProblemHttpResult NotFound(Guid id) =>
        TypedResults.Problem(statusCode: 404, title: "No such incident", detail: $"There is no incident {id}.");
}
