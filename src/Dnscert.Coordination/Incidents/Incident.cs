using Dnscert.Core;
using Dnscert.Core.Store;

namespace Dnscert.Coordination.Incidents;

/// <summary>
/// The incident aggregate: every change goes through a method here, which checks it and appends a timeline entry,
/// so the timeline is complete by construction. Built from and saved as a <see cref="StoredIncident"/>.
/// </summary>
public sealed class Incident
{
    public const int MaxText = 16 * 1024;
    public const int MaxTitle = 200;
    public const int MaxRecipients = 200;
    public const int MaxObservations = 10_000;

    private readonly List<string> _recipients;
    private readonly List<string> _namedPeople;
    private readonly List<Guid> _observations;
    private readonly List<TimelineEntry> _timeline;

    private Incident(StoredIncident stored)
    {
        Id = stored.Id;
        Title = stored.Title;
        State = stored.State;
        Severity = stored.Severity;
        Tlp = stored.Tlp;
        ThreatTypeId = stored.ThreatTypeId;
        Subject = stored.Subject;
        OpenedAt = stored.OpenedAt;
        UpdatedAt = stored.UpdatedAt;
        GroupKey = stored.GroupKey;
        _recipients = [.. stored.Recipients];
        _namedPeople = [.. stored.NamedPeople];
        _observations = [.. stored.ObservationIds];
        _timeline = [.. stored.Timeline];
    }

    public Guid Id { get; }

    public string Title { get; private set; }

    public IncidentState State { get; private set; }

    public Severity Severity { get; private set; }

    public Tlp Tlp { get; private set; }

    public string ThreatTypeId { get; }

    public Subject Subject { get; }

