using System.Runtime.CompilerServices;

namespace Dnscert.Traffic.Stats;

/// <summary>
/// Approximate top-k (Metwally, Agrawal, El Abbadi 2005, "Space-Saving"): <c>capacity</c> counters; an unseen
/// item replaces the smallest counter and inherits its count as error. Every item with true frequency above
/// N / capacity is guaranteed to be listed; each count over-estimates by at most its error (at most N / capacity).
/// A min-heap keeps updates O(log capacity) and memory fixed. Hand-written: no maintained .NET package offers it.
/// <para>
/// Layout for speed (most offers of a 50,000-name mix are misses that evict the minimum): the counts live in the heap
/// array itself, so a sift reads one contiguous array instead of following a slot index per comparison, and keys are
/// found through an open-addressing index (linear probing, backward-shift removal, at most half full) instead of a
/// <see cref="Dictionary{TKey, TValue}"/>, so an eviction is a few array writes. The heap's comparisons are the same as
/// before, so the same item is evicted and the results are identical.
/// </para>
/// </summary>
public sealed class SpaceSaving<TKey>
    where TKey : notnull, IEquatable<TKey>
{
    private readonly TKey[] _keys;
    private readonly long[] _errors;
    private readonly int[] _homeOfSlot;
    private readonly int[] _heapOfSlot;
    private readonly int[] _slotAtHeap;
    private readonly long[] _heapCounts;
    private readonly int[] _index;
    private readonly int _indexShift;
    private int _used;

    public SpaceSaving(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(capacity, 1 << 24);
        Capacity = capacity;
        _keys = new TKey[capacity];
        _errors = new long[capacity];
        _homeOfSlot = new int[capacity];
        _heapOfSlot = new int[capacity];
        _slotAtHeap = new int[capacity];
        _heapCounts = new long[capacity];
        var bits = 1;
        while ((1 << bits) < capacity * 2)
        {
            bits++;
        }

        _index = new int[1 << bits];
        _indexShift = 32 - bits;
    }

    public int Capacity { get; }

    /// <summary>Items offered in total (N).</summary>
    public long Total { get; private set; }

    /// <summary>The largest possible over-count of any listed item: the smallest counter once the table is full.</summary>
    public long MaxError => _used < Capacity ? 0 : _heapCounts[0];

    /// <summary>
    /// Counts <paramref name="key"/> and returns its slot. <paramref name="isNew"/> says the key just took the
    /// slot (new, or replacing the smallest counter), so a caller keeping per-slot data such as a name's text overwrites it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Offer(TKey key, out bool isNew)
    {
        Total++;
        var home = Home(key);
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
            _index[at] = slot + 1;
            _heapOfSlot[slot] = slot;
            _slotAtHeap[slot] = slot;
            _heapCounts[slot] = 1;
            SiftUp(slot);
            return slot;
        }

        slot = _slotAtHeap[0];
        RemoveFromIndex(slot);
        _keys[slot] = key;
        _homeOfSlot[slot] = home;
        // The removal may have shifted entries back, so the free position is looked up again.
        at = home;
        while (_index[at] != 0)
        {
            at = (at + 1) & mask;
        }

        _index[at] = slot + 1;
        _errors[slot] = _heapCounts[0];
        _heapCounts[0]++;
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
    private int Home(TKey key) => (int)((uint)EqualityComparer<TKey>.Default.GetHashCode(key) * 2654435769u >> _indexShift);

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
