namespace Dnscert.Core.Store;

/// <summary>
/// A zone the monitoring service checks. <paramref name="Name"/> is lower case without the final dot.
/// <paramref name="Tlp"/> marks the zone and everything the monitor learns about it: its check runs, their evidence,
/// its baseline and the observations its runs open (docs/monitor.md).
/// </summary>
public sealed record MonitoredZone(string Name, string SetName, IReadOnlyList<string> Tags, DateTimeOffset Added, Tlp Tlp = Tlp.Amber);
