namespace Dnscert.Core.Store;

/// <summary>A named group of monitored zones that share tags and a check interval.</summary>
public sealed record ZoneSet(string Name, IReadOnlyList<string> Tags, TimeSpan CheckInterval);