    public DateTimeOffset OpenedAt { get; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public string? GroupKey { get; }

    public IReadOnlyList<string> Recipients => _recipients;

    public IReadOnlyList<string> NamedPeople => _namedPeople;

    public IReadOnlyList<Guid> ObservationIds => _observations;

    public IReadOnlyList<TimelineEntry> Timeline => _timeline;

    /// <summary>Opens a new incident (state new) with its first timeline entry.</summary>
    public static Incident Open(
        Guid id,
        string title,
        string threatTypeId,
        Subject subject,
        Severity severity,
        Tlp tlp,
        string actor,
        DateTimeOffset now,
        string? groupKey = null)
    {
        ArgumentNullException.ThrowIfNull(subject);
        CheckText(title, MaxTitle, "title");
        CheckText(threatTypeId, MaxTitle, "threat type");
        CheckText(actor, MaxTitle, "actor");
        var incident = new Incident(new StoredIncident(id, title.Trim(), IncidentState.New, severity, tlp, threatTypeId, subject, now, now, groupKey, [], [], [], []));
        incident.Append(now, actor, TimelineEntryKind.Opened, $"opened: {title.Trim()} ({threatTypeId} on {subject}, severity {severity}, TLP:{TlpLabel(tlp)})");
        return incident;
    }

    public static Incident FromStored(StoredIncident stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        return new Incident(stored);
    }

    public StoredIncident ToStored() =>
        new(Id, Title, State, Severity, Tlp, ThreatTypeId, Subject, OpenedAt, UpdatedAt, GroupKey, [.. _recipients], [.. _namedPeople], [.. _observations], [.. _timeline]);

    /// <summary>Moves the incident; throws <see cref="InvalidTransitionException"/> when the state machine does not allow it.</summary>
    public void Transition(IncidentState to, string actor, DateTimeOffset now, string? note = null)
    {
        CheckText(actor, MaxTitle, "actor");
        if (!IncidentStateMachine.IsAllowed(State, to))
        {
            throw new InvalidTransitionException(
                $"incident {Id} cannot go from {IncidentStateMachine.Code(State)} to {IncidentStateMachine.Code(to)}; allowed: "
                + (IncidentStateMachine.AllowedFrom(State) is { Count: > 0 } allowed ? string.Join(", ", allowed.Select(IncidentStateMachine.Code)) : "none"));
        }

        if (note is not null)
        {
            CheckText(note, MaxText, "note");
        }

        var from = State;
        State = to;
        var verb = from is IncidentState.Closed or IncidentState.Rejected ? "reopened" : "moved";
        Append(now, actor, TimelineEntryKind.Transition, $"{verb} {IncidentStateMachine.Code(from)} → {IncidentStateMachine.Code(to)}{(string.IsNullOrWhiteSpace(note) ? "" : $": {note.Trim()}")}");
    }

    public void Comment(string text, string actor, DateTimeOffset now)
    {
        CheckText(text, MaxText, "comment");
        CheckText(actor, MaxTitle, "actor");
        Append(now, actor, TimelineEntryKind.Comment, text.Trim());
    }

    /// <summary>Records a message sent or received about the incident (the notifier's outbox writes these).</summary>
    public void RecordMessage(string text, string actor, DateTimeOffset now)
    {
        CheckText(text, MaxText, "message");
        Append(now, actor, TimelineEntryKind.Message, text.Trim());
    }

    public void ChangeSeverity(Severity severity, string actor, DateTimeOffset now)
    {
        if (severity == Severity)
        {
            return;
        }

        Append(now, actor, TimelineEntryKind.Change, $"severity {Severity} → {severity}");
        Severity = severity;
    }

    public void ChangeTlp(Tlp tlp, string actor, DateTimeOffset now)
    {
        if (tlp == Tlp)
        {
            return;
        }

        Append(now, actor, TimelineEntryKind.Change, $"TLP:{TlpLabel(Tlp)} → TLP:{TlpLabel(tlp)}");
        Tlp = tlp;
    }

    /// <summary>Replaces the recipient organisations (routing result or a hand override), with the reason in the timeline.</summary>
    public void SetRecipients(IReadOnlyCollection<string> organisations, string actor, DateTimeOffset now, string reason)
    {
        ArgumentNullException.ThrowIfNull(organisations);
        if (organisations.Count > MaxRecipients)
        {
            throw new DnscertException($"incident {Id}: {organisations.Count} recipients, more than the limit of {MaxRecipients}");
        }

        var next = organisations.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (next.SequenceEqual(_recipients))
        {
            return;
        }

        _recipients.Clear();
        _recipients.AddRange(next);
        Append(now, actor, TimelineEntryKind.Change, $"recipients: {(next.Count == 0 ? "none" : string.Join(", ", next))} ({reason})");
    }

    /// <summary>Replaces the people who may read the incident under TLP:RED.</summary>
    public void SetNamedPeople(IReadOnlyCollection<string> users, string actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(users);
        if (users.Count > MaxRecipients)
        {
            throw new DnscertException($"incident {Id}: {users.Count} named people, more than the limit of {MaxRecipients}");
        }

        var next = users.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (next.SequenceEqual(_namedPeople))
        {
            return;
        }

        _namedPeople.Clear();
        _namedPeople.AddRange(next);
        Append(now, actor, TimelineEntryKind.Change, $"named people: {(next.Count == 0 ? "none" : string.Join(", ", next))}");
    }

    /// <summary>Links an observation (its evidence comes with it); linking the same one twice does nothing.</summary>
    public bool LinkObservation(Observation observation, string actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(observation);
        if (_observations.Contains(observation.Id))
        {
            return false;
        }

        if (_observations.Count >= MaxObservations)
        {
            throw new DnscertException($"incident {Id}: more than {MaxObservations} linked observations");
        }

        _observations.Add(observation.Id);
        if (observation.Severity > Severity)
        {
            ChangeSeverity(observation.Severity, actor, now);
        }

        Append(now, actor, TimelineEntryKind.ObservationLinked, $"observation {observation.Id} linked: {observation.Summary}");
        return true;
    }

    public static string TlpLabel(Tlp tlp) => tlp switch
    {
        Tlp.Clear => "CLEAR",
        Tlp.Green => "GREEN",
        Tlp.Amber => "AMBER",
        Tlp.AmberStrict => "AMBER+STRICT",
        Tlp.Red => "RED",
        _ => throw new ArgumentOutOfRangeException(nameof(tlp), tlp, "unknown TLP"),
    };

    private static void CheckText(string? text, int max, string what)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > max)
        {
            throw new DnscertException($"the incident's {what} must be 1 to {max} characters");
        }
    }

    private void Append(DateTimeOffset now, string actor, TimelineEntryKind kind, string text)
    {
        UpdatedAt = now > UpdatedAt ? now : UpdatedAt;
        _timeline.Add(new TimelineEntry(now, actor, kind, text));
    }
}
