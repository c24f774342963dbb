using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Dnscert.Traffic.Detectors;

/// <summary>
/// The per-subject states of one detector, bounded: when <c>maxSubjects</c> are tracked, new subjects are
/// counted in <see cref="DroppedSubjects"/> and ignored (a spoofed-source flood cannot exhaust memory), and
/// subjects silent for <c>idleWindows</c> windows are forgotten with their baseline.
/// </summary>
/// <remarks>
/// With tens of thousands of subjects every lookup is a cache miss, so what each message updates lives in the
/// dictionary entry itself: the window the subject was last seen in (it is "seen" when that is the current
/// window, so closing a window resets no flags) and a per-window tally a detector can count without reading its
/// state object (<see cref="Tally{TArg}(TKey, TArg, Func{TArg, TState})"/>). The entries keep the
/// dictionary's own insertion and removal order, so subjects are evaluated, and detections reported, in the same
/// order as when the dictionary held the states directly.
/// </remarks>
internal sealed class SubjectTable<TKey, TState>(int maxSubjects, int idleWindows) : ISubjectTable
    where TKey : notnull
    where TState : SubjectState
{
    private readonly Dictionary<TKey, Entry> _states = new();
    private readonly List<TKey> _idle = [];
    private long _window;

    public long DroppedSubjects { get; private set; }

    public int Count => _states.Count;

    /// <summary>Windows during which the detector is learning before it trusts its baselines (one minute of 10 s windows).</summary>
    public const int WarmupWindows = 6;

    /// <summary>Windows a subject may stay unseen before it is forgotten with its baseline (an hour of 10 s windows).</summary>
    public const int DefaultIdleWindows = 360;

    /// <summary>True during the first <see cref="WarmupWindows"/> windows.</summary>
    public bool WarmingUp => _window < WarmupWindows;

    /// <summary>The state of <paramref name="key"/>, created by <paramref name="create"/> on first sight; null when full.</summary>
    public TState? Touch<TArg>(TKey key, TArg argument, Func<TArg, TState> create)
        where TArg : allows ref struct
    {
        ref var entry = ref Find(key, argument, create);
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
        ref var entry = ref Find(key, argument, create);
        return ref Unsafe.IsNullRef(ref entry) ? ref Unsafe.NullRef<long>() : ref entry.Tally;
    }

    /// <summary>Evaluates every subject seen in the current window, in entry order.</summary>
    public void Evaluate(WindowedDetector detector, DetectorWindow window, List<Detection> found)
    {
        foreach (var (_, entry) in _states)
        {
            if (entry.SeenWindow == _window)
            {
                entry.State.Tally = entry.Tally;
                detector.Evaluate(entry.State, window, WarmingUp, found);
            }
        }
    }

    /// <summary>The states <see cref="Evaluate"/> would visit now, in that order, with their tallies (diagnostics and tests).</summary>
    public IReadOnlyList<(TState State, long Tally)> Seen()
    {
        var seen = new List<(TState, long)>();
        foreach (var (_, entry) in _states)
        {
            if (entry.SeenWindow == _window)
            {
                seen.Add((entry.State, entry.Tally));
            }
        }

        return seen;
    }

    /// <summary>Resets every subject's window and forgets the long-idle ones.</summary>
    public void EndWindow()
    {
        foreach (var (key, entry) in _states)
        {
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
                _idle.Add(key);
            }
        }

        foreach (var key in _idle)
        {
            _states.Remove(key);
        }

        _idle.Clear();
        _window++;
    }

    private ref Entry Find<TArg>(TKey key, TArg argument, Func<TArg, TState> create)
        where TArg : allows ref struct
    {
        ref var entry = ref CollectionsMarshal.GetValueRefOrNullRef(_states, key);
        if (Unsafe.IsNullRef(ref entry))
        {
            if (_states.Count >= maxSubjects)
            {
                DroppedSubjects++;
                return ref entry;
            }

            var state = create(argument);
            entry = ref CollectionsMarshal.GetValueRefOrAddDefault(_states, key, out _);
            entry.State = state;
            entry.SeenWindow = -1;
            entry.WrittenWindow = -1;
        }

        if (entry.SeenWindow != _window)
        {
            entry.SeenWindow = _window;
            entry.Tally = 0;
        }

        return ref entry;
    }

    private struct Entry
    {
        public TState State;
        public long SeenWindow;
        public long Tally;

        /// <summary>The last window in which the state object was handed out (and so may have changed).</summary>
        public long WrittenWindow;
    }
}
