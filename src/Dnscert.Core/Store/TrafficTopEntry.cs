namespace Dnscert.Core.Store;

/// <summary>One entry of a Space-Saving top list: the true count lies in [<see cref="Count"/> - <see cref="Error"/>, <see cref="Count"/>].</summary>
public sealed record TrafficTopEntry(string Key, long Count, long Error);
