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
internal sealed class FingerprintTable
{
    private const int MinCapacity = 1024;
    private Slot[] _slots = new Slot[MinCapacity];
    private int _mask = MinCapacity - 1;

    public int Count { get; private set; }

    /// <summary>
    /// Records <paramref name="key"/> as seen at <paramref name="ticks"/>: refreshed when present, inserted while
    /// fewer than <paramref name="max"/> keys are held; false when it was absent and the table was full.
    /// </summary>
    public bool Set(ulong key, long ticks, int max)
    {
        key = key == 0 ? 1 : key;
        var slots = _slots;
        var i = (int)key & _mask;
        while (true)
        {
            ref var slot = ref slots[i];
            if (slot.Key == key)
            {
                slot.Ticks = ticks;
                return true;
            }

            if (slot.Key == 0)
            {
                if (Count >= max)
                {
                    return false;
                }

                slot.Key = key;
                slot.Ticks = ticks;
                if (++Count * 2 > slots.Length)
                {
                    Resize(slots.Length * 2);
                }

                return true;
            }

            i = (i + 1) & _mask;
        }
    }

    /// <summary>The ticks <paramref name="key"/> was last seen at, or false when it is not held.</summary>
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
                return true;
            }

            if (slot.Key == 0)
            {
                ticks = 0;
                return false;
            }

            i = (i + 1) & _mask;
        }
    }

    /// <summary>Removes <paramref name="key"/>; false when it was not held.</summary>
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
        return true;
    }

    /// <summary>Removes every key last seen more than <paramref name="timeoutTicks"/> before <paramref name="nowTicks"/>.</summary>
    public void Expire(long nowTicks, long timeoutTicks)
    {
        var expired = 0;
        foreach (var slot in _slots)
        {
            if (slot.Key != 0 && nowTicks - slot.Ticks > timeoutTicks)
            {
                expired++;
            }
        }

        if (expired == 0)
        {
            return;
        }

        // Rebuilding is simpler than deleting while scanning a run that wraps around, and happens once per window.
        var old = _slots;
        var survivors = Count - expired;
        var capacity = MinCapacity;
        while (survivors * 2 > capacity)
        {
            capacity *= 2;
        }

        _slots = new Slot[capacity];
        _mask = capacity - 1;
        Count = 0;
        foreach (var slot in old)
        {
            if (slot.Key != 0 && nowTicks - slot.Ticks <= timeoutTicks)
            {
                Insert(slot);
            }
        }
    }

    private void Resize(int capacity)
    {
        var old = _slots;
        _slots = new Slot[capacity];
        _mask = capacity - 1;
        Count = 0;
        foreach (var slot in old)
        {
            if (slot.Key != 0)
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
