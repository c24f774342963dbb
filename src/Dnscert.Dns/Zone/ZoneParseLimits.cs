namespace Dnscert.Dns.Zone;

/// <summary>
/// Bounds for the zone-file reader (ARCHITECTURE.md convention 1). Zone files come from strangers, so every
/// buffer and loop the reader has is bounded by one of these; exceeding one throws <see cref="ZoneFileException"/>.
/// The defaults take a large TLD zone and stop hostile input early.
/// </summary>
public sealed record ZoneParseLimits
{
    public static ZoneParseLimits Default { get; } = new();

    /// <summary>Characters in one physical line. 64 Ki fits a 2048-bit DKIM key written on one line many times over.</summary>
    public int MaxLineLength { get; init; } = 65536;

    /// <summary>Tokens in one record, over all lines of a parenthesised record (hex and base64 may be split).</summary>
    public int MaxTokensPerRecord { get; init; } = 4096;

    /// <summary>Characters of one record's text after joining its lines: 64 KiB of RDATA in hex plus spacing.</summary>
    public int MaxRecordLength { get; init; } = 262144;

    /// <summary>Records in the whole zone, over every included file and every $GENERATE.</summary>
    public long MaxRecords { get; init; } = 50_000_000;

    /// <summary>Nesting of $INCLUDE (a file including itself stops here).</summary>
    public int MaxIncludeDepth { get; init; } = 8;

    /// <summary>Records one $GENERATE may produce.</summary>
    public int MaxGenerateCount { get; init; } = 65536;

    /// <summary>Characters read from one file or stream (equal to bytes for ASCII zone files).</summary>
    public long MaxFileSize { get; init; } = 8L * 1024 * 1024 * 1024;
}
