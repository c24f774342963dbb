using Dnscert.Coordination.Routing;
using Dnscert.Coordination.Stakeholders;
using Dnscert.Core.Store;

namespace Dnscert.Coordination.Incidents;

/// <summary>
/// Opens incidents from new observations by the configured policies: an observation a policy matches joins the
/// open incident of its group (same policy, subject and threat type) when that incident was updated within the
/// policy's window, otherwise it opens a new incident routed to the responsible stakeholders of the directory.
/// Runs as the instance (<see cref="Viewer.System"/>).
/// </summary>
public sealed class IncidentCorrelator
{
    public const string Actor = "system:correlator";

    private readonly IDnscertStore _store;
    private readonly IReadOnlyList<IncidentPolicy> _policies;
    private readonly TimeProvider _timeProvider;
    private readonly IReadOnlyDictionary<string, string> _registrarByDomain;

    public IncidentCorrelator(IDnscertStore store, IReadOnlyList<IncidentPolicy> policies, TimeProvider timeProvider, IReadOnlyDictionary<string, string>? registrarByDomain = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _store = store;
        _policies = policies;
        _timeProvider = timeProvider;
        _registrarByDomain = registrarByDomain ?? new Dictionary<string, string>();
    }

    /// <summary>Processes observations; returns the incidents opened or updated.</summary>
    public async Task<IReadOnlyList<Incident>> ProcessAsync(IReadOnlyCollection<Observation> observations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(observations);
        var touched = new Dictionary<Guid, Incident>();
        StakeholderRouter? router = null;
        foreach (var observation in observations)
        {
            foreach (var policy in _policies.Where(p => p.Matches(observation)))
            {
                var now = _timeProvider.GetUtcNow();
                var key = policy.GroupKey(observation);
                var incident = touched.Values.FirstOrDefault(i => i.GroupKey == key && IncidentStateMachine.IsOpen(i.State));
                if (incident is null && await _store.Incidents.FindOpenByGroupAsync(key, cancellationToken).ConfigureAwait(false) is { } stored
                    && stored.UpdatedAt + policy.GroupingWindow >= now)
                {
                    incident = Incident.FromStored(stored);
                }

                if (incident is null)
                {
                    incident = Incident.Open(Guid.CreateVersion7(now), observation.Summary.Length > Incident.MaxTitle ? observation.Summary[..Incident.MaxTitle] : observation.Summary,
                        observation.ThreatTypeId, observation.Subject, observation.Severity, policy.Tlp, Actor, now, key);
                    router ??= new StakeholderRouter(await StakeholderDirectory.LoadAsync(_store.Stakeholders, cancellationToken).ConfigureAwait(false), _registrarByDomain);
                    var routes = router.RouteFor(observation.Subject);
                    incident.SetRecipients([.. routes.Select(r => r.StakeholderId)], Actor, now,
                        routes.Count == 0 ? "no stakeholder in the directory" : string.Join("; ", routes.Select(r => $"{r.StakeholderId}: {r.Reason}")));
                }

                if (incident.LinkObservation(observation, Actor, now) || !touched.ContainsKey(incident.Id))
                {
                    touched[incident.Id] = incident;
                }
            }
        }

        foreach (var incident in touched.Values)
        {
            await _store.Incidents.SaveAsync(incident.ToStored(), cancellationToken).ConfigureAwait(false);
        }

        return [.. touched.Values];
    }
}
