namespace Dnscert.Traffic.Stats;

/// <summary>
/// One entry of a Space-Saving top list: <see cref="Count"/> over-estimates the true count by at most
/// <see cref="Error"/>, so the true count lies in [Count - Error, Count].
/// </summary>
public readonly record struct TopItem<TKey>(TKey Key, long Count, long Error);
