namespace Dnscert.Core.Store;

/// <summary>
/// The first entries of a top list as stored (top-k only) and the list's largest possible over-count: any key counted
/// more than <see cref="MaxError"/> times is guaranteed to be in the full list.
/// </summary>
public sealed record TrafficTopList(long MaxError, IReadOnlyList<TrafficTopEntry> Items);
