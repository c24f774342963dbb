namespace Dnscert.Core;

/// <summary>
/// An error the user can act on: bad input, a missing tool, a failed prerequisite. The CLI prints its
/// message as one line; other exceptions are internal errors.
/// </summary>
public class DnscertException : Exception
{
    public DnscertException()
    {
    }

    public DnscertException(string message)
        : base(message)
    {
    }

    public DnscertException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
