using Dnscert.Coordination.Incidents;
using Dnscert.Core;
using Dnscert.Core.Store;

namespace Dnscert.Web.Endpoints;

/// <summary>An incident as the API shows it, with the states it may move to next.</summary>
internal sealed record IncidentDto(
    Guid Id,
    string Title,
    string State,
    Severity Severity,
    Tlp Tlp,
    string ThreatType,
    SubjectKind SubjectKind,
    string Subject,
    DateTimeOffset OpenedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<string> Recipients,
    IReadOnlyList<string> NamedPeople,
    IReadOnlyList<Guid> ObservationIds,
    IReadOnlyList<TimelineEntryDto> Timeline,
    IReadOnlyList<string> AllowedTransitions)
{
    public static IncidentDto Of(Incident i) => new(
        i.Id,
        i.Title,
        IncidentStateMachine.Code(i.State),
        i.Severity,
        i.Tlp,
        i.ThreatTypeId,
        i.Subject.Kind,
        i.Subject.Value,
        i.OpenedAt,
        i.UpdatedAt,
        i.Recipients,
        i.NamedPeople,
        i.ObservationIds,
        [.. i.Timeline.Select(e => new TimelineEntryDto(e.At, e.Actor, e.Kind.ToString().ToLowerInvariant(), e.Text))],
        [.. IncidentStateMachine.AllowedFrom(i.State).Select(IncidentStateMachine.Code)]);
}

/// <summary>One timeline line.</summary>
internal sealed record TimelineEntryDto(DateTimeOffset At, string Actor, string Kind, string Text);

/// <summary>Opens an incident by hand; recipients null routes it through the directory.</summary>
internal sealed record OpenIncidentRequest(
    string? Title,
    string? ThreatType,
    SubjectKind? SubjectKind,
    string? Subject,
    Severity? Severity,
    Tlp? Tlp,
    IReadOnlyList<string>? Recipients,
    IReadOnlyList<string>? NamedPeople,
    IReadOnlyList<Guid>? ObservationIds);

/// <summary>Moves an incident: to is new, triaged, notified, acknowledged, mitigated, closed or rejected.</summary>
internal sealed record TransitionRequest(string? To, string? Note);

/// <summary>A comment for the timeline.</summary>
internal sealed record CommentRequest(string? Text);

/// <summary>Replaces the recipients by hand, with the reason recorded in the timeline.</summary>
internal sealed record RecipientsRequest(IReadOnlyList<string>? Recipients, string? Reason);

/// <summary>Who is responsible for a subject, and why.</summary>
internal sealed record RouteDto(string Stakeholder, string Name, string Reason)
{
    public static RouteDto Of(Dnscert.Coordination.Routing.Route r) => new(r.StakeholderId, r.StakeholderName, r.Reason);
}
