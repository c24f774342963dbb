using System.Runtime.CompilerServices;

namespace Dnscert.Traffic.Stats;

/// <summary>
/// Approximate top-k (Metwally, Agrawal, El Abbadi 2005, "Space-Saving"): <c>capacity</c> counters; an unseen
/// item replaces the smallest counter and inherits its count as error. Every item with true frequency above
/// N / capacity is guaranteed to be listed; each count over-estimates by at most its error (at most N / capacity).
/// A min-heap keeps updates O(log capacity) and memory fixed. Hand-written: no maintained .NET package offers it.
/// </summary>
public sealed class SpaceSaving<TKey>
    where TKey : notnull, IEquatable<TKey>
{
    private readonly Dictionary<TKey, int> _slotOf;
    private readonly TKey[] _keys;
    private readonly long[] _counts;
    private readonly long[] _errors;
    private readonly int[] _heapOfSlot;
    private readonly int[] _slotAtHeap;
    private int _used;

    public SpaceSaving(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _slotOf = new Dictionary<TKey, int>(capacity);
        _keys = new TKey[capacity];
        _counts = new long[capacity];
        _errors = new long[capacity];
        _heapOfSlot = new int[capacity];
        _slotAtHeap = new int[capacity];
    }

    public int Capacity { get; }

    /// <summary>Items offered in total (N).</summary>
    public long Total { get; private set; }

    /// <summary>The largest possible over-count of any listed item: the smallest counter once the table is full.</summary>
    public long MaxError => _used < Capacity ? 0 : _counts[_slotAtHeap[0]];

    /// <summary>
    /// Counts <paramref name="key"/> and returns its slot. <paramref name="isNew"/> says the key just took the
    /// slot (new, or replacing the smallest counter), so a caller keeping per-slot data such as a name's text overwrites it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Offer(TKey key, out bool isNew)
    {
        Total++;
        if (_slotOf.TryGetValue(key, out var slot))
        {
            _counts[slot]++;
            SiftDown(_heapOfSlot[slot]);
            isNew = false;
            return slot;
        }

        isNew = true;
        if (_used < Capacity)
        {
            slot = _used++;
            _keys[slot] = key;
            _counts[slot] = 1;
            _errors[slot] = 0;
            _heapOfSlot[slot] = slot;
            _slotAtHeap[slot] = slot;
            _slotOf.Add(key, slot);
            SiftUp(slot);
            return slot;
        }

        slot = _slotAtHeap[0];
        _slotOf.Remove(_keys[slot]);
        _keys[slot] = key;
        _errors[slot] = _counts[slot];
        _counts[slot]++;
        _slotOf.Add(key, slot);
        SiftDown(0);
        return slot;
    }

    /// <summary>The <paramref name="n"/> largest counters, largest first, with the slot each lives in.</summary>
    public IReadOnlyList<(TopItem<TKey> Item, int Slot)> Top(int n)
    {
        var slots = new int[_used];
        for (var i = 0; i < _used; i++)
        {
            slots[i] = i;
        }

        Array.Sort(slots, (a, b) => _counts[b] != _counts[a] ? _counts[b].CompareTo(_counts[a]) : _errors[a].CompareTo(_errors[b]));
        var list = new List<(TopItem<TKey>, int)>(Math.Min(n, _used));
        for (var i = 0; i < Math.Min(n, _used); i++)
        {
            var slot = slots[i];
            list.Add((new TopItem<TKey>(_keys[slot], _counts[slot], _errors[slot]), slot));
        }

        return list;
    }

    private void SiftUp(int position)
    {
        while (position > 0)
        {
            var parent = (position - 1) / 2;
            if (_counts[_slotAtHeap[parent]] <= _counts[_slotAtHeap[position]])
            {
                return;
            }

            Swap(parent, position);
            position = parent;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void SiftDown(int position)
    {
        while (true)
        {
            var left = (2 * position) + 1;
            if (left >= _used)
            {
                return;
            }

            var smallest = left;
            var right = left + 1;
            if (right < _used && _counts[_slotAtHeap[right]] < _counts[_slotAtHeap[left]])
            {
                smallest = right;
            }

            if (_counts[_slotAtHeap[position]] <= _counts[_slotAtHeap[smallest]])
            {
                return;
            }

            Swap(position, smallest);
            position = smallest;
        }
    }

    private void Swap(int a, int b)
    {
        (_slotAtHeap[a], _slotAtHeap[b]) = (_slotAtHeap[b], _slotAtHeap[a]);
        _heapOfSlot[_slotAtHeap[a]] = a;
        _heapOfSlot[_slotAtHeap[b]] = b;
    }
}
