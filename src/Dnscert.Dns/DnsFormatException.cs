using System.Globalization;

namespace Dnscert.Dns;

/// <summary>
/// The only exception the DNS parsers throw for bad input. <see cref="Offset"/> is the byte (or character,
/// for presentation input) where the problem was found, so evidence can point at it.
/// </summary>
public sealed class DnsFormatException : FormatException
{
    public DnsFormatException()
        : this(0, DnsFormatError.InvalidField, "input")
    {
    }

    public DnsFormatException(string message)
        : base(message)
    {
        Error = DnsFormatError.InvalidField;
    }

    public DnsFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
        Error = DnsFormatError.InvalidField;
    }

    public DnsFormatException(int offset, DnsFormatError error, string field)
        : base(string.Create(CultureInfo.InvariantCulture, $"{error} in {field} at offset {offset}"))
    {
        Offset = offset;
        Error = error;
        Field = field;
    }

    public int Offset { get; }

    public DnsFormatError Error { get; }

    /// <summary>The field being read ("question name", "answer[2] RDATA", ...).</summary>
    public string Field { get; } = "input";
}
