namespace Dnscert.Traffic.Detectors;

/// <summary>Every traffic detector, one line each (explicit, not reflection: easy to grep, safe for trimming).</summary>
public static class DetectorCatalog
{
    public static IReadOnlyList<Func<IDetector>> Factories { get; } =
    [
    ];
}
