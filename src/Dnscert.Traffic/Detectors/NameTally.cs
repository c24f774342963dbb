using System.Runtime.CompilerServices;

namespace Dnscert.Traffic.Detectors;

/// <summary>
/// A subject table for subjects that are counted often and described rarely (the cache-poisoning detector's names:
/// every response tallies its name, a few names ever get an unmatched response). Each subject is a 24-byte slot
/// in a flat open-addressing array keyed by the 64-bit name hash — the window it was last seen in, this window's
/// tally, the window it was first seen in and its first-seen order — and only subjects that need more get a state
/// object, in a side table. Warm-up and idle expiry are those of <see cref="SubjectTable{TKey, TState}"/>.
/// </summary>
/// <remarks>
/// <para>
/// With tens of thousands of names every slot access is a cache miss, and one per response was most of the
/// detector's cost. So <see cref="Log"/> only appends the name to a small buffer, and the buffer is replayed into
/// the slots when full and when the window closes: the replay first loads the slots of a batch of names (independent
/// loads the processor overlaps), then updates them, so the misses overlap instead of following one another.
/// Nothing read during the window needs the slots of the window's own names: a state only asks whether its name was
/// seen in an <em>earlier</em> window (<see cref="State{TArg}"/>), which the slots know before the window's replay.
/// </para>
/// <para>
/// Subjects with a state are evaluated in first-seen order, as the dictionary-backed table does while it has
/// forgotten nothing (after idle subjects were forgotten the dictionary reuses their entries for new subjects, this
/// table keeps first-seen order). A state created for a name seen in earlier windows starts with one learned window
/// of value 0, which is what a state of the dictionary-backed table would have learned from windows of tallies only.
/// At most <c>maxSubjects</c> names hold a slot and at most as many a state; a name that finds the slots full is
/// counted in <see cref="DroppedSubjects"/> and has no tally, but (unlike the dictionary-backed table, which then
/// ignored the response altogether) its responses are still matched and an unmatched one still gets a state while
/// states are free: a resolver that sees more distinct names an hour than the bound stays watched.
/// </para>
/// </remarks>
internal sealed class NameTally<TState>(int maxSubjects, int idleWindows) : ISubjectTable
    where TState : SubjectState
{
    private const int MinCapacity = 1024;
    private const int LogSize = 4096;
    private const int Batch = 16;
    private readonly Dictionary<ulong, Held> _states = new();
    private readonly List<(int Order, TState State, int Tally)> _seen = [];
    private readonly ulong[] _log = new ulong[LogSize];
    private readonly ulong[] _logKeys = new ulong[LogSize];
    private readonly ulong[] _matched = new ulong[LogSize / 64];
    private int _logged;
    private Slot[] _slots = new Slot[MinCapacity];
    private int _mask = MinCapacity - 1;
    private int _window;
    private int _nextOrder = 1;
    private int _oldestSeen = int.MaxValue;

    /// <summary>Where the replay's first loads go, so they are not optimised away.</summary>
    private ulong _touched;

    public long DroppedSubjects { get; private set; }

    public int Count { get; private set; }

    public bool WarmingUp => _window < SubjectTable<ulong, TState>.WarmupWindows;

    /// <summary>
    /// Counts one response for <paramref name="hash"/>, in the tally when <paramref name="matched"/>;
    /// <paramref name="key"/> is <see cref="KeyMix.Mix"/> of the hash, which the caller has already (where the slot is).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Log(ulong hash, ulong key, bool matched)
    {
        var at = _logged;
        _log[at] = hash;
        _logKeys[at] = key;
        if (matched)
        {
            _matched[at >> 6] |= 1UL << at;
        }

        if (++_logged == LogSize)
        {
            Replay();
        }
    }

    /// <summary>
    /// The state of <paramref name="hash"/> (logged in this window), created by <paramref name="create"/> on first
    /// need; null when <c>maxSubjects</c> states exist.
    /// </summary>
    public TState? State<TArg>(ulong hash, TArg argument, Func<TArg, TState> create)
        where TArg : allows ref struct
    {
        ref var held = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrNullRef(_states, hash);
        if (Unsafe.IsNullRef(ref held))
        {
            if (_states.Count >= maxSubjects)
            {
                DroppedSubjects++;
                return null;
            }

            var state = create(argument);
            ref var slot = ref Lookup(hash);
            if (!Unsafe.IsNullRef(ref slot) && slot.FirstWindow < _window)
            {
                state.Baseline.Learn(0, 0);
            }

            held = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_states, hash, out _);
            held.State = state;
        }

        held.SeenWindow = _window;
        return held.State;
    }

    public void Evaluate(WindowedDetector detector, DetectorWindow window, List<Detection> found)
    {
        Replay();
        CollectSeen();
        foreach (var (_, state, tally) in _seen)
        {
            state.Tally = tally;
            detector.Evaluate(state, window, WarmingUp, found);
        }
    }

    public void EndWindow()
    {
        Replay();
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

    /// <summary>Applies the logged responses to the slots, in the order they came.</summary>
    private void Replay()
    {
        Span<int> first = stackalloc int[Batch];
        for (var start = 0; start < _logged; start += Batch)
        {
            var end = Math.Min(start + Batch, _logged);
            // Load every slot of the batch first: the loads do not depend on each other, so their misses overlap.
            var slots = _slots;
            var touched = 0UL;
            for (var i = start; i < end; i++)
            {
                var at = (int)_logKeys[i] & _mask;
                first[i - start] = at;
                touched ^= slots[at].Hash;
            }

            _touched = touched;
            for (var i = start; i < end; i++)
            {
                // A slot added during the batch may have grown the array; then the precomputed start is stale.
                var hash = _log[i];
                ref var slot = ref Find(hash, ReferenceEquals(slots, _slots) ? first[i - start] : (int)_logKeys[i]);
                if (Unsafe.IsNullRef(ref slot))
                {
                    continue;
                }

                if (slot.SeenWindow != _window)
                {
                    slot.SeenWindow = _window;
                    slot.Tally = 0;
                }

                if ((_matched[i >> 6] & (1UL << i)) != 0)
                {
                    slot.Tally++;
                }
            }
        }

        Array.Clear(_matched);
        _logged = 0;
    }

    /// <summary>The subjects with a state seen in this window, in first-seen order.</summary>
    private void CollectSeen()
    {
        _seen.Clear();
        foreach (var (hash, held) in _states)
        {
            ref var slot = ref Lookup(hash);
            var hasSlot = !Unsafe.IsNullRef(ref slot);
            if (hasSlot && slot.SeenWindow == _window)
            {
                _seen.Add((slot.Order, held.State, slot.Tally));
            }
            else if (held.SeenWindow == _window)
            {
                _seen.Add((int.MaxValue, held.State, 0));
            }
        }

        _seen.Sort(static (a, b) => a.Order.CompareTo(b.Order));
    }

    /// <summary>The slot of <paramref name="hash"/>, starting at slot <paramref name="at"/>, added when absent; a null reference when absent and full.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref Slot Find(ulong hash, int at)
    {
        var slots = _slots;
        var i = at & _mask;
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

    /// <summary>The slot of <paramref name="hash"/>, or a null reference.</summary>
    private ref Slot Lookup(ulong hash)
    {
        var i = (int)KeyMix.Mix(hash) & _mask;
        while (_slots[i].Order != 0)
        {
            if (_slots[i].Hash == hash)
            {
                return ref _slots[i];
            }

            i = (i + 1) & _mask;
        }

        return ref Unsafe.NullRef<Slot>();
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

    /// <summary>Copies the slots into a new array (forgetting subjects, and their states, idle too long when <paramref name="expire"/>).</summary>
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

            if (expire && (long)_window - slot.SeenWindow >= idleWindows)
            {
                continue;
            }

            Place(slot.Hash) = slot;
            _oldestSeen = Math.Min(_oldestSeen, slot.SeenWindow);
            Count++;
        }

        if (expire)
        {
            foreach (var (hash, held) in _states)
            {
                if (Unsafe.IsNullRef(ref Lookup(hash)) && (long)_window - held.SeenWindow >= idleWindows)
                {
                    _states.Remove(hash);
                }
            }
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

    private struct Held
    {
        public TState State;

        /// <summary>The last window the detector asked for the state (it is seen then even without a slot).</summary>
        public int SeenWindow;
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
