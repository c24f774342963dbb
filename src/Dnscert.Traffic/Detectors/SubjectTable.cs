namespace Dnscert.Traffic.Detectors;

/// <summary>
/// The per-subject states of one detector, bounded: when <c>maxSubjects</c> are tracked, new subjects are
/// counted in <see cref="DroppedSubjects"/> and ignored (a spoofed-source flood cannot exhaust memory), and
/// subjects silent for <c>idleWindows</c> windows are forgotten with their baseline.
/// </summary>
internal sealed class SubjectTable<TKey, TState>(int maxSubjects, int idleWindows) : ISubjectTable
    where TKey : notnull
    where TState : SubjectState
{
    private readonly Dictionary<TKey, TState> _states = new();
    private long _window;

    public long DroppedSubjects { get; private set; }

    public int Count => _states.Count;

    /// <summary>Windows during which the detector is learning before it trusts its baselines (one minute of 10 s windows).</summary>
    public const int WarmupWindows = 6;

    /// <summary>True during the first <see cref="WarmupWindows"/> windows.</summary>
    public bool WarmingUp => _window < WarmupWindows;

    /// <summary>The state of <paramref name="key"/>, created by <paramref name="create"/> on first sight; null when full.</summary>
    public TState? Touch<TArg>(TKey key, TArg argument, Func<TArg, TState> create)
        where TArg : allows ref struct
    {
        if (!_states.TryGetValue(key, out var state))
        {
            if (_states.Count >= maxSubjects)
            {
                DroppedSubjects++;
                return null;
            }

            state = create(argument);
            _states[key] = state;
        }

        state.SeenThisWindow = true;
        state.LastSeenWindow = _window;
        return state;
    }

    public IEnumerable<TState> Seen => _states.Values.Where(s => s.SeenThisWindow);

    IEnumerable<SubjectState> ISubjectTable.SeenStates => Seen;

    /// <summary>Resets every subject's window and forgets the long-idle ones.</summary>
    public void EndWindow()
    {
        List<TKey>? idle = null;
        foreach (var (key, state) in _states)
        {
            if (state.SeenThisWindow)
            {
                state.ResetWindow();
                state.Evidence.Clear();
                state.SeenThisWindow = false;
            }
            else if (_window - state.LastSeenWindow >= idleWindows)
            {
                (idle ??= []).Add(key);
            }
        }

        foreach (var key in idle ?? [])
        {
            _states.Remove(key);
        }

        _window++;
    }
}
