namespace Dnscert.Exchange;

/// <summary>
/// Bounds on an imported document (ARCHITECTURE.md, convention 1). A document over a limit is refused as a whole with an
/// <see cref="ExchangeFormatException"/> naming the limit; a single over-long value only rejects its object.
/// </summary>
public sealed record ImportLimits
{
    /// <summary>The largest document read, in bytes.</summary>
    public int MaxDocumentBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>The deepest JSON nesting accepted.</summary>
    public int MaxDepth { get; init; } = 32;

    /// <summary>The most objects (MISP attributes, STIX objects) read from one document.</summary>
    public int MaxObjects { get; init; } = 100_000;

    /// <summary>The longest value (a domain, a URL, a pattern) accepted.</summary>
    public int MaxValueLength { get; init; } = 2048;

    public static ImportLimits Default { get; } = new();
}
