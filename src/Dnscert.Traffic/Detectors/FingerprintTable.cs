using System.Runtime.CompilerServices;

namespace Dnscert.Traffic.Detectors;

/// <summary>
/// A set of 64-bit fingerprints, each with the capture time (ticks) it was last seen, for the cache-poisoning
/// detector's outstanding queries and asking clients: one insert per query and one removal per response, so it is
/// a flat array of 16-byte slots with linear probing (one cache line per operation, no per-entry object, no
/// tombstones: removal shifts the following run back). Fingerprint 0 marks an empty slot, so a key that mixes to 0
/// is stored as 1. Two different keys share a fingerprint with probability 2^-64 per comparison (the keys are
/// mixed with a per-process seed), which the detector accepts as it accepted its 64-bit name hashes.
/// </summary>
/// <remarks>
/// Expiry is lazy: <see cref="Expire"/> only moves the horizon, and a key last seen before it reads as absent
/// (<see cref="TryGet"/>, <see cref="Remove"/>) and is dropped when the table would otherwise grow or reach its bound.
/// That is exactly the set of keys a table purged at every horizon would hold — each purge drops the keys older than
/// its horizon, horizons only move forward — without visiting every slot at every window.
/// </remarks>
internal sealed class FingerprintTable
{
    private const int MinCapacity = 1024;
    private Slot[] _slots = new Slot[MinCapacity];
    private int _mask = MinCapacity - 1;
    private long _horizon = long.MinValue;
    private long _purgedAt = long.MinValue;

    /// <summary>Where <see cref="SetMany"/>'s first loads go, so they are not optimised away.</summary>
    private ulong _touched;

    /// <summary>Keys held, counting those older than the horizon not yet dropped.</summary>
    public int Count { get; private set; }

    /// <summary>
    /// Records <paramref name="key"/> as seen at <paramref name="ticks"/>: refreshed when present, inserted while
    /// fewer than <paramref name="max"/> live keys are held; false when it was absent and the table was full.
    /// </summary>
    public bool Set(ulong key, long ticks, int max)
    {
        // A key stamped before the horizon (a capture out of order by more than the timeout) lives until the next
        // horizon, as it would in a table purged at each horizon.
        ticks = Math.Max(ticks, _horizon);
        key = key == 0 ? 1 : key;
        var slots = _slots;
        var i = (int)key & _mask;
        while (true)
        {
            ref var slot = ref slots[i];
            if (slot.Key == key)
            {
                if (slot.Ticks < _horizon && Count >= max)
                {
                    // Expired: as if it had been purged, it is a new key and must find room.
                    break;
                }

                slot.Ticks = ticks;
                return true;
            }

            if (slot.Key == 0)
            {
                if (Count < max && (Count + 1) * 2 <= slots.Length)
                {
                    slot.Key = key;
                    slot.Ticks = ticks;
                    Count++;
                    return true;
                }

                break;
            }

            i = (i + 1) & _mask;
        }

        // Full or at the load limit: drop expired keys first (only if the horizon moved since they were last dropped,
        // so a table full of live keys is not rebuilt for every refused key), then grow if still fairly full.
        if (_purgedAt != _horizon)
        {
            Purge(_slots.Length);
        }

        if (Count >= max)
        {
            return false;
        }

        if ((Count + 1) * 4 > _slots.Length)
        {
            Purge(_slots.Length * 2);
        }

        Insert(new Slot { Key = key, Ticks = ticks });
        return true;
    }

    /// <summary>
    /// <see cref="Set"/> for each key in order, in batches whose slots are loaded first: the loads do not depend on
    /// each other, so their cache misses overlap instead of following one another.
    /// </summary>
    public void SetMany(ReadOnlySpan<ulong> keys, ReadOnlySpan<long> ticks, int max)
    {
        const int Batch = 16;
        for (var start = 0; start < keys.Length; start += Batch)
        {
            var end = Math.Min(start + Batch, keys.Length);
            var slots = _slots;
            var touched = 0UL;
            for (var i = start; i < end; i++)
            {
                touched ^= slots[(int)keys[i] & _mask].Key;
            }

            _touched = touched;
            for (var i = start; i < end; i++)
            {
                Set(keys[i], ticks[i], max);
            }
        }
    }

    /// <summary>The ticks <paramref name="key"/> was last seen at, or false when it is not held (or expired).</summary>
    public bool TryGet(ulong key, out long ticks)
    {
        key = key == 0 ? 1 : key;
        var slots = _slots;
        var i = (int)key & _mask;
        while (true)
        {
            var slot = slots[i];
            if (slot.Key == key)
            {
                ticks = slot.Ticks;
                return slot.Ticks >= _horizon;
            }

            if (slot.Key == 0)
            {
                ticks = 0;
                return false;
            }

            i = (i + 1) & _mask;
        }
    }

    /// <summary>Removes <paramref name="key"/>; false when it was not held (or expired).</summary>
    public bool Remove(ulong key)
    {
        key = key == 0 ? 1 : key;
        var slots = _slots;
        var mask = _mask;
        var i = (int)key & mask;
        while (true)
        {
            var found = slots[i].Key;
            if (found == key)
            {
                break;
            }

            if (found == 0)
            {
                return false;
            }

            i = (i + 1) & mask;
        }

        var live = slots[i].Ticks >= _horizon;

        // Backward-shift deletion: move later entries of the run into the hole when their home slot allows it.
        var hole = i;
        var j = i;
        while (true)
        {
            j = (j + 1) & mask;
            var next = slots[j];
            if (next.Key == 0)
            {
                break;
            }

            var home = (int)next.Key & mask;
            // The entry at j may fill the hole unless its home lies cyclically in (hole, j].
            if (((j - home) & mask) >= ((j - hole) & mask))
            {
                slots[hole] = next;
                hole = j;
            }
        }

        slots[hole] = default;
        Count--;
        return live;
    }

    /// <summary>From now on, keys last seen more than <paramref name="timeoutTicks"/> before <paramref name="nowTicks"/> are gone.</summary>
    public void Expire(long nowTicks, long timeoutTicks) => _horizon = Math.Max(_horizon, nowTicks - timeoutTicks);

    /// <summary>Copies the live keys into an array of <paramref name="capacity"/> slots (at least the minimum).</summary>
    private void Purge(int capacity)
    {
        var old = _slots;
        _slots = new Slot[Math.Max(capacity, MinCapacity)];
        _mask = _slots.Length - 1;
        _purgedAt = _horizon;
        Count = 0;
        foreach (var slot in old)
        {
            if (slot.Key != 0 && slot.Ticks >= _horizon)
            {
                Insert(slot);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Insert(Slot slot)
    {
        var i = (int)slot.Key & _mask;
        while (_slots[i].Key != 0)
        {
            i = (i + 1) & _mask;
        }

        _slots[i] = slot;
        Count++;
    }

    private struct Slot
    {
        public ulong Key;
        public long Ticks;
    }
}
