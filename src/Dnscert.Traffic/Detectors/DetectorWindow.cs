namespace Dnscert.Traffic.Detectors;

/// <summary>
/// The window a detector is closing: where it starts and ends in capture time and how many seconds its rates
/// are divided by (for rate detectors at least the nominal window, so a window with few packets is not inflated).
/// </summary>
internal readonly record struct DetectorWindow(DateTimeOffset Start, DateTimeOffset End, double Seconds);
