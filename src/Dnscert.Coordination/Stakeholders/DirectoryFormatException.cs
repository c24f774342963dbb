using Dnscert.Core;

namespace Dnscert.Coordination.Stakeholders;

/// <summary>A directory file (JSON or CSV) the importer refused; the message names the line or entry and the field.</summary>
public sealed class DirectoryFormatException : DnscertException
{
    public DirectoryFormatException()
    {
    }

    public DirectoryFormatException(string message)
        : base(message)
    {
    }

    public DirectoryFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
