namespace Dnscert.Traffic.Detectors;

/// <summary>Options of a detector that measures a rate per second rather than a count per window.</summary>
public abstract class RateDetectorOptions : DetectorOptions
{
    /// <summary>Nominal window length; rates are per second of the observed window, at least this long.</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromSeconds(10);
}
