using System.Globalization;
using System.Text;
using CsCheck;
using Dnscert.Traffic;
using Dnscert.Traffic.Detectors;

namespace Dnscert.UnitTests.Traffic;

/// <summary>
/// The flat tables the detectors count in (outstanding queries, distinct names, evidence) against the plain
/// collections they replaced, on random operation sequences: same answers, same counts, same reported evidence.
/// </summary>
public sealed class DetectorTableTests
{
    /// <summary>
    /// Keys that crowd a few home slots of the 1,024-slot table (and its last slots, so runs wrap around), which is
    /// where removal by shifting a run back can go wrong.
    /// </summary>
    private static readonly Gen<ulong> s_crowdedKeys =
        Gen.Select(Gen.Int[0, 3], Gen.Int[1, 12], (home, n) => (ulong)(((home * 341) + 1021) % 1024) + ((ulong)n << 10));

    /// <summary>Set (0–3), remove (4–5), get (6–7) or move the horizon (8), with capture time moving forward.</summary>
    private static readonly Gen<(int Kind, ulong Key, int Advance)[]> s_fingerprintSteps =
        Gen.Select(Gen.Int[0, 8], s_crowdedKeys, Gen.Int[0, 3], (k, key, advance) => (k, key, advance)).Array[1, 400];

    [Fact]
    public void Fingerprint_table_answers_like_a_dictionary_purged_at_every_horizon()
    {
        const int Max = 20;
        const long Timeout = 5;
        s_fingerprintSteps.Sample(steps =>
        {
            var table = new FingerprintTable();
            var model = new Dictionary<ulong, long>();
            long now = 0;
            foreach (var (kind, key, advance) in steps)
            {
                now += advance;
                switch (kind)
                {
                    case <= 3:
                        var modelSet = model.ContainsKey(key) || model.Count < Max;
                        if (modelSet)
                        {
                            model[key] = now;
                        }

                        Assert.Equal(modelSet, table.Set(key, now, Max));
                        break;
                    case <= 5:
                        Assert.Equal(model.Remove(key), table.Remove(key));
                        break;
                    case <= 7:
                        var held = table.TryGet(key, out var ticks);
                        Assert.Equal(model.TryGetValue(key, out var modelTicks), held);
                        if (held)
                        {
                            Assert.Equal(modelTicks, ticks);
                        }

                        break;
                    default:
                        foreach (var stale in model.Where(p => now - p.Value > Timeout).Select(p => p.Key).ToList())
                        {
                            model.Remove(stale);
                        }

                        table.Expire(now, Timeout);
                        break;
                }
            }

            foreach (var key in model.Keys)
            {
                Assert.True(table.TryGet(key, out _), $"key {key} lost");
            }
        }, iter: 3000);
    }

    [Fact]
    public void Fingerprint_table_grows_past_its_first_size_and_keeps_every_key()
    {
        var table = new FingerprintTable();
        for (var key = 2UL; key < 5002; key++)
        {
            Assert.True(table.Set(Spread(key), (long)key, 1_000_000));
        }

        Assert.Equal(5000, table.Count);
        for (var key = 2UL; key < 5002; key++)
        {
            Assert.True(table.TryGet(Spread(key), out var ticks));
            Assert.Equal((long)key, ticks);
        }

        // Everything older than the horizon reads as gone, and is dropped when room is needed.
        table.Expire(5001 + 2000, 2000);
        Assert.False(table.TryGet(Spread(2), out _));
        Assert.True(table.Set(1, 9000, 1_000_000));
        Assert.True(table.TryGet(Spread(5001), out _));
    }

    [Fact]
    public void Fingerprint_table_refuses_new_keys_when_full_of_live_ones_but_not_when_they_expired()
    {
        var table = new FingerprintTable();
        Assert.True(table.Set(10, 100, 2));
        Assert.True(table.Set(11, 100, 2));
        Assert.False(table.Set(12, 101, 2));
        Assert.True(table.Set(11, 102, 2));
        table.Expire(200, 50);
        Assert.True(table.Set(12, 201, 2));
        Assert.False(table.TryGet(10, out _));
        Assert.True(table.TryGet(12, out _));
    }

    [Fact]
    public void Distinct_name_set_counts_like_a_hash_set()
    {
        Gen.Select(Gen.ULong[0, 300], Gen.Int[0, 30], (v, clear) => (Value: unchecked(v * 0x2545F4914F6CDD1DUL), Clear: clear == 0)).Array[1, 2000].Sample(steps =>
        {
            var set = new HashSet64();
            var model = new HashSet<ulong>();
            foreach (var (value, clear) in steps)
            {
                if (clear)
                {
                    set.Clear();
                    model.Clear();
                    continue;
                }

                Assert.Equal(model.Add(value), set.Add(value, KeyMix.Mix(value)));
                Assert.Equal(model.Count, set.Count);
            }
        }, iter: 300);
    }

