using CsCheck;
using Dnscert.Traffic.Detectors;

namespace Dnscert.UnitTests.Traffic;

/// <summary>
/// The subject table keeps per-window flags and tallies in its entries instead of the states; these tests hold it to
/// the behaviour of the plain dictionary of states it replaced (a model below): which subjects are seen, in which
/// order they are evaluated (the order of detections), which are dropped when full and which are forgotten when idle.
/// </summary>
public sealed class SubjectTableTests
{
    private const int MaxSubjects = 6;
    private const int IdleWindows = 3;

    /// <summary>One step: touch (0), tally (1) or end the window (2), on a key from a small range so keys come back.</summary>
    private static readonly Gen<(int Kind, ulong Key)[]> s_steps =
        Gen.Select(Gen.Int[0, 9], Gen.ULong[0, 11], (k, key) => (k < 5 ? 0 : k < 8 ? 1 : 2, key)).Array[1, 300];

    [Fact]
    public void Behaves_like_the_dictionary_of_states_it_replaced()
    {
        s_steps.Sample(steps =>
        {
            var table = new SubjectTable<ulong, TestState>(MaxSubjects, IdleWindows);
            var model = new Model();
            foreach (var (kind, key) in steps)
            {
                switch (kind)
                {
                    case 0:
                        var state = table.Touch(key, key, k => new TestState(k));
                        var expected = model.Touch(key);
                        Assert.Equal(expected?.Text, state?.Text);
                        if (state is not null)
                        {
                            state.Count++;
                            expected!.Count++;
                        }

                        break;
                    case 1:
                        ref var tally = ref table.Tally(key, key, k => new TestState(k));
                        var tallied = model.Touch(key);
                        Assert.Equal(tallied is null, System.Runtime.CompilerServices.Unsafe.IsNullRef(ref tally));
                        if (tallied is not null)
                        {
                            tally++;
                            tallied.Tally++;
                        }

                        break;
                    default:
                        Assert.Equal(model.Seen(), table.Seen().Select(s => $"{s.State.Text}:{s.State.Count}:{s.Tally}"));
                        table.EndWindow();
                        model.EndWindow();
                        break;
                }

                Assert.Equal(model.Count, table.Count);
                Assert.Equal(model.Dropped, table.DroppedSubjects);
            }

            Assert.Equal(model.Seen(), table.Seen().Select(s => $"{s.State.Text}:{s.State.Count}:{s.Tally}"));
        }, iter: 2000);
    }

    [Fact]
    public void A_subject_only_tallied_keeps_its_state_and_its_tally_starts_again_each_window()
    {
        var table = new SubjectTable<ulong, TestState>(MaxSubjects, IdleWindows);
        table.Touch(1, 1UL, k => new TestState(k))!.Count = 5;
        table.Tally(1, 1UL, k => new TestState(k)) += 2;
        Assert.Equal(new[] { "1:5:2" }, table.Seen().Select(s => $"{s.State.Text}:{s.State.Count}:{s.Tally}"));

        table.EndWindow();
        Assert.Empty(table.Seen());
        table.Tally(1, 1UL, k => new TestState(k))++;

        // The state was reset at the end of the window it was written in; the tally counts this window only.
        Assert.Equal(new[] { "1:0:1" }, table.Seen().Select(s => $"{s.State.Text}:{s.State.Count}:{s.Tally}"));
    }

    private sealed class TestState(ulong key) : SubjectState(key.ToString(System.Globalization.CultureInfo.InvariantCulture))
    {
        public long Count { get; set; }

        public override void ResetWindow() => Count = 0;
    }

    /// <summary>The previous implementation: a dictionary of states with a seen flag and the last window seen on each.</summary>
    private sealed class Model
    {
        private readonly Dictionary<ulong, ModelState> _states = [];
        private long _window;

        public int Count => _states.Count;

        public long Dropped { get; private set; }

        public ModelState? Touch(ulong key)
        {
            if (!_states.TryGetValue(key, out var state))
            {
                if (_states.Count >= MaxSubjects)
                {
                    Dropped++;
                    return null;
                }

                state = new ModelState(key.ToString(System.Globalization.CultureInfo.InvariantCulture));
                _states[key] = state;
            }

            state.Seen = true;
            state.LastSeen = _window;
            return state;
        }

        public List<string> Seen() => _states.Values.Where(s => s.Seen).Select(s => $"{s.Text}:{s.Count}:{s.Tally}").ToList();

        public void EndWindow()
        {
            List<ulong> idle = [];
            foreach (var (key, state) in _states)
            {
                if (state.Seen)
                {
                    state.Count = 0;
                    state.Tally = 0;
                    state.Seen = false;
                }
                else if (_window - state.LastSeen >= IdleWindows)
                {
                    idle.Add(key);
                }
            }

            foreach (var key in idle)
            {
                _states.Remove(key);
            }

            _window++;
        }
    }

    private sealed class ModelState(string text)
    {
        public string Text { get; } = text;

        public long Count { get; set; }

        public long Tally { get; set; }

        public bool Seen { get; set; }

        public long LastSeen { get; set; }
    }
}
