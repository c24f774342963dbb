using Dnscert.Core.Store;

namespace Dnscert.Coordination.Incidents;

/// <summary>
/// The allowed moves of an incident: new → triaged → notified → acknowledged → mitigated → closed, reject from any
/// open state, reopen (to triaged) from closed or rejected. Everything else is refused loudly, never ignored.
/// </summary>
public static class IncidentStateMachine
{
    private static readonly Dictionary<IncidentState, IncidentState[]> s_allowed = new()
    {
        [IncidentState.New] = [IncidentState.Triaged, IncidentState.Rejected],
        [IncidentState.Triaged] = [IncidentState.Notified, IncidentState.Rejected],
        [IncidentState.Notified] = [IncidentState.Acknowledged, IncidentState.Mitigated, IncidentState.Rejected],
        [IncidentState.Acknowledged] = [IncidentState.Mitigated, IncidentState.Rejected],
        [IncidentState.Mitigated] = [IncidentState.Closed],
        [IncidentState.Closed] = [IncidentState.Triaged],
        [IncidentState.Rejected] = [IncidentState.Triaged],
    };

    public static IReadOnlyList<IncidentState> AllowedFrom(IncidentState state) => s_allowed[state];

    public static bool IsAllowed(IncidentState from, IncidentState to) => s_allowed[from].Contains(to);

    public static bool IsOpen(IncidentState state) => state is not (IncidentState.Closed or IncidentState.Rejected);

    /// <summary>Lower-case word of a state, as the API, CLI and store spell it.</summary>
    public static string Code(IncidentState state) => state.ToString().ToLowerInvariant();

    public static IncidentState? Parse(string code) =>
        Enum.GetValues<IncidentState>().Cast<IncidentState?>().FirstOrDefault(s => Code(s!.Value) == code?.Trim().ToLowerInvariant());
}