    [Fact]
    public void Name_hash_ignores_ascii_case_only()
    {
        Gen.String[Gen.Char["AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_@[`{"], 0, 70].Sample(text =>
        {
            var bytes = Encoding.ASCII.GetBytes(text);
            var lower = Encoding.ASCII.GetBytes(text.ToLowerInvariant());
            var upper = Encoding.ASCII.GetBytes(text.ToUpperInvariant());
            Assert.Equal(QueryName.Hash(lower), QueryName.Hash(bytes));
            Assert.Equal(QueryName.Hash(lower), QueryName.Hash(upper));

            // '@' and '[' sit next to 'A' and 'Z', '`' and '{' next to 'a' and 'z': none of them may be folded.
            var shifted = (byte[])lower.Clone();
            for (var i = 0; i < shifted.Length; i++)
            {
                if (shifted[i] is (byte)'`' or (byte)'{')
                {
                    shifted[i] = shifted[i] == '`' ? (byte)'@' : (byte)'[';
                    Assert.NotEqual(QueryName.Hash(lower), QueryName.Hash(shifted));
                    break;
                }
            }
        }, iter: 3000);
    }

    [Fact]
    public void Name_hash_tells_apart_names_that_differ_in_one_byte_or_in_length()
    {
        var seen = new Dictionary<ulong, string>();
        for (var length = 0; length <= 40; length++)
        {
            for (var position = 0; position < Math.Max(1, length); position++)
            {
                foreach (var value in new byte[] { (byte)'a', (byte)'q', 0, 0x7F, 0xFF })
                {
                    var bytes = new byte[length];
                    Array.Fill(bytes, (byte)'x');
                    if (length > 0)
                    {
                        bytes[position] = value;
                    }

                    var text = Convert.ToHexString(bytes);
                    var hash = QueryName.Hash(bytes);
                    Assert.True(!seen.TryGetValue(hash, out var other) || other == text, $"{text} and {other} share a hash");
                    seen[hash] = text;
                }
            }
        }
    }

    [Fact]
    public void Evidence_reports_the_top_names_and_clients_of_the_first_256_distinct_ones()
    {
        var gen = Gen.Select(Gen.Int[0, 399], Gen.Int[0, 299], Gen.Bool, (name, client, v6) => (Name: name, Client: client, V6: v6)).Array[1, 3000];
        gen.Sample(messages =>
        {
            var evidence = new EvidenceCollector();
            var names = new Dictionary<string, int>();
            var clients = new Dictionary<PacketAddress, int>();
            foreach (var (name, client, v6) in messages)
            {
                var text = $"host{name}.example";
                var wire = Wire(text);
                evidence.AddName(QueryName.Hash(wire), wire);
                if (names.ContainsKey(text) || names.Count < 256)
                {
                    names[text] = names.GetValueOrDefault(text) + 1;
                }

                var address = new PacketAddress(v6 ? ((UInt128)0x20010DB8 << 96) + (uint)client : 0x0A000000u + (uint)client, v6);
                evidence.AddClient(address);
                if (clients.ContainsKey(address) || clients.Count < 256)
                {
                    clients[address] = clients.GetValueOrDefault(address) + 1;
                }
            }

            var metrics = new List<KeyValuePair<string, string>>();
            evidence.AppendTop(metrics);
            var topNames = string.Join(' ', names.OrderByDescending(n => n.Value).ThenBy(n => n.Key, StringComparer.Ordinal).Take(5)
                .Select(n => string.Create(CultureInfo.InvariantCulture, $"{n.Key}={n.Value}")));
            var topClients = string.Join(' ', clients.OrderByDescending(c => c.Value).ThenBy(c => c.Key.Bits).ThenBy(c => c.Key.IsIPv6).Take(5)
                .Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Key}={c.Value}")));
            Assert.Equal(topNames, metrics.Single(m => m.Key == "top_names").Value);
            Assert.Equal(topClients, metrics.Single(m => m.Key == "top_clients").Value);
            Assert.Equal(clients.Count, evidence.DistinctClients);

            evidence.Clear();
            Assert.Equal(0, evidence.DistinctClients);
        }, iter: 200);
    }

