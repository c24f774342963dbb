namespace Dnscert.Dns.Zone;

/// <summary>How to read one master file: its origin, class, name for messages, limits and $INCLUDE policy.</summary>
public sealed record ZoneReaderOptions
{
    /// <summary>The initial origin (RFC 1035 §5.1): what <c>@</c> and relative names mean until <c>$ORIGIN</c>.</summary>
    public required DomainName Origin { get; init; }

    /// <summary>The zone's class; a record stating another class is an error, as in BIND.</summary>
    public RRClass Class { get; init; } = RRClass.IN;

    /// <summary>The name used in error messages for the top-level text; null means the path for a file, "zone" otherwise.</summary>
    public string? FileName { get; init; }

    public ZoneParseLimits Limits { get; init; } = ZoneParseLimits.Default;

    /// <summary>
    /// The directory $INCLUDE may read from; null (the default) refuses $INCLUDE, because a zone file from a
    /// stranger must not make us read local files. Included paths are resolved against it and may not leave it,
    /// through <c>..</c>, an absolute path or a symbolic link.
    /// </summary>
    public string? IncludeDirectory { get; init; }
}
