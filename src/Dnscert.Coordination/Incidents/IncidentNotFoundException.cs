using Dnscert.Core;

namespace Dnscert.Coordination.Incidents;

/// <summary>No incident with this id that the reader may see (the two cases look the same on purpose).</summary>
public sealed class IncidentNotFoundException : DnscertException
{
    public IncidentNotFoundException()
    {
    }

    public IncidentNotFoundException(Guid id)
        : base($"there is no incident {id}")
    {
        Id = id;
    }

    public IncidentNotFoundException(string message)
        : base(message)
    {
    }

    public IncidentNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public Guid Id { get; }
}
