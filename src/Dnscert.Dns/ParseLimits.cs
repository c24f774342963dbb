namespace Dnscert.Dns;

/// <summary>
/// Bounds for every DNS parser (ARCHITECTURE.md convention 1). Defaults accept anything a conforming
/// server can send and stop hostile input early; bulk paths may lower them.
/// </summary>
public sealed record ParseLimits
{
    public static ParseLimits Default { get; } = new();

    /// <summary>
    /// For decoding names inside a message that was already checked with the caller's limits, which may be
    /// looser than the defaults; pointers that only go backwards still bound the walk.
    /// </summary>
    internal static ParseLimits AlreadyChecked { get; } = new() { MaxCompressionHops = 65535 };

    /// <summary>Largest message accepted (the TCP framing maximum).</summary>
    public int MaxMessageSize { get; init; } = 65535;

    /// <summary>Total records over answer, authority and additional sections.</summary>
    public int MaxRecords { get; init; } = 4096;

    /// <summary>Questions; real servers send one, but checks want to see a server that echoes more.</summary>
    public int MaxQuestions { get; init; } = 16;

    /// <summary>Labels per name, not counting the root (127 is the most 255 octets can hold).</summary>
    public int MaxLabels { get; init; } = 127;

    /// <summary>Compression pointers followed while reading one name.</summary>
    public int MaxCompressionHops { get; init; } = 32;

    /// <summary>EDNS options in one OPT record.</summary>
    public int MaxEdnsOptions { get; init; } = 64;
}
