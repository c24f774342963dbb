namespace Dnscert.Traffic.Detectors;

/// <summary>
/// The thresholds every windowed detector shares: how far above its learned baseline a subject must go, how fast
/// the baseline learns, and how many subjects are tracked (the bound that keeps a spoofed flood from exhausting memory).
/// </summary>
public abstract class DetectorOptions
{
    /// <summary>Alarm when the measured value is this many times the subject's learned value (default 5).</summary>
    public double BaselineFactor { get; init; } = 5;

    /// <summary>Weight of the newest window in the learned value (default 0.1: about the last ten windows).</summary>
    public double BaselineAlpha { get; init; } = 0.1;

    /// <summary>Most subjects tracked at once (default 100 000).</summary>
    public int MaxSubjects { get; init; } = 100_000;
}
