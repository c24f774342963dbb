namespace Dnscert.Traffic.Readers;

/// <summary>How many times each <see cref="MalformedReason"/> happened while reading; what a user checks to trust a result.</summary>
public sealed class MalformedCounts
{
    private readonly long[] _counts = new long[Enum.GetValues<MalformedReason>().Length];

    public long Total
    {
        get
        {
            long total = 0;
            foreach (var count in _counts)
            {
                total += count;
            }

            return total;
        }
    }

    public long this[MalformedReason reason] => _counts[(int)reason];

    public void Add(MalformedReason reason) => _counts[(int)reason]++;

    /// <summary>The reasons that happened at least once, in enum order.</summary>
    public IReadOnlyList<KeyValuePair<MalformedReason, long>> NonZero()
    {
        var list = new List<KeyValuePair<MalformedReason, long>>();
        for (var i = 0; i < _counts.Length; i++)
        {
            if (_counts[i] > 0)
            {
                list.Add(new((MalformedReason)i, _counts[i]));
            }
        }

        return list;
    }
}
