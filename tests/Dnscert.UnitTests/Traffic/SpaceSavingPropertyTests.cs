using CsCheck;
using Dnscert.Traffic;
using Dnscert.Traffic.Stats;

namespace Dnscert.UnitTests.Traffic;

/// <summary>
/// The Space-Saving list keeps its counts in the heap array and finds keys through its own open-addressing index, and
/// admits unlisted keys through the filter counters of Filtered Space-Saving. Against a plain model of the algorithm (a
/// dictionary, a swap-based min-heap and the filter rule written out), every offer must return the same slot and "new"
/// flag, and the lists, errors and bounds must be the same; against exact counts, the documented bounds must hold.
/// </summary>
public sealed class SpaceSavingPropertyTests
{
    [Fact]
    public void Matches_the_plain_dictionary_and_heap_model_offer_by_offer() =>
        Gen.Select(Gen.Int[1, 40], Gen.Int[0, 120].Array[0, 3000]).Sample((capacity, stream) =>
        {
            var top = new SpaceSaving<ulong>(capacity);
            var model = new Model<ulong>(capacity, top.FilterBucket);
            foreach (var item in stream)
            {
                // Few distinct keys with colliding low bits, so probe runs, evictions and backward shifts all happen.
                var key = (ulong)item << 40;
                var slot = top.Offer(key, out var isNew);
                var expected = model.Offer(key, out var expectedNew);
                Assert.Equal(expected, slot);
                Assert.Equal(expectedNew, isNew);
            }

            Assert.Equal(model.Top(capacity), top.Top(capacity).Select(e => (e.Item.Key, e.Item.Count, e.Item.Error, e.Slot)));
            Assert.Equal(model.MaxError, top.MaxError);
            Assert.Equal(stream.Length, top.Total);
        }, iter: 400);

    [Fact]
    public void Matches_the_model_for_client_networks() =>
        Gen.Select(Gen.Int[1, 16], Gen.Byte.Array[0, 2000], Gen.Bool).Sample((capacity, stream, v6) =>
        {
            var top = new SpaceSaving<PacketAddress>(capacity);
            var model = new Model<PacketAddress>(capacity, top.FilterBucket);
            foreach (var b in stream)
            {
                var key = v6 ? new PacketAddress((ulong)(b % 50) << 16, 0, true) : new PacketAddress(0, (ulong)(b % 50) << 8, false);
                Assert.Equal(model.Offer(key, out var expectedNew), top.Offer(key, out var isNew));
                Assert.Equal(expectedNew, isNew);
            }

            Assert.Equal(model.Top(capacity), top.Top(capacity).Select(e => (e.Item.Key, e.Item.Count, e.Item.Error, e.Slot)));
        }, iter: 200);

    [Fact]
    public void Matches_the_model_for_client_networks_offered_with_their_network_hash() =>
        Gen.Select(Gen.Int[1, 16], Gen.Byte.Array[0, 2000], Gen.Bool).Sample((capacity, stream, v6) =>
        {
            // As the statistics offer client networks: with StatsHash.Network instead of the address's own hash code.
            var top = new SpaceSaving<PacketAddress>(capacity);
            var model = new Model<PacketAddress>(capacity, k => top.FilterBucketOfHash(StatsHash.Network(k)));
            foreach (var b in stream)
            {
                var key = v6 ? new PacketAddress((ulong)(b % 50) << 16, 0, true) : new PacketAddress(0, (ulong)(b % 50) << 8, false);
                Assert.Equal(model.Offer(key, out var expectedNew), top.Offer(key, StatsHash.Network(key), out var isNew));
                Assert.Equal(expectedNew, isNew);
            }

            Assert.Equal(model.Top(capacity), top.Top(capacity).Select(e => (e.Item.Key, e.Item.Count, e.Item.Error, e.Slot)));
        }, iter: 200);

    [Fact]
    public void A_heavy_item_among_many_distinct_ones_is_listed_with_its_count_bounded_by_the_error()
    {
        var top = new SpaceSaving<ulong>(100);
        for (var i = 0; i < 100_000; i++)
        {
            top.Offer(i % 4 == 0 ? 7UL : 1000UL + (ulong)i, out _);
        }

        var first = top.Top(1)[0].Item;
        Assert.Equal(7UL, first.Key);
        Assert.InRange(25_000L, first.Count - first.Error, first.Count);
        Assert.True(top.MaxError <= 100_000 / 100);
    }

