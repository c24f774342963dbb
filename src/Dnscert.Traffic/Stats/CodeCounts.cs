using System.Runtime.CompilerServices;

namespace Dnscert.Traffic.Stats;

/// <summary>
/// Counts per small integer code (QTYPE, RCODE, EDNS version, size bin) without a dictionary lookup per message: codes
/// below the direct limit index a flat array (the codes real traffic carries); others go to a 16-entry open-addressing
/// table (EDNS buffer sizes: a handful of distinct values), and only past that to a dictionary made on first use. <see cref="ToDictionary"/> gives the counts as the report writers read them.
/// </summary>
internal sealed class CodeCounts(int directLimit)
{
    private const int TableSize = 16;
    private readonly long[] _direct = new long[directLimit];
    private readonly int[] _tableCodes = new int[TableSize];
    private readonly long[] _tableCounts = new long[TableSize];
    private Dictionary<int, long>? _other;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Increment(int code)
    {
        if ((uint)code < (uint)_direct.Length)
        {
            _direct[code]++;
        }
        else
        {
            IncrementOther(code);
        }
    }

    /// <summary>The non-zero counts keyed by code times <paramref name="scale"/> (size bins are reported by their lower bound).</summary>
    public Dictionary<int, long> ToDictionary(int scale = 1)
    {
        var counts = new Dictionary<int, long>();
        for (var code = 0; code < _direct.Length; code++)
        {
            if (_direct[code] != 0)
            {
                counts.Add(code * scale, _direct[code]);
            }
        }

        for (var i = 0; i < TableSize; i++)
        {
            if (_tableCounts[i] != 0)
            {
                counts.Add((_tableCodes[i] - 1) * scale, _tableCounts[i]);
            }
        }

        if (_other is not null)
        {
            foreach (var (code, count) in _other)
            {
                counts.Add(code * scale, count);
            }
        }

        return counts;
    }

    /// <summary>Adds every count of <paramref name="other"/> (same direct limit) to these: the counts of both together.</summary>
    public void Add(CodeCounts other)
    {
        var direct = other._direct;
        for (var code = 0; code < direct.Length; code++)
        {
            _direct[code] += direct[code];
        }

        for (var i = 0; i < TableSize; i++)
        {
            if (other._tableCounts[i] != 0)
            {
                AddOther(other._tableCodes[i] - 1, other._tableCounts[i]);
            }
        }

        if (other._other is not null)
        {
            foreach (var (code, count) in other._other)
            {
                AddOther(code, count);
            }
        }
    }

    private void IncrementOther(int code) => AddOther(code, 1);

    private void AddOther(int code, long count)
    {
        // Codes are stored plus one so that 0 marks a free entry; linear probing, no removal.
        var stored = code + 1;
        var at = (int)(((uint)stored * 2654435769u) >> 28);
        for (var probe = 0; probe < TableSize; probe++)
        {
            var held = _tableCodes[at];
            if (held == stored)
            {
                _tableCounts[at] += count;
                return;
            }

            if (held == 0)
            {
                _tableCodes[at] = stored;
                _tableCounts[at] = count;
                return;
            }

            at = (at + 1) & (TableSize - 1);
        }

        _other ??= [];
        System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_other, code, out _) += count;
    }
}
