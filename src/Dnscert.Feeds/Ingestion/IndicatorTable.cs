using System.IO.Hashing;
using System.Runtime.InteropServices;
using Dnscert.Core;
using Dnscert.Core.Store;

namespace Dnscert.Feeds.Ingestion;

/// <summary>
/// The run's de-duplication table: one slot per distinct (subject, threat), found by a 64-bit hash of the subject's
/// value, kind and threat computed on the span the parser holds, with the full key compared when the hash matches. A
/// line whose indicator was seen before costs one hash and one comparison, and no string. Open addressing over a
/// power-of-two array whose entries pack the hash's high bits with the slot number, so a probe reads one 8-byte entry
/// and a repeated indicator touches the entry, its slot, its value string and its <see cref="Indicator"/>: the
/// profile of a million lines had the table's cache misses as the largest single cost.
/// </summary>
internal sealed class IndicatorTable
{
    /// <summary>Most distinct indicators in one table (one ingestor), a bound on memory for a hostile feed set.</summary>
    public const int MaxIndicators = (1 << SlotBits) - 2;

    private const int SlotBits = 26;
    private const ulong SlotMask = (1UL << SlotBits) - 1;

    private readonly List<string> _threats = [];
    private ulong[] _buckets = new ulong[1024];
    private Slot[] _slots = new Slot[512];

    public int Count { get; private set; }

    public ref Slot this[int slot] => ref _slots[slot];

    /// <summary>The slot of the key, or -1.</summary>
    public int Find(ulong hash, SubjectKind kind, ReadOnlySpan<char> value, int threat)
    {
        var mask = _buckets.Length - 1;
        var tag = hash & ~SlotMask;
        var meta = Meta(kind, threat);
        for (var i = (int)hash & mask; ; i = (i + 1) & mask)
        {
            var entry = _buckets[i];
            if (entry == 0)
            {
                return -1;
            }

            if ((entry & ~SlotMask) == tag)
            {
                var slot = (int)(entry & SlotMask) - 1;
                ref var s = ref _slots[slot];
                if (s.Meta == meta && value.SequenceEqual(s.Value))
                {
                    return slot;
                }
            }
        }
    }

    /// <summary>Adds a key known to be absent; returns its slot.</summary>
    public int Add(ulong hash, SubjectKind kind, string value, int threat)
    {
        if (Count >= MaxIndicators)
        {
            throw new DnscertException($"more than {MaxIndicators:N0} distinct indicators in one ingestion run");
        }

        if ((Count + 1) * 2 > _buckets.Length)
        {
            Grow();
        }

        if (Count == _slots.Length)
        {
            Array.Resize(ref _slots, _slots.Length * 2);
        }

        var slot = Count++;
        _slots[slot] = new Slot { Value = value, Meta = Meta(kind, threat), Hash = hash, Chunk = -1 };
        Place(hash, slot);
        return slot;
    }

    /// <summary>
    /// Room for <paramref name="count"/> indicators without growing: the arrays are large-object-heap arrays, and each
    /// doubling on the way up to half a million indicators was garbage that counted towards a full collection.
    /// </summary>
    public void EnsureCapacity(int count)
    {
        count = Math.Clamp(count, 0, MaxIndicators);
        if (count > _slots.Length)
        {
            Array.Resize(ref _slots, count);
        }

        if ((long)count * 2 > _buckets.Length)
        {
            _buckets = new ulong[(int)Math.Min(System.Numerics.BitOperations.RoundUpToPowerOf2((uint)count * 2), 1u << 30)];
            for (var slot = 0; slot < Count; slot++)
            {
                Place(_slots[slot].Hash, slot);
            }
        }
    }

    /// <summary>The number of a threat id in this table (a handful per run), also the hash seed's input.</summary>
    public int ThreatNumber(string threat)
    {
        for (var i = _threats.Count - 1; i >= 0; i--)
        {
            if (ReferenceEquals(_threats[i], threat) || string.Equals(_threats[i], threat, StringComparison.Ordinal))
            {
                return i;
            }
        }

        if (_threats.Count >= 1 << 20)
        {
            throw new DnscertException("more than a million threat ids in one ingestion run");
        }

        _threats.Add(threat);
        return _threats.Count - 1;
    }

    /// <summary>The 64-bit key hash: the value's UTF-16 code units, seeded with the kind and the threat's number.</summary>
    public static ulong Hash(SubjectKind kind, ReadOnlySpan<char> value, int threat) =>
        XxHash3.HashToUInt64(MemoryMarshal.AsBytes(value), Meta(kind, threat) * unchecked((long)0x9E3779B97F4A7C15UL));

    private static int Meta(SubjectKind kind, int threat) => (threat << 8) | (int)kind;

    private void Place(ulong hash, int slot)
    {
        var mask = _buckets.Length - 1;
        var i = (int)hash & mask;
        while (_buckets[i] != 0)
        {
            i = (i + 1) & mask;
        }

        _buckets[i] = (hash & ~SlotMask) | (uint)(slot + 1);
    }

    private void Grow()
    {
        _buckets = new ulong[_buckets.Length * 2];
        for (var slot = 0; slot < Count; slot++)
        {
            Place(_slots[slot].Hash, slot);
        }
    }

    /// <summary>One distinct indicator of the run.</summary>
    internal struct Slot
    {
        /// <summary>The subject's value, the key with <see cref="Meta"/>.</summary>
        public string Value;

        /// <summary>Kind and threat number.</summary>
        public int Meta;

        /// <summary>Raw lines of it kept as evidence so far in the run, across chunks.</summary>
        public int EvidenceKept;

        /// <summary>The chunk <see cref="Current"/> belongs to.</summary>
        public int Chunk;

        public ulong Hash;

        /// <summary>The raw lines kept so far, when the run is taken in chunks (else the one indicator has them all).</summary>
        public string[]? Kept;

        /// <summary>What the current chunk saw of it.</summary>
        public Indicator? Current;

        /// <summary>The first chunk's indicator, whose subject, fingerprint and attribution later chunks share.</summary>
        public Indicator? Origin;
    }
}
