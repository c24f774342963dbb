namespace Dnscert.Traffic.Detectors;

/// <summary>
/// Exponentially weighted moving average of one per-window value of one subject. Windows that raised an
/// alarm are not learned, so a long attack cannot teach the baseline that the attack is normal.
/// </summary>
internal struct Baseline
{
    public double Mean;
    public int Windows;

    /// <summary>
    /// True when <paramref name="value"/> is at least <paramref name="minimum"/> and <paramref name="factor"/>
    /// times the learned mean. While the detector is <paramref name="warmingUp"/> (its first windows, when
    /// no baseline exists yet) the floor is raised by the factor, so normal busy subjects are learned, not reported.
    /// </summary>
    public readonly bool IsAnomalous(double value, double minimum, double factor, bool warmingUp) =>
        value >= (warmingUp ? minimum * factor : minimum) && value >= factor * Mean;

    public void Learn(double value, double alpha)
    {
        Mean = Windows == 0 ? value : Mean + (alpha * (value - Mean));
        Windows++;
    }
}
