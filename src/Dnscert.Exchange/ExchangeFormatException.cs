using Dnscert.Core;

namespace Dnscert.Exchange;

/// <summary>
/// Input in an exchange format (a MISP event, a STIX bundle) that cannot be read as a whole: not JSON, too large,
/// too deep, or missing its envelope. The message names the format and where it went wrong. One bad object inside a
/// good envelope is not this exception but an <see cref="ImportRejection"/>.
/// </summary>
public sealed class ExchangeFormatException : DnscertException
{
    public ExchangeFormatException()
    {
    }

    public ExchangeFormatException(string message)
        : base(message)
    {
    }

    public ExchangeFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
