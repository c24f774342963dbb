using System.Runtime.CompilerServices;

namespace Dnscert.Traffic.Detectors;

/// <summary>
/// A subject table for subjects that are counted often and described rarely (the cache-poisoning detector's names:
/// every response tallies its name, a few names ever get an unmatched response). Each subject is a 24-byte slot
/// in a flat open-addressing array keyed by the 64-bit name hash — the window it was seen in, this window's tally,
/// the window it was first seen in and its first-seen order — and only subjects that need more get a state object,
/// in a side table created on first need. Bounds, warm-up and idle expiry are those of
/// <see cref="SubjectTable{TKey, TState}"/>: at most <c>maxSubjects</c> subjects (then new ones are dropped and
/// counted), forgotten with their state after <c>idleWindows</c> windows unseen.
/// </summary>
/// <remarks>
/// Subjects with a state are evaluated in first-seen order, as the dictionary-backed table does while it has
/// forgotten nothing; after idle subjects were forgotten the dictionary reuses their entries for new subjects
/// (newest first), this table keeps first-seen order. A state created for a subject seen in earlier windows starts
/// with one learned window of value 0, which is what the dictionary-backed table's state would have learned from
/// windows of tallies only (the detector's value was 0 in them).
/// </remarks>
internal sealed class NameTally<TState>(int maxSubjects, int idleWindows) : ISubjectTable
    where TState : SubjectState
{
    private const int MinCapacity = 1024;
    private readonly Dictionary<ulong, TState> _states = new();
    private readonly List<(int Order, TState State, int Tally)> _seen = [];
    private Slot[] _slots = new Slot[MinCapacity];
    private int _mask = MinCapacity - 1;
    private int _window;
    private int _nextOrder = 1;
    private int _oldestSeen = int.MaxValue;

    public long DroppedSubjects { get; private set; }

    public int Count { get; private set; }

    public bool WarmingUp => _window < SubjectTable<ulong, TState>.WarmupWindows;

    /// <summary>Marks <paramref name="hash"/> seen and returns its tally for this window; a null reference when the table is full.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref int Tally(ulong hash)
    {
        ref var slot = ref Find(hash);
        if (Unsafe.IsNullRef(ref slot))
        {
            return ref Unsafe.NullRef<int>();
        }

        if (slot.SeenWindow != _window)
        {
            slot.SeenWindow = _window;
            slot.Tally = 0;
        }

        return ref slot.Tally;
    }

    /// <summary>The state of a subject already tallied in this window, created by <paramref name="create"/> on first need.</summary>
    public TState State<TArg>(ulong hash, TArg argument, Func<TArg, TState> create)
        where TArg : allows ref struct
    {
        ref var state = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_states, hash, out var exists);
        if (!exists)
        {
            state = create(argument);
            if (Existing(hash).FirstWindow < _window)
            {
                state.Baseline.Learn(0, 0);
            }
        }

        return state!;
    }

    public void Evaluate(WindowedDetector detector, DetectorWindow window, List<Detection> found)
    {
        CollectSeen();
        foreach (var (_, state, tally) in _seen)
        {
            state.Tally = tally;
            detector.Evaluate(state, window, WarmingUp, found);
        }
    }

    public void EndWindow()
    {
        CollectSeen();
        foreach (var (_, state, _) in _seen)
        {
            state.ResetWindow();
            state.Evidence.Clear();
        }

        _seen.Clear();
        if (Count > 0 && (long)_window - _oldestSeen >= idleWindows)
        {
            Rebuild(_slots.Length, expire: true);
        }

        _window++;
    }

    /// <summary>The subjects with a state seen in this window, in first-seen order.</summary>
    private void CollectSeen()
    {
        _seen.Clear();
        foreach (var (hash, state) in _states)
        {
            ref var slot = ref Existing(hash);
            if (slot.SeenWindow == _window)
            {
                _seen.Add((slot.Order, state, slot.Tally));
            }
        }

        _seen.Sort(static (a, b) => a.Order.CompareTo(b.Order));
    }

    /// <summary>The slot of <paramref name="hash"/>, added when absent; a null reference when absent and the table is full.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref Slot Find(ulong hash)
    {
        var slots = _slots;
        var i = (int)KeyMix.Mix(hash) & _mask;
        while (true)
        {
            ref var slot = ref slots[i];
            if (slot.Order == 0)
            {
                return ref Add(hash);
            }

            if (slot.Hash == hash)
            {
                return ref slot;
            }

            i = (i + 1) & _mask;
        }
    }

    /// <summary>The slot of a subject known to be held (every state has one).</summary>
    private ref Slot Existing(ulong hash)
    {
        var i = (int)KeyMix.Mix(hash) & _mask;
        while (_slots[i].Hash != hash || _slots[i].Order == 0)
        {
            if (_slots[i].Order == 0)
            {
                throw new InvalidOperationException("A subject with a state has no slot in the name table.");
            }

            i = (i + 1) & _mask;
        }

        return ref _slots[i];
    }

    private ref Slot Add(ulong hash)
    {
        if (Count >= maxSubjects)
        {
            DroppedSubjects++;
            return ref Unsafe.NullRef<Slot>();
        }

        if ((Count + 1) * 2 > _slots.Length)
        {
            Rebuild(_slots.Length * 2, expire: false);
        }

        if (_nextOrder == int.MaxValue)
        {
            Renumber();
        }

        ref var slot = ref Place(hash);
        slot = new Slot { Hash = hash, Order = _nextOrder++, SeenWindow = -1, FirstWindow = _window };
        _oldestSeen = Math.Min(_oldestSeen, _window);
        Count++;
        return ref slot;
    }

    private ref Slot Place(ulong hash)
    {
        var i = (int)KeyMix.Mix(hash) & _mask;
        while (_slots[i].Order != 0)
        {
            i = (i + 1) & _mask;
        }

        return ref _slots[i];
    }

    /// <summary>Copies the slots into a new array (forgetting subjects idle too long when <paramref name="expire"/>).</summary>
    private void Rebuild(int capacity, bool expire)
    {
        var old = _slots;
        _slots = new Slot[capacity];
        _mask = capacity - 1;
        Count = 0;
        _oldestSeen = int.MaxValue;
        foreach (var slot in old)
        {
            if (slot.Order == 0)
            {
                continue;
            }

            // Seen-window -1 (added, then the table was full for the rest of the message) counts as first seen.
            var seen = Math.Max(slot.SeenWindow, slot.FirstWindow);
            if (expire && (long)_window - seen >= idleWindows)
            {
                _states.Remove(slot.Hash);
                continue;
            }

            Place(slot.Hash) = slot;
            _oldestSeen = Math.Min(_oldestSeen, seen);
            Count++;
        }
    }

    /// <summary>Gives the subjects orders 1… in their current order, so the counter never wraps.</summary>
    private void Renumber()
    {
        var orders = new List<int>(Count);
        foreach (var slot in _slots)
        {
            if (slot.Order != 0)
            {
                orders.Add(slot.Order);
            }
        }

        orders.Sort();
        var rank = new Dictionary<int, int>(orders.Count);
        for (var i = 0; i < orders.Count; i++)
        {
            rank[orders[i]] = i + 1;
        }

        for (var i = 0; i < _slots.Length; i++)
        {
            if (_slots[i].Order != 0)
            {
                _slots[i].Order = rank[_slots[i].Order];
            }
        }

        _nextOrder = orders.Count + 1;
    }

    private struct Slot
    {
        public ulong Hash;

        /// <summary>First-seen order, from 1; 0 marks an empty slot.</summary>
        public int Order;
        public int SeenWindow;
        public int Tally;
        public int FirstWindow;
    }
}
