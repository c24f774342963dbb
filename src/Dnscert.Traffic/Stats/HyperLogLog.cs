using System.Numerics;
using System.Runtime.CompilerServices;

namespace Dnscert.Traffic.Stats;

/// <summary>
/// Counts distinct items in fixed memory (Flajolet et al. 2007, with linear counting for small sets as in
/// Heule et al. 2013): 2^precision one-byte registers, relative standard error 1.04 / sqrt(2^precision)
/// (0.81 % at precision 14, 1.63 % at 12). Callers pass a well-mixed 64-bit hash (<see cref="StatsHash"/>).
/// Hand-written: a few lines, and the hot path must not allocate.
/// </summary>
public sealed class HyperLogLog
{
    private readonly byte[] _registers;
    private readonly int _precision;

    public HyperLogLog(int precision)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(precision, 4);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(precision, 18);
        _precision = precision;
        _registers = new byte[1 << precision];
    }

    /// <summary>The relative standard error of <see cref="Estimate"/>.</summary>
    public double StandardError => 1.04 / Math.Sqrt(_registers.Length);

    public int MemoryBytes => _registers.Length;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(ulong hash)
    {
        var index = (int)(hash >> (64 - _precision));
        var rest = (hash << _precision) | (1UL << (_precision - 1));
        var rank = (byte)(BitOperations.LeadingZeroCount(rest) + 1);
        if (rank > _registers[index])
        {
            _registers[index] = rank;
        }
    }

    public void Merge(HyperLogLog other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other._precision != _precision)
        {
            throw new ArgumentException("Precisions differ.", nameof(other));
        }

        for (var i = 0; i < _registers.Length; i++)
        {
            _registers[i] = Math.Max(_registers[i], other._registers[i]);
        }
    }

    public long Estimate()
    {
        var m = (double)_registers.Length;
        double sum = 0;
        var zeros = 0;
        foreach (var register in _registers)
        {
            sum += Math.ScaleB(1.0, -register);
            if (register == 0)
            {
                zeros++;
            }
        }

        var alpha = 0.7213 / (1 + (1.079 / m));
        var estimate = alpha * m * m / sum;
        if (estimate <= 2.5 * m && zeros > 0)
        {
            estimate = m * Math.Log(m / zeros);
        }

        return (long)Math.Round(estimate);
    }
}
