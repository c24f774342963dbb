namespace Dnscert.Traffic.Detectors;

/// <summary>
/// A set of 64-bit name hashes that only counts its members (the random-subdomain detector's distinct names per
/// zone and window): a flat open-addressing array, at most half full, indexed by the caller's mixed key (see
/// <see cref="QueryView.NameKey"/>), so an add is one probe where a <see cref="HashSet{T}"/> reads a bucket and an
/// entry. The zero hash is held in a flag, as 0 marks an empty slot.
/// </summary>
internal sealed class HashSet64
{
    private const int MinCapacity = 16;
    private ulong[] _slots = new ulong[MinCapacity];
    private bool _hasZero;

    public int Count { get; private set; }

    /// <summary>Adds <paramref name="hash"/>, whose <see cref="KeyMix.Mix"/> is <paramref name="mixed"/>; false when it was present.</summary>
    public bool Add(ulong hash, ulong mixed)
    {
        if (hash == 0)
        {
            if (_hasZero)
            {
                return false;
            }

            _hasZero = true;
            Count++;
            return true;
        }

        var slots = _slots;
        var mask = slots.Length - 1;
        var i = (int)mixed & mask;
        while (true)
        {
            var found = slots[i];
            if (found == hash)
            {
                return false;
            }

            if (found == 0)
            {
                slots[i] = hash;
                if (++Count * 2 > slots.Length)
                {
                    Grow();
                }

                return true;
            }

            i = (i + 1) & mask;
        }
    }

    /// <summary>
    /// Reads the slot where <paramref name="mixed"/>'s probe starts and returns it (meaningless): a caller adding a
    /// batch loads every batch member's slot first, so the cache misses overlap instead of following one another.
    /// </summary>
    public ulong Home(ulong mixed) => _slots[(int)mixed & (_slots.Length - 1)];

    /// <summary>Empties the set, and gives back memory a burst left behind (more than four times what was used).</summary>
    public void Clear()
    {
        if (_slots.Length > MinCapacity && Count * 8 < _slots.Length)
        {
            _slots = new ulong[Math.Max(MinCapacity, (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Count * 2))];
        }
        else
        {
            Array.Clear(_slots);
        }

        Count = 0;
        _hasZero = false;
    }

    private void Grow()
    {
        var old = _slots;
        _slots = new ulong[old.Length * 2];
        var mask = _slots.Length - 1;
        foreach (var hash in old)
        {
            if (hash != 0)
            {
                // The caller's mixed key is not kept, so growth re-mixes; it happens log2(size) times per window.
                var i = (int)KeyMix.Mix(hash) & mask;
                while (_slots[i] != 0)
                {
                    i = (i + 1) & mask;
                }

                _slots[i] = hash;
            }
        }
    }
}
