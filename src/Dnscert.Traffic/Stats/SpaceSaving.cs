using System.Runtime.CompilerServices;

namespace Dnscert.Traffic.Stats;

/// <summary>
/// Approximate top-k (Metwally, Agrawal, El Abbadi 2005, "Space-Saving") with the admission filter of Filtered
/// Space-Saving (Homem and Carvalho 2010): <c>capacity</c> counters, and an array of filter counters (sixteen per
/// list counter) that an unlisted item's hash picks one of. An unlisted item only counts in its filter counter until that
/// counter reaches the list's smallest count μ; then it replaces the smallest entry, starts at its filter counter + 1
/// and takes the filter counter as its error, and the evicted entry's count goes to the evicted entry's filter counter.
/// <para>
/// The guarantees are Space-Saving's: a filter counter is never below the true count of any unlisted item hashed to
/// it and never above μ, so every listed count over-estimates its item by at most its error (count − error ≤ true ≤
/// count), every error is at most μ, μ never exceeds N / capacity (the listed counts add up to at most N: an admission
/// adds its filter counter + 1 and removes μ, at most one more than before), and every item with true frequency above μ
/// is listed. The counts are closer to the truth than plain Space-Saving's, whose admitted items start at μ + 1. Why the
/// filter: on a mix of many more names than counters (the benchmark: 50,000 names, 2,000 counters) plain Space-Saving
/// evicted on nearly every query (an index removal and insertion, a sift from the root and a name copy); with the
/// filter most of those queries only increment one counter (sixteen filter counters per list counter: on that mix 19 %
/// of the queries still evict, against 45 % with four). While the list has room every item is admitted and counted
/// exactly, as before; results differ from plain Space-Saving only once it is full, within the bounds above. The
/// filter counters are 32-bit (half the cache lines); should μ ever reach 2^31 − 1 the list turns into plain
/// Space-Saving for good (admitting at μ + 1 keeps every bound without the filter).
/// </para>
/// <para>
/// Layout for speed: the counts live in the heap array itself, so a sift reads one contiguous array instead of following
/// a slot index per comparison, and keys are found through an open-addressing index (linear probing, backward-shift
/// removal, at most a quarter full) instead of a <see cref="Dictionary{TKey, TValue}"/>. Hand-written: no maintained .NET
/// package offers it.
/// </para>
/// </summary>
public sealed class SpaceSaving<TKey>
    where TKey : notnull, IEquatable<TKey>
{
    private readonly TKey[] _keys;
    private readonly long[] _errors;
    private readonly int[] _homeOfSlot;
    private readonly uint[] _hashOfSlot;
    private readonly int[] _heapOfSlot;
    private readonly int[] _slotAtHeap;
    private readonly long[] _heapCounts;
    private readonly int[] _index;
    private readonly int _indexShift;
    private readonly int[] _filter;
    private readonly int _filterShift;
    private int _used;

    public SpaceSaving(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(capacity, 1 << 24);
        Capacity = capacity;
        _keys = new TKey[capacity];
        _errors = new long[capacity];
        _homeOfSlot = new int[capacity];
        _hashOfSlot = new uint[capacity];
        _heapOfSlot = new int[capacity];
        _slotAtHeap = new int[capacity];
        _heapCounts = new long[capacity];
        var bits = 1;
        while ((1 << bits) < capacity * 2)
        {
            bits++;
        }

        // Four index positions per counter (at most a quarter full): a key not listed, the common case on a full list of
        // names, then ends its probe after about 1.4 positions instead of 2.5 at half full. Where a key sits in the index
        // changes no count. Lists of over a million counters stay at half full (the index would pass 8 MiB).
        var indexBits = capacity <= 1 << 20 ? bits + 1 : bits;
        _index = new int[1 << indexBits];
        _indexShift = 32 - indexBits;
        // Sixteen filter counters per list counter (2^bits is at least twice the capacity), at most 2^24 (64 MiB).
        var filterBits = Math.Min(bits + 3, 24);
        _filter = new int[1 << filterBits];
        _filterShift = 32 - filterBits;
    }

    public int Capacity { get; }

    /// <summary>Items offered in total (N).</summary>
    public long Total { get; private set; }

    /// <summary>The largest possible over-count of any listed item: the smallest counter once the table is full.</summary>
    public long MaxError => _used < Capacity ? 0 : _heapCounts[0];

    /// <summary>
    /// Counts <paramref name="key"/> and returns its slot, or -1 when the key is not listed and was only counted in its
    /// filter counter. <paramref name="isNew"/> says the key just took the slot (new, or replacing the smallest counter),
    /// so a caller keeping per-slot data such as a name's text overwrites it.
    /// </summary>
    public int Offer(TKey key, out bool isNew) => Offer(key, (uint)EqualityComparer<TKey>.Default.GetHashCode(key), out isNew);

    /// <summary>
    /// As <see cref="Offer(TKey, out bool)"/>, with the key's hash given by the caller (the same for equal keys at every
    /// call): a caller that has a cheaper hash than the key type's own, or has it already, saves hashing the key here.
    /// The hash picks the key's index position and filter counter, so it decides which unlisted keys share a filter
    /// counter; the bounds in the type's remarks hold for any hash.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Offer(TKey key, uint hash, out bool isNew)
    {
        Total++;
        var home = Home(hash);
        var mask = _index.Length - 1;
        var at = home;
        while (true)
        {
            var held = _index[at];
            if (held == 0)
            {
                break;
            }

            if (_keys[held - 1].Equals(key))
            {
                var found = held - 1;
                var position = _heapOfSlot[found];
                _heapCounts[position]++;
                SiftDown(position);
                isNew = false;
                return found;
            }

            at = (at + 1) & mask;
        }

        isNew = true;
        int slot;
        if (_used < Capacity)
        {
            slot = _used++;
            _keys[slot] = key;
            _errors[slot] = 0;
            _homeOfSlot[slot] = home;
            _hashOfSlot[slot] = hash;
            _index[at] = slot + 1;
            _heapOfSlot[slot] = slot;
            _slotAtHeap[slot] = slot;
            _heapCounts[slot] = 1;
            SiftUp(slot);
            return slot;
        }

        // Full: the filter decides (see the type's remarks).
        var smallest = _heapCounts[0];
        long filtered = smallest;
        if (smallest < int.MaxValue)
        {
            var filterAt = FilterBucketOfHash(hash);
            filtered = _filter[filterAt];
            if (filtered + 1 < smallest)
            {
                _filter[filterAt] = (int)filtered + 1;
                isNew = false;
                return -1;
            }
        }

        slot = _slotAtHeap[0];
        if (smallest < int.MaxValue)
        {
            _filter[FilterBucketOfHash(_hashOfSlot[slot])] = (int)smallest;
        }

        RemoveFromIndex(slot);
        _keys[slot] = key;
        _homeOfSlot[slot] = home;
        _hashOfSlot[slot] = hash;
        // The removal may have shifted entries back, so the free position is looked up again.
        at = home;
        while (_index[at] != 0)
        {
            at = (at + 1) & mask;
        }

        _index[at] = slot + 1;
        _errors[slot] = filtered;
        _heapCounts[0] = filtered + 1;
        SiftDown(0);
        return slot;
    }

    /// <summary>The <paramref name="n"/> largest counters, largest first, with the slot each lives in.</summary>
    public IReadOnlyList<(TopItem<TKey> Item, int Slot)> Top(int n)
    {
        var counts = new long[_used];
        var slots = new int[_used];
        for (var i = 0; i < _used; i++)
        {
            slots[i] = i;
            counts[i] = _heapCounts[_heapOfSlot[i]];
        }

        Array.Sort(slots, (a, b) => counts[b] != counts[a] ? counts[b].CompareTo(counts[a]) : _errors[a].CompareTo(_errors[b]));
        var list = new List<(TopItem<TKey>, int)>(Math.Min(n, _used));
        for (var i = 0; i < Math.Min(n, _used); i++)
        {
            var slot = slots[i];
            list.Add((new TopItem<TKey>(_keys[slot], counts[slot], _errors[slot]), slot));
        }

        return list;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Home(uint hash) => (int)(hash * 2654435769u >> _indexShift);

    /// <summary>The key's filter counter: another multiplier than <see cref="Home"/>, so index runs and filter counters are unrelated.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal int FilterBucket(TKey key) => FilterBucketOfHash((uint)EqualityComparer<TKey>.Default.GetHashCode(key));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal int FilterBucketOfHash(uint hash) => (int)(hash * 0x85EBCA6Bu >> _filterShift);

    /// <summary>Backward-shift deletion: later entries of the probe run move into the gap so lookups never stop early.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void RemoveFromIndex(int slot)
    {
        var mask = _index.Length - 1;
        var gap = _homeOfSlot[slot];
        while (_index[gap] != slot + 1)
        {
            gap = (gap + 1) & mask;
        }

        var next = gap;
        while (true)
        {
            next = (next + 1) & mask;
            var held = _index[next];
            if (held == 0)
            {
                break;
            }

            // The entry at `next` may fill the gap only if its home is not cyclically inside (gap, next].
            var home = _homeOfSlot[held - 1];
            var stays = gap <= next ? gap < home && home <= next : gap < home || home <= next;
            if (!stays)
            {
                _index[gap] = held;
                gap = next;
            }
        }

        _index[gap] = 0;
    }

    private void SiftUp(int position)
    {
        var counts = _heapCounts;
        while (position > 0)
        {
            var parent = (position - 1) / 2;
            if (counts[parent] <= counts[position])
            {
                return;
            }

            Swap(parent, position);
            position = parent;
        }
    }

    /// <summary>
    /// Moves the entry at <paramref name="position"/> down to its place. Children move up into the hole and the entry is
    /// written once at the end: the same places as swapping at every level, with a third of the writes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void SiftDown(int position)
    {
        var counts = _heapCounts;
        var slots = _slotAtHeap;
        var heapOfSlot = _heapOfSlot;
        var used = _used;
        var count = counts[position];
        var slot = slots[position];
        while (true)
        {
            var left = (2 * position) + 1;
            if (left >= used)
            {
                break;
            }

            var smallest = left;
            var right = left + 1;
            if (right < used && counts[right] < counts[left])
            {
                smallest = right;
            }

            if (count <= counts[smallest])
            {
                break;
            }

            counts[position] = counts[smallest];
            var moved = slots[smallest];
            slots[position] = moved;
            heapOfSlot[moved] = position;
            position = smallest;
        }

        counts[position] = count;
        slots[position] = slot;
        heapOfSlot[slot] = position;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Swap(int a, int b)
    {
        (_heapCounts[a], _heapCounts[b]) = (_heapCounts[b], _heapCounts[a]);
        var slotA = _slotAtHeap[b];
        var slotB = _slotAtHeap[a];
        _slotAtHeap[a] = slotA;
        _slotAtHeap[b] = slotB;
        _heapOfSlot[slotA] = a;
        _heapOfSlot[slotB] = b;
    }
}
