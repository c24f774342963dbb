using Dnscert.Coordination.Routing;
using Dnscert.Coordination.Stakeholders;
using Dnscert.Core;
using Dnscert.Core.Store;

namespace Dnscert.Coordination.Incidents;

/// <summary>
/// What people do with incidents (web pages, API, CLI share it): open by hand, move, comment, override the
/// recipients. Every action first reads the incident as the acting <see cref="Viewer"/>, so nobody can act on an
/// incident TLP hides from them (they get the same "no such incident" as for an id that does not exist).
/// </summary>
public sealed class IncidentService
{
    private readonly IDnscertStore _store;
    private readonly TimeProvider _timeProvider;
    private readonly IReadOnlyDictionary<string, string> _registrarByDomain;

    public IncidentService(IDnscertStore store, TimeProvider timeProvider, IReadOnlyDictionary<string, string>? registrarByDomain = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _store = store;
        _timeProvider = timeProvider;
        _registrarByDomain = registrarByDomain ?? new Dictionary<string, string>();
    }

    /// <summary>The routes for a subject with the current directory.</summary>
    public async Task<IReadOnlyList<Route>> RouteAsync(Subject subject, CancellationToken cancellationToken)
    {
        var directory = await StakeholderDirectory.LoadAsync(_store.Stakeholders, cancellationToken).ConfigureAwait(false);
        return new StakeholderRouter(directory, _registrarByDomain).RouteFor(subject);
    }

    /// <summary>
    /// Opens an incident by hand. Recipients null means "route it"; observations are linked when the actor may see them
    /// (an id the actor cannot see is refused like an unknown one).
    /// </summary>
    public async Task<Incident> OpenAsync(
        Viewer actor,
        string title,
        string threatTypeId,
        Subject subject,
        Severity severity,
        Tlp tlp,
        IReadOnlyCollection<string>? recipients,
        IReadOnlyCollection<string>? namedPeople,
        IReadOnlyCollection<Guid>? observationIds,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var who = Name(actor);
        var now = _timeProvider.GetUtcNow();
        var incident = Incident.Open(Guid.CreateVersion7(now), title, threatTypeId, subject, severity, tlp, who, now);
        if (recipients is null)
        {
            var routes = await RouteAsync(subject, cancellationToken).ConfigureAwait(false);
            incident.SetRecipients([.. routes.Select(r => r.StakeholderId)], who, now,
                routes.Count == 0 ? "no stakeholder in the directory" : string.Join("; ", routes.Select(r => $"{r.StakeholderId}: {r.Reason}")));
        }
        else
        {
            await CheckOrganisationsAsync(recipients, cancellationToken).ConfigureAwait(false);
            incident.SetRecipients(recipients, who, now, "chosen by hand");
        }

        if (namedPeople is { Count: > 0 })
        {
            incident.SetNamedPeople(namedPeople, who, now);
        }

        if (tlp == Tlp.Red && !incident.NamedPeople.Contains(who))
        {
            // TLP:RED is for named people only; the person opening it is one, or they could not read what they wrote.
            incident.SetNamedPeople([.. incident.NamedPeople, who], who, now);
        }

        foreach (var id in observationIds ?? [])
        {
            var observation = await _store.Observations.GetVisibleAsync(id, actor, cancellationToken).ConfigureAwait(false)
                ?? throw new DnscertException($"there is no observation {id}");
            incident.LinkObservation(observation, who, now);
        }

        await _store.Incidents.SaveAsync(incident.ToStored(), cancellationToken).ConfigureAwait(false);
        return incident;
    }

    public Task<Incident> TransitionAsync(Viewer actor, Guid id, IncidentState to, string? note, CancellationToken cancellationToken) =>
        ChangeAsync(actor, id, (incident, who, now) => incident.Transition(to, who, now, string.IsNullOrWhiteSpace(note) ? null : note), cancellationToken);

    public Task<Incident> CommentAsync(Viewer actor, Guid id, string text, CancellationToken cancellationToken) =>
        ChangeAsync(actor, id, (incident, who, now) => incident.Comment(text, who, now), cancellationToken);

    /// <summary>Overrides the routed recipients by hand (the reason goes to the timeline).</summary>
    public async Task<Incident> SetRecipientsAsync(Viewer actor, Guid id, IReadOnlyCollection<string> recipients, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(recipients);
        await CheckOrganisationsAsync(recipients, cancellationToken).ConfigureAwait(false);
        return await ChangeAsync(actor, id, (incident, who, now) => incident.SetRecipients(recipients, who, now, $"by hand: {reason}"), cancellationToken).ConfigureAwait(false);
    }

    public async Task<Incident?> GetAsync(Viewer viewer, Guid id, CancellationToken cancellationToken) =>
        await _store.Incidents.GetAsync(id, viewer, cancellationToken).ConfigureAwait(false) is { } stored ? Incident.FromStored(stored) : null;

    private static string Name(Viewer actor) =>
        actor.IsSystem ? "system" : actor.UserName ?? throw new DnscertException("only a signed-in user can change incidents");

    private async Task<Incident> ChangeAsync(Viewer actor, Guid id, Action<Incident, string, DateTimeOffset> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var who = Name(actor);
        var incident = await GetAsync(actor, id, cancellationToken).ConfigureAwait(false) ?? throw new IncidentNotFoundException(id);
        change(incident, who, _timeProvider.GetUtcNow());
        await _store.Incidents.SaveAsync(incident.ToStored(), cancellationToken).ConfigureAwait(false);
        return incident;
    }

    private async Task CheckOrganisationsAsync(IReadOnlyCollection<string> organisations, CancellationToken cancellationToken)
    {
        foreach (var organisation in organisations)
        {
            if (await _store.Stakeholders.GetAsync(organisation, cancellationToken).ConfigureAwait(false) is null)
            {
                throw new DnscertException($"there is no organisation '{organisation}' in the stakeholder directory");
            }
        }
    }
}
