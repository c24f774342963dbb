namespace Dnscert.Traffic.Detectors;

/// <summary>Every traffic detector, one line each (explicit, not reflection: easy to grep, safe for trimming).</summary>
public static class DetectorCatalog
{
    public static IReadOnlyList<Func<IDetector>> Factories { get; } =
    [
        () => new QueryFloodDetector(),
        () => new RandomSubdomainDetector(),
        () => new AmplificationDetector(),
        () => new NxdomainStormDetector(),
        () => new CachePoisoningDetector(),
        () => new DgaDetector(),
        () => new TunnellingDetector(),
    ];
}
