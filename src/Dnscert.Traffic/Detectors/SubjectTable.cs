using System.Runtime.CompilerServices;

namespace Dnscert.Traffic.Detectors;

/// <summary>
/// The per-subject states of one detector, bounded: when <c>maxSubjects</c> are tracked, new subjects are
/// counted in <see cref="DroppedSubjects"/> and ignored (a spoofed-source flood cannot exhaust memory), and
/// subjects silent for <c>idleWindows</c> windows are forgotten with their baseline.
/// </summary>
/// <remarks>
/// With tens of thousands of subjects every lookup is a cache miss, so what each message updates lives in the
/// table's entry itself: the window the subject was last seen in (it is "seen" when that is the current
/// window, so closing a window resets no flags) and a per-window tally a detector can count without reading its
/// state object (<see cref="Tally{TArg}(TKey, TArg, Func{TArg, TState})"/>). The table is a dense array of
/// entries found through an open-addressing index of 8-byte slots keyed by the mixed key (<see cref="KeyMix"/>,
/// which callers that already have it pass in), and it reuses the entries of forgotten subjects last-freed first,
/// as <see cref="Dictionary{TKey, TValue}"/> does: subjects are evaluated, and detections reported, in the same
/// order as when a dictionary held the states directly (SubjectTableTests hold it to that model).
/// </remarks>
internal sealed class SubjectTable<TKey, TState>(int maxSubjects, int idleWindows) : ISubjectTable
    where TKey : notnull
    where TState : SubjectState
{
    private const int MinIndex = 16;
    private Entry[] _entries = new Entry[8];
    private int _used;
    private readonly Stack<int> _free = new();
    private Slot[] _index = new Slot[MinIndex];
    private int _mask = MinIndex - 1;
    private readonly List<int> _idle = [];
    private long _window;
    private ulong _lastMixed;
    private int _lastEntry = -1;

    public long DroppedSubjects { get; private set; }

    public int Count { get; private set; }

    /// <summary>Windows during which the detector is learning before it trusts its baselines (one minute of 10 s windows).</summary>
    public const int WarmupWindows = 6;

    /// <summary>Windows a subject may stay unseen before it is forgotten with its baseline (an hour of 10 s windows).</summary>
    public const int DefaultIdleWindows = 360;

    /// <summary>True during the first <see cref="WarmupWindows"/> windows.</summary>
    public bool WarmingUp => _window < WarmupWindows;

    /// <summary>The mixed key of <paramref name="key"/>: what callers holding it already pass to the overloads that take it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong MixOf(TKey key)
    {
        if (typeof(TKey) == typeof(ulong))
        {
            return KeyMix.Mix(Unsafe.As<TKey, ulong>(ref key));
        }

        if (typeof(TKey) == typeof(PacketAddress))
        {
            return KeyMix.Of(Unsafe.As<TKey, PacketAddress>(ref key));
        }

        return KeyMix.Mix((ulong)(uint)EqualityComparer<TKey>.Default.GetHashCode(key));
    }

    /// <summary>The state of <paramref name="key"/>, created by <paramref name="create"/> on first sight; null when full.</summary>
    public TState? Touch<TArg>(TKey key, TArg argument, Func<TArg, TState> create)
        where TArg : allows ref struct => Touch(key, MixOf(key), argument, create);

    /// <summary>As <see cref="Touch{TArg}(TKey, TArg, Func{TArg, TState})"/> with the key's <see cref="MixOf"/> already computed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TState? Touch<TArg>(TKey key, ulong mixed, TArg argument, Func<TArg, TState> create)
        where TArg : allows ref struct
    {
        ref var entry = ref Find(key, mixed, argument, create);
        if (Unsafe.IsNullRef(ref entry))
        {
            return null;
        }

        entry.WrittenWindow = _window;
        return entry.State;
    }

    /// <summary>
    /// Marks <paramref name="key"/> seen as <see cref="Touch{TArg}(TKey, TArg, Func{TArg, TState})"/> does, but hands
    /// out only the subject's tally for this window, not its state (a null reference when the table is full). A
    /// subject only tallied in a window has its state object read once, when the window is evaluated, and not
    /// reset afterwards (nothing in it changed). The tally is in <see cref="SubjectState.Tally"/> during evaluation.
    /// </summary>
    public ref long Tally<TArg>(TKey key, TArg argument, Func<TArg, TState> create)
        where TArg : allows ref struct
    {
        ref var entry = ref Find(key, MixOf(key), argument, create);
        return ref Unsafe.IsNullRef(ref entry) ? ref Unsafe.NullRef<long>() : ref entry.Tally;
    }

    /// <summary>Evaluates every subject seen in the current window, in entry order.</summary>
    public void Evaluate(WindowedDetector detector, DetectorWindow window, List<Detection> found)
    {
        for (var i = 0; i < _used; i++)
        {
            ref var entry = ref _entries[i];
            if (entry.State is not null && entry.SeenWindow == _window)
            {
                entry.State.Tally = entry.Tally;
                detector.Evaluate(entry.State, window, WarmingUp, found);
            }
        }
    }

    /// <summary>The state at entry index <paramref name="at"/> (<see cref="SubjectState.Slot"/>), or null when none is there.</summary>
    public TState? StateAt(int at) => (uint)at < (uint)_used ? _entries[at].State : null;

    /// <summary>The states <see cref="Evaluate"/> would visit now, in that order, with their tallies (diagnostics and tests).</summary>
    public IReadOnlyList<(TState State, long Tally)> Seen()
    {
        var seen = new List<(TState, long)>();
        for (var i = 0; i < _used; i++)
        {
            var entry = _entries[i];
            if (entry.State is not null && entry.SeenWindow == _window)
            {
                seen.Add((entry.State, entry.Tally));
            }
        }

        return seen;
    }

    /// <summary>Resets every subject's window and forgets the long-idle ones.</summary>
    public void EndWindow()
    {
        for (var i = 0; i < _used; i++)
        {
            ref var entry = ref _entries[i];
            if (entry.State is null)
            {
                continue;
            }

            if (entry.SeenWindow == _window)
            {
                if (entry.WrittenWindow == _window)
                {
                    entry.State.ResetWindow();
                    entry.State.Evidence.Clear();
                }
            }
            else if (_window - entry.SeenWindow >= idleWindows)
            {
                _idle.Add(i);
            }
        }

        foreach (var i in _idle)
        {
            Remove(i);
        }

        _idle.Clear();
        _window++;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref Entry Find<TArg>(TKey key, ulong mixed, TArg argument, Func<TArg, TState> create)
        where TArg : allows ref struct
    {
        // Consecutive messages often share a subject (the server address of a resolver's own capture): no probe then.
        if (mixed == _lastMixed && _lastEntry >= 0)
        {
            ref var last = ref _entries[_lastEntry];
            if (EqualityComparer<TKey>.Default.Equals(last.Key, key))
            {
                if (last.SeenWindow != _window)
                {
                    last.SeenWindow = _window;
                    last.Tally = 0;
                }

                return ref last;
            }
        }

        var tag = (uint)(mixed >> 32);
        var index = _index;
        var mask = _mask;
        var i = (int)mixed & mask;
        while (true)
        {
            var slot = index[i];
            if (slot.Entry == 0)
            {
                return ref Add(key, mixed, i, argument, create);
            }

            if (slot.Tag == tag)
            {
                ref var entry = ref _entries[slot.Entry - 1];
                if (EqualityComparer<TKey>.Default.Equals(entry.Key, key))
                {
                    _lastMixed = mixed;
                    _lastEntry = slot.Entry - 1;
                    if (entry.SeenWindow != _window)
                    {
                        entry.SeenWindow = _window;
                        entry.Tally = 0;
                    }

                    return ref entry;
                }
            }

            i = (i + 1) & mask;
        }
    }

    private ref Entry Add<TArg>(TKey key, ulong mixed, int slot, TArg argument, Func<TArg, TState> create)
        where TArg : allows ref struct
    {
        if (Count >= maxSubjects)
        {
            DroppedSubjects++;
            return ref Unsafe.NullRef<Entry>();
        }

        var state = create(argument);
        int at;
        if (_free.Count > 0)
        {
            at = _free.Pop();
        }
        else
        {
            if (_used == _entries.Length)
            {
                Array.Resize(ref _entries, _entries.Length * 2);
            }

            at = _used++;
        }

        state.Slot = at;
        _entries[at] = new Entry { Key = key, Mixed = mixed, State = state, SeenWindow = _window, WrittenWindow = -1 };
        Count++;
        if (Count * 2 > _index.Length)
        {
            GrowIndex();
        }
        else
        {
            _index[slot] = new Slot { Entry = at + 1, Tag = (uint)(mixed >> 32) };
        }

        return ref _entries[at];
    }

    private void GrowIndex()
    {
        _index = new Slot[_index.Length * 2];
        _mask = _index.Length - 1;
        for (var at = 0; at < _used; at++)
        {
            if (_entries[at].State is not null)
            {
                var i = (int)_entries[at].Mixed & _mask;
                while (_index[i].Entry != 0)
                {
                    i = (i + 1) & _mask;
                }

                _index[i] = new Slot { Entry = at + 1, Tag = (uint)(_entries[at].Mixed >> 32) };
            }
        }
    }

    /// <summary>Forgets entry <paramref name="at"/>: its index slot is closed by shifting the run back, the entry is reused first.</summary>
    private void Remove(int at)
    {
        var mask = _mask;
        var hole = (int)_entries[at].Mixed & mask;
        while (_index[hole].Entry != at + 1)
        {
            hole = (hole + 1) & mask;
        }

        var j = hole;
        while (true)
        {
            j = (j + 1) & mask;
            var next = _index[j];
            if (next.Entry == 0)
            {
                break;
            }

            var home = (int)_entries[next.Entry - 1].Mixed & mask;
            if (((j - home) & mask) >= ((j - hole) & mask))
            {
                _index[hole] = next;
                hole = j;
            }
        }

        _index[hole] = default;
        _entries[at] = default;
        _lastEntry = -1;
        _free.Push(at);
        Count--;
    }

    private struct Slot
    {
        /// <summary>Entry index plus one; 0 marks an empty slot.</summary>
        public int Entry;

        /// <summary>The high half of the mixed key, compared before the entry is read.</summary>
        public uint Tag;
    }

    private struct Entry
    {
        public TKey Key;
        public ulong Mixed;
        public TState State;
        public long SeenWindow;
        public long Tally;

        /// <summary>The last window in which the state object was handed out (and so may have changed).</summary>
        public long WrittenWindow;
    }
}
