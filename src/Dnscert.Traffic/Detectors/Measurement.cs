namespace Dnscert.Traffic.Detectors;

/// <summary>
/// One subject's value for the window closing (a rate or a count, compared with the baseline) and whether the
/// detector's own side conditions hold (a share of NXDOMAIN, a number of reflectors, distinct IDs…).
/// </summary>
internal readonly record struct Measurement(double Value, bool Qualifies = true);
