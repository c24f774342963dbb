namespace Dnscert.Core.Store;

/// <summary>Whether the condition an observation describes still holds.</summary>
public enum ObservationState
{
    Open = 0,
    Resolved = 1,
}
