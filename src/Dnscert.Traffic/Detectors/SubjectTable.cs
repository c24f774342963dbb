using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Dnscert.Traffic.Detectors;

/// <summary>
/// The per-subject states of one detector, bounded: when <c>maxSubjects</c> are tracked, new subjects are
/// counted in <see cref="DroppedSubjects"/> and ignored (a spoofed-source flood cannot exhaust memory), and
/// subjects silent for <c>idleWindows</c> windows are forgotten with their baseline.
/// </summary>
/// <remarks>
/// States live in slots; the per-window flags (seen this window, last window seen) sit beside the state reference
/// in its slot, so closing a window walks one array instead of visiting every state object (with 50,000 names a
/// window, visiting them was about 6 % of a capture's CPU time). Slots are reused last-freed first and walked in
/// slot order, which is the order in which a <see cref="Dictionary{TKey, TValue}"/> of the states enumerated them,
/// so detections come out in the same order as before.
/// </remarks>
internal sealed class SubjectTable<TKey, TState>(int maxSubjects, int idleWindows) : ISubjectTable
    where TKey : notnull
    where TState : SubjectState
{
    private readonly Dictionary<TKey, int> _index = new();
    private Slot[] _slots = new Slot[16];
    private int _used;
    private int _freeHead = -1;
    private long _window;

    public long DroppedSubjects { get; private set; }

    public int Count => _index.Count;

    /// <summary>Windows during which the detector is learning before it trusts its baselines (one minute of 10 s windows).</summary>
    public const int WarmupWindows = 6;

    /// <summary>True during the first <see cref="WarmupWindows"/> windows.</summary>
    public bool WarmingUp => _window < WarmupWindows;

    /// <inheritdoc/>
    public int SlotCount => _used;

    /// <summary>The state of <paramref name="key"/>, created by <paramref name="create"/> on first sight; null when full.</summary>
    public TState? Touch<TArg>(TKey key, TArg argument, Func<TArg, TState> create)
        where TArg : allows ref struct
    {
        ref var found = ref CollectionsMarshal.GetValueRefOrNullRef(_index, key);
        int at;
        if (!Unsafe.IsNullRef(ref found))
        {
            at = found;
        }
        else
        {
            if (_index.Count >= maxSubjects)
            {
                DroppedSubjects++;
                return null;
            }

            at = Allocate();
            _slots[at].Key = key;
            _slots[at].State = create(argument);
            _index.Add(key, at);
        }

        ref var slot = ref _slots[at];
        slot.Seen = true;
        slot.LastSeen = _window;
        return slot.State;
    }

    /// <inheritdoc/>
    public SubjectState? SeenAt(int slot) => _slots[slot].Seen ? _slots[slot].State : null;

    /// <summary>Resets every subject's window and forgets the long-idle ones.</summary>
    public void EndWindow()
    {
        var slots = _slots;
        for (var i = 0; i < _used; i++)
        {
            ref var slot = ref slots[i];
            if (slot.Seen)
            {
                slot.State!.ResetWindow();
                slot.State.Evidence.Clear();
                slot.Seen = false;
            }
            else if (slot.State is not null && _window - slot.LastSeen >= idleWindows)
            {
                _index.Remove(slot.Key);
                slot = default;
                slot.NextFree = _freeHead;
                _freeHead = i;
            }
        }

        _window++;
    }

    private int Allocate()
    {
        if (_freeHead >= 0)
        {
            var free = _freeHead;
            _freeHead = _slots[free].NextFree;
            _slots[free].NextFree = 0;
            return free;
        }

        if (_used == _slots.Length)
        {
            Array.Resize(ref _slots, _slots.Length * 2);
        }

        return _used++;
    }

    private struct Slot
    {
        public TState? State;
        public long LastSeen;
        public bool Seen;
        public int NextFree;
        public TKey Key;
    }
}
