using Dnscert.Core.Store;

namespace Dnscert.Feeds.Ingestion;

/// <summary>
/// Sorts indicators into the ordinal order of their fingerprints (<c>feed|threat|kind|value</c>) without building a
/// fingerprint per indicator and without comparing strings scattered over the heap: each indicator gets a compact key
/// (its group, that is its threat and kind, and the first eight UTF-16 code units of its value after the prefix the
/// group's values share) in one array, the keys are sorted, and only equal keys compare the strings. Sorting the
/// fingerprint strings instead (half a million, made for the sort, nearly all sharing a 27-character prefix) took a
/// third of a second while the store's writer waited for its first batch, most of it waiting for memory; the
/// fingerprints are now made by the thread that prepares the batches, while the writer works.
/// </summary>
/// <remarks>
/// The order is the fingerprints' own because every group's prefix (<c>feed|threat|kind|</c>) ends in <c>|</c> and
/// holds exactly three of them: two different prefixes then differ before either ends, so they decide the order of
/// any two fingerprints that carry them; under one prefix the values do. A threat id or kind with a <c>|</c> of its
/// own, or an indicator given a fingerprint of another form, falls back to sorting the fingerprints.
/// </remarks>
internal static class FingerprintOrder
{
    /// <summary>Sorts <paramref name="indicators"/> in place by <see cref="Indicator.Fingerprint"/>, ordinal.</summary>
    public static void Sort(Indicator[] indicators)
    {
        ArgumentNullException.ThrowIfNull(indicators);
        if (indicators.Length < 2)
        {
            return;
        }

        // Pass 1: the group of each indicator (nearly always the previous one's) and the prefix each group's values share.
        var groups = new List<Group>();
        var groupOf = new int[indicators.Length];
        var last = -1;
        for (var i = 0; i < indicators.Length; i++)
        {
            var indicator = indicators[i];
            if (!indicator.FingerprintIsDerived)
            {
                SortByFingerprint(indicators);
                return;
            }

            var value = indicator.Subject.Value;
            if (last < 0 || !groups[last].Holds(indicator))
            {
                last = GroupOf(groups, indicator);
                if (last < 0)
                {
                    var prefix = FeedIngestor.FingerprintOf(new Subject(indicator.Subject.Kind, string.Empty), indicator.ThreatTypeId);
                    if (prefix.AsSpan().Count('|') != 3)
                    {
                        SortByFingerprint(indicators);
                        return;
                    }

                    groups.Add(new Group(indicator.ThreatTypeId, indicator.Subject.Kind, prefix, value));
                    last = groups.Count - 1;
                }
            }

            groups[last].Share(value);
            groupOf[i] = last;
        }

        // Groups ranked by their prefix; then pass 2 builds the keys.
        var rank = new int[groups.Count];
        var byPrefix = Enumerable.Range(0, groups.Count).OrderBy(g => groups[g].Prefix, StringComparer.Ordinal).ToArray();
        var skips = new int[groups.Count];
        for (var r = 0; r < byPrefix.Length; r++)
        {
            rank[byPrefix[r]] = r;
            skips[r] = groups[byPrefix[r]].Common;
        }

        var keys = new Key[indicators.Length];
        for (var i = 0; i < indicators.Length; i++)
        {
            var group = rank[groupOf[i]];
            var value = indicators[i].Subject.Value.AsSpan(skips[group]);
            keys[i] = new Key(Pack(value, 0), Pack(value, 4), group, i);
        }

        keys.AsSpan().Sort(new KeyComparer(indicators, skips));
        var original = (Indicator[])indicators.Clone();
        for (var i = 0; i < keys.Length; i++)
        {
            indicators[i] = original[keys[i].Index];
        }
    }

    /// <summary>The group holding the indicator, or -1 (a loop: a run mixes kinds line by line, so this is called often).</summary>
    private static int GroupOf(List<Group> groups, Indicator indicator)
    {
        for (var g = 0; g < groups.Count; g++)
        {
            if (groups[g].Holds(indicator))
            {
                return g;
            }
        }

        return -1;
    }

    private static void SortByFingerprint(Indicator[] indicators)
    {
        var keys = Array.ConvertAll(indicators, i => i.Fingerprint);
        Array.Sort(keys, indicators, StringComparer.Ordinal);
    }

    /// <summary>Four code units from <paramref name="at"/>, the first in the highest bits; missing ones count as 0.</summary>
    private static ulong Pack(ReadOnlySpan<char> value, int at)
    {
        var packed = 0UL;
        for (var i = at; i < at + 4; i++)
        {
            packed = (packed << 16) | (i < value.Length ? value[i] : 0u);
        }

        return packed;
    }

    /// <summary>One threat and kind: its fingerprint prefix and the length of the start all its values share.</summary>
    private sealed class Group(string threat, SubjectKind kind, string prefix, string first)
    {
        public string Prefix => prefix;

        public int Common { get; private set; } = first.Length;

        public bool Holds(Indicator indicator) =>
            indicator.Subject.Kind == kind && (ReferenceEquals(indicator.ThreatTypeId, threat) || string.Equals(indicator.ThreatTypeId, threat, StringComparison.Ordinal));

        public void Share(string value)
        {
            if (Common > 0)
            {
                Common = first.AsSpan(0, Common).CommonPrefixLength(value);
            }
        }
    }

    private readonly record struct Key(ulong High, ulong Low, int Group, int Index);

    /// <summary>
    /// Orders keys as their fingerprints order: the group's prefix first, then the packed code units; equal ones (a
    /// shared eight-unit start, or a shorter value padded with zeros) leave it to the values themselves.
    /// </summary>
    private readonly struct KeyComparer(Indicator[] indicators, int[] skips) : IComparer<Key>
    {
        public int Compare(Key x, Key y)
        {
            if (x.Group != y.Group)
            {
                return x.Group < y.Group ? -1 : 1;
            }

            if (x.High != y.High)
            {
                return x.High < y.High ? -1 : 1;
            }

            if (x.Low != y.Low)
            {
                return x.Low < y.Low ? -1 : 1;
            }

            var skip = skips[x.Group];
            return indicators[x.Index].Subject.Value.AsSpan(skip).SequenceCompareTo(indicators[y.Index].Subject.Value.AsSpan(skip));
        }
    }
}
