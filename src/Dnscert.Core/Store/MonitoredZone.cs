namespace Dnscert.Core.Store;

/// <summary>A zone the monitoring service checks. <paramref name="Name"/> is lower case without the final dot.</summary>
public sealed record MonitoredZone(string Name, string SetName, IReadOnlyList<string> Tags, DateTimeOffset Added);
