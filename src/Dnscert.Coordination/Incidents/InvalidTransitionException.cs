using Dnscert.Core;

namespace Dnscert.Coordination.Incidents;

/// <summary>An incident was asked to move where its state machine does not allow; the message names both states and the allowed ones.</summary>
public sealed class InvalidTransitionException : DnscertException
{
    public InvalidTransitionException()
    {
    }

    public InvalidTransitionException(string message)
        : base(message)
    {
    }

    public InvalidTransitionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