    [Fact]
    public void Zone_hash_ignores_ascii_case_only_and_tells_apart_names_of_one_length()
    {
        static byte Fold(byte b) => b is >= (byte)'A' and <= (byte)'Z' ? (byte)(b | 0x20) : b;
        Gen.Select(Gen.Byte.Array[1, 90], Gen.Int[0, 89], Gen.Byte).Sample((bytes, position, value) =>
        {
            var folded = bytes.Select(Fold).ToArray();
            Assert.Equal(KeyMix.FoldedBytes(folded), KeyMix.FoldedBytes(bytes));

            // One byte replaced by one that is not the same letter in the other case: a different hash, whatever the
            // length (each step is one-to-one, the overlapping tail word included).
            var at = position % bytes.Length;
            var changed = (byte[])folded.Clone();
            changed[at] = value;
            Assert.Equal(Fold(value) == folded[at], KeyMix.FoldedBytes(changed) == KeyMix.FoldedBytes(folded));
            Assert.NotEqual(KeyMix.FoldedBytes(folded), KeyMix.FoldedBytes(folded.AsSpan(0, folded.Length - 1)));
        }, iter: 5000);

        Gen.ULong.Sample(word =>
        {
            var expected = 0UL;
            for (var i = 7; i >= 0; i--)
            {
                expected = (expected << 8) | Fold((byte)(word >> (8 * i)));
            }

            Assert.Equal(expected, KeyMix.FoldWord(word));
        }, iter: 5000);
    }

    [Fact]
    public void Evidence_log_replayed_for_alarming_subjects_equals_counting_every_message()
    {
        // Messages for (first subject, second subject, name, client); subjects -1 to 5 (-1: none). Small logs overflow
        // mid-window, and up to all eleven subjects alarm, past the replays done one subject at a time.
        var messages = Gen.Select(Gen.Int[-1, 5], Gen.Int[-1, 4], Gen.Int[0, 299], Gen.Int[0, 299],
            (first, second, name, client) => (First: first, Second: second, Name: name, Client: client)).Array[0, 1500];
        var alarms = Gen.Select(Gen.Bool, Gen.Int[0, 5], (second, slot) => (Second: second, Slot: slot)).Array[0, 11];
        Gen.Select(messages, messages, alarms, Gen.Int[1, 2000], Gen.Int[64, 40_000]).Sample((first, next, alarming, maxEntries, maxBytes) =>
        {
            var log = new EvidenceLog(maxEntries, maxBytes);
            var logged = new[] { NewCollectors(), NewCollectors() };
            var counted = new[] { NewCollectors(), NewCollectors() };
            EvidenceCollector? CollectorOf(bool second, int slot) => logged[second ? 1 : 0][slot];
            foreach (var window in new[] { first, next })
            {
                foreach (var (one, two, name, client) in window)
                {
                    var wire = Wire($"host{name}.example");
                    var address = new PacketAddress(0x0A000000u + (uint)client, false);
                    var query = new QueryView(wire, KeyMix.Of(address));
                    if (one >= 0)
                    {
                        Count(counted[0][one], wire, address);
                    }

                    if (two >= 0)
                    {
                        Count(counted[1][two], wire, address);
                    }

                    if ((one >= 0 || two >= 0) && !log.TryLog(one, two, query, address, CollectorOf))
                    {
                        if (one >= 0)
                        {
                            Count(logged[0][one], wire, address);
                        }

                        if (two >= 0)
                        {
                            Count(logged[1][two], wire, address);
                        }
                    }
                }

                foreach (var (second, slot) in alarming.Distinct())
                {
                    var evidence = logged[second ? 1 : 0][slot];
                    log.Replay(slot, second, evidence, CollectorOf);
                    Assert.Equal(Top(counted[second ? 1 : 0][slot]), Top(evidence));
                    Assert.Equal(counted[second ? 1 : 0][slot].DistinctClients, evidence.DistinctClients);
                }

                log.Clear();
                foreach (var collector in logged.Concat(counted).SelectMany(c => c))
                {
                    collector.Clear();
                }
            }
        }, iter: 300);

        static EvidenceCollector[] NewCollectors() => [.. Enumerable.Range(0, 6).Select(_ => new EvidenceCollector())];

        static void Count(EvidenceCollector evidence, byte[] wire, PacketAddress address)
        {
            evidence.AddName(QueryName.Hash(wire), wire);
            evidence.AddClient(address);
        }

        static string Top(EvidenceCollector evidence)
        {
            var metrics = new List<KeyValuePair<string, string>>();
            evidence.AppendTop(metrics);
            return string.Join('|', metrics.Select(m => $"{m.Key}={m.Value}"));
        }
    }

    private static ulong Spread(ulong key) => unchecked(key * 0x9E3779B97F4A7C15UL);

    private static byte[] Wire(string name)
    {
        var bytes = new List<byte>();
        foreach (var label in name.Split('.'))
        {
            bytes.Add((byte)label.Length);
            bytes.AddRange(Encoding.ASCII.GetBytes(label));
        }

        bytes.Add(0);
        return [.. bytes];
    }
}
