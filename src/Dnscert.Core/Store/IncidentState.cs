namespace Dnscert.Core.Store;

/// <summary>Where an incident stands; the allowed moves between states live in the coordination project's state machine.</summary>
public enum IncidentState
{
    New = 0,
    Triaged = 1,
    Notified = 2,
    Acknowledged = 3,
    Mitigated = 4,
    Closed = 5,
    Rejected = 6,
}