    [Fact]
    public void Counts_errors_and_the_listed_items_stay_within_the_documented_bounds() =>
        Gen.Select(Gen.Int[1, 60], Gen.Int[0, 400].Array[0, 6000], Gen.Int[1, 8]).Sample((capacity, stream, skew) =>
        {
            // Skewed streams (small values more often) over more distinct keys than counters, so the filter both admits and refuses.
            var top = new SpaceSaving<ulong>(capacity);
            var truth = new Dictionary<ulong, long>();
            foreach (var item in stream)
            {
                var key = (ulong)(item / skew);
                top.Offer(key, out _);
                truth[key] = truth.GetValueOrDefault(key) + 1;
            }

            var listed = top.Top(capacity);
            foreach (var (item, _) in listed)
            {
                Assert.InRange(truth[item.Key], item.Count - item.Error, item.Count);
                Assert.InRange(item.Error, 0, top.MaxError);
            }

            Assert.True(top.MaxError * capacity <= stream.Length, $"MaxError {top.MaxError} over N / capacity");
            foreach (var (key, count) in truth)
            {
                if (count > top.MaxError)
                {
                    Assert.Contains(listed, e => e.Item.Key == key);
                }
            }

            if (truth.Count <= capacity)
            {
                // Room for every key: exact counts, no error.
                Assert.All(listed, e => Assert.Equal((truth[e.Item.Key], 0L), (e.Item.Count, e.Item.Error)));
            }
        }, iter: 400);

    /// <summary>
    /// Space-Saving as first written here (a dictionary from key to slot and a swap-based min-heap of slots), with the
    /// admission rule of Filtered Space-Saving written out over the list's own choice of filter counter.
    /// </summary>
    private sealed class Model<TKey>(int capacity, Func<TKey, int> filterBucket)
        where TKey : notnull, IEquatable<TKey>
    {
        private readonly Dictionary<int, long> _filter = [];
        private readonly Dictionary<TKey, int> _slotOf = [];
        private readonly TKey[] _keys = new TKey[capacity];
        private readonly long[] _counts = new long[capacity];
        private readonly long[] _errors = new long[capacity];
        private readonly int[] _heapOfSlot = new int[capacity];
        private readonly int[] _slotAtHeap = new int[capacity];
        private int _used;

        public long MaxError => _used < capacity ? 0 : _counts[_slotAtHeap[0]];

        public int Offer(TKey key, out bool isNew)
        {
            if (_slotOf.TryGetValue(key, out var slot))
            {
                _counts[slot]++;
                SiftDown(_heapOfSlot[slot]);
                isNew = false;
                return slot;
            }

            isNew = true;
            if (_used < capacity)
            {
                slot = _used++;
                _keys[slot] = key;
                _counts[slot] = 1;
                _heapOfSlot[slot] = slot;
                _slotAtHeap[slot] = slot;
                _slotOf.Add(key, slot);
                SiftUp(slot);
                return slot;
            }

            var filtered = _filter.GetValueOrDefault(filterBucket(key));
            slot = _slotAtHeap[0];
            if (filtered + 1 < _counts[slot])
            {
                _filter[filterBucket(key)] = filtered + 1;
                isNew = false;
                return -1;
            }

            _filter[filterBucket(_keys[slot])] = _counts[slot];
            _slotOf.Remove(_keys[slot]);
            _keys[slot] = key;
            _errors[slot] = filtered;
            _counts[slot] = filtered + 1;
            _slotOf.Add(key, slot);
            SiftDown(0);
            return slot;
        }

        public List<(TKey, long, long, int)> Top(int n)
        {
            var slots = Enumerable.Range(0, _used).ToArray();
            Array.Sort(slots, (a, b) => _counts[b] != _counts[a] ? _counts[b].CompareTo(_counts[a]) : _errors[a].CompareTo(_errors[b]));
            return [.. slots.Take(n).Select(s => (_keys[s], _counts[s], _errors[s], s))];
        }

        private void SiftUp(int position)
        {
            while (position > 0 && _counts[_slotAtHeap[(position - 1) / 2]] > _counts[_slotAtHeap[position]])
            {
                Swap((position - 1) / 2, position);
                position = (position - 1) / 2;
            }
        }

        private void SiftDown(int position)
        {
            while (true)
            {
                var left = (2 * position) + 1;
                if (left >= _used)
                {
                    return;
                }

                var smallest = left + 1 < _used && _counts[_slotAtHeap[left + 1]] < _counts[_slotAtHeap[left]] ? left + 1 : left;
                if (_counts[_slotAtHeap[position]] <= _counts[_slotAtHeap[smallest]])
                {
                    return;
                }

                Swap(position, smallest);
                position = smallest;
            }
        }

        private void Swap(int a, int b)
        {
            (_slotAtHeap[a], _slotAtHeap[b]) = (_slotAtHeap[b], _slotAtHeap[a]);
            _heapOfSlot[_slotAtHeap[a]] = a;
            _heapOfSlot[_slotAtHeap[b]] = b;
        }
    }
}
