using Dnscert.Core.Store;

namespace Dnscert.Core.Statistics;

/// <summary>
/// The daily aggregate of observations, kept up to date one observation at a time: <see cref="Apply"/> takes the
/// stored version of an observation (or null when new) and its new version, removes what the old one contributed and
/// adds what the new one contributes. Because every observation's contribution depends only on that observation, the
/// result equals <see cref="Rebuild"/> over the final versions, in any order; the property test checks exactly that.
/// </summary>
public sealed class DailyAggregate
{
    /// <summary>
    /// An observation counts as active on at most this many days (its last ones): it bounds the work one hostile or
    /// very old observation can cause, and a year is the longest period a report or chart covers.
    /// </summary>
    public const int MaxActiveDays = 366;

    private readonly Dictionary<DailyKey, DailyCounts> _cells = [];

    public IReadOnlyDictionary<DailyKey, DailyCounts> Cells => _cells;

    public static DailyAggregate Rebuild(IEnumerable<Observation> observations)
    {
        ArgumentNullException.ThrowIfNull(observations);
        var aggregate = new DailyAggregate();
        foreach (var observation in observations)
        {
            aggregate.Apply(null, observation);
        }

        return aggregate;
    }

    /// <summary>Moves the aggregate from <paramref name="previous"/> (the stored version, null when new) to <paramref name="current"/>.</summary>
    public void Apply(Observation? previous, Observation current)
    {
        ArgumentNullException.ThrowIfNull(current);
        if (previous is not null)
        {
            foreach (var (key, counts) in ContributionOf(previous))
            {
                Add(key, new DailyCounts() - counts);
            }
        }

        foreach (var (key, counts) in ContributionOf(current))
        {
            Add(key, counts);
        }
    }

    /// <summary>
    /// What <paramref name="count"/> new observations with the same contribution as <paramref name="example"/> add
    /// (the same as <see cref="Apply"/>(null, …) for each): a bulk write groups its new rows instead of walking each.
    /// </summary>
    public void AddNewObservations(Observation example, long count)
    {
        ArgumentNullException.ThrowIfNull(example);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        foreach (var (key, counts) in ContributionOf(example))
        {
            Add(key, new DailyCounts(counts.Active * count, counts.New * count, counts.Resolved * count, counts.MitigationSeconds * count));
        }
    }

    /// <summary>Adds counts to a cell (also used to load stored cells); a cell that reaches zero is dropped.</summary>
    public void Add(DailyKey key, DailyCounts counts)
    {
        var sum = (_cells.TryGetValue(key, out var existing) ? existing : default) + counts;
        if (sum.IsZero)
        {
            _cells.Remove(key);
        }
        else
        {
            _cells[key] = sum;
        }
    }

    /// <summary>
    /// What one observation adds: active on every UTC day from first seen to last seen (at most
    /// <see cref="MaxActiveDays"/>), new on its first day, and when resolved, resolved on its last day with the time
    /// from first seen to last seen as time to mitigate.
    /// </summary>
    public static IEnumerable<(DailyKey Key, DailyCounts Counts)> ContributionOf(Observation observation)
    {
        ArgumentNullException.ThrowIfNull(observation);
        var tld = Regions.TldOf(observation.Subject);
        var region = Regions.RegionOf(tld);
        var source = ObservationSources.Of(observation.ThreatTypeId);
        var first = DateOnly.FromDateTime(observation.FirstSeen.UtcDateTime);
        var lastSeen = observation.LastSeen < observation.FirstSeen ? observation.FirstSeen : observation.LastSeen;
        var last = DateOnly.FromDateTime(lastSeen.UtcDateTime);
        var start = last.DayNumber - first.DayNumber >= MaxActiveDays ? last.AddDays(-(MaxActiveDays - 1)) : first;
        var resolved = observation.State == ObservationState.Resolved;
        var mitigation = (long)(lastSeen - observation.FirstSeen).TotalSeconds;
        for (var day = start; day <= last; day = day.AddDays(1))
        {
            var isNew = day == first;
            var isResolved = resolved && day == last;
            yield return (new DailyKey(day, tld, region, observation.ThreatTypeId, source, observation.Severity),
                new DailyCounts(1, isNew ? 1 : 0, isResolved ? 1 : 0, isResolved ? mitigation : 0));
        }

        if (start != first)
        {
            // The first day lies outside the active window; it still counts as the day the observation was new.
            yield return (new DailyKey(first, tld, region, observation.ThreatTypeId, source, observation.Severity), new DailyCounts(0, 1, 0, 0));
        }
    }

    /// <summary>True when both hold the same non-zero cells with the same counts.</summary>
    public bool SameAs(DailyAggregate other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return _cells.Count == other._cells.Count && _cells.All(c => other._cells.TryGetValue(c.Key, out var o) && o == c.Value);
    }
}
