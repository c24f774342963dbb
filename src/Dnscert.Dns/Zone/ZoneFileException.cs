using System.Globalization;
using Dnscert.Core;

namespace Dnscert.Dns.Zone;

/// <summary>
/// The only exception the zone-file reader throws for bad input or an exceeded limit. It is a
/// <see cref="DnscertException"/> because the person who wrote the file can act on it; the message names the
/// file, the line and, when known, the column: <c>zone.db, line 12, column 5: TTL '1x' is not ...</c>.
/// </summary>
public sealed class ZoneFileException : DnscertException
{
    public ZoneFileException()
        : this("zone", 0, 0, "invalid zone file")
    {
    }

    public ZoneFileException(string message)
        : this("zone", 0, 0, message)
    {
    }

    public ZoneFileException(string message, Exception innerException)
        : this("zone", 0, 0, message, innerException)
    {
    }

    public ZoneFileException(string fileName, int line, int column, string reason, Exception? innerException = null)
        : base(Format(fileName, line, column, reason), innerException!)
    {
        FileName = fileName;
        Line = line;
        Column = column;
        Reason = reason;
    }

    /// <summary>The file (or the name the caller gave the text) where the problem was found.</summary>
    public string FileName { get; }

    /// <summary>1-based line; 0 when the problem is not tied to a line (a missing SOA).</summary>
    public int Line { get; }

    /// <summary>1-based column; 0 when unknown.</summary>
    public int Column { get; }

    /// <summary>What was wrong, as one sentence without the location.</summary>
    public string Reason { get; }

    private static string Format(string fileName, int line, int column, string reason) => (line, column) switch
    {
        (0, _) => $"{fileName}: {reason}",
        (_, 0) => string.Create(CultureInfo.InvariantCulture, $"{fileName}, line {line}: {reason}"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{fileName}, line {line}, column {column}: {reason}"),
    };
}
