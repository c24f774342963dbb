using System.Buffers;
using Dnscert.Traffic.Readers;

namespace Dnscert.Traffic.Decode;

/// <summary>
/// Reassembles fragmented IPv4 and IPv6 datagrams. Bounded: at most <c>maxDatagrams</c> in flight, each at most
/// 65535 bytes, dropped after <c>timeout</c> of capture time. Overlapping fragments drop the datagram and are
/// counted (RFC 5722 for IPv6; for IPv4 it is how fragment-overlap evasion is defeated); exact duplicates are ignored.
/// </summary>
internal sealed class IpFragmentReassembler(int maxDatagrams, TimeSpan timeout, MalformedCounts malformed)
{
    private const int MaxDatagram = 65535;
    private const int MaxFragmentsPerDatagram = 64;
    private readonly Dictionary<FragmentKey, Datagram> _inFlight = [];
    private readonly List<FragmentKey> _expired = [];
    private byte[]? _lastCompleted;
    private long _lastSweepTicks;

    public int InFlight => _inFlight.Count;

    /// <summary>
    /// Adds one fragment whose data starts at byte <paramref name="offset"/> of the datagram's payload. Returns
    /// true with the whole payload when this fragment completes the datagram; the memory stays valid until the next call.
    /// </summary>
    public bool Add(in FragmentKey key, int offset, bool moreFragments, ReadOnlySpan<byte> data, long ticks, out ReadOnlyMemory<byte> payload)
    {
        payload = default;
        if (_lastCompleted is not null)
        {
            ArrayPool<byte>.Shared.Return(_lastCompleted);
            _lastCompleted = null;
        }

        Sweep(ticks);
        var end = offset + data.Length;
        if (end > MaxDatagram || (moreFragments && data.Length % 8 != 0))
        {
            malformed.Add(MalformedReason.FragmentInvalid);
            Drop(key);
            return false;
        }

        if (!_inFlight.TryGetValue(key, out var datagram))
        {
            if (_inFlight.Count >= maxDatagrams)
            {
                malformed.Add(MalformedReason.FragmentLimit);
                return false;
            }

            datagram = new Datagram(ArrayPool<byte>.Shared.Rent(MaxDatagram), ticks);
            _inFlight.Add(key, datagram);
        }

        foreach (var (start, stop) in datagram.Ranges)
        {
            if (start == offset && stop == end)
            {
                return false;
            }

            if (offset < stop && start < end)
            {
                malformed.Add(MalformedReason.FragmentOverlap);
                Drop(key);
                return false;
            }
        }

        if ((!moreFragments && datagram.TotalLength >= 0 && datagram.TotalLength != end)
            || (datagram.TotalLength >= 0 && end > datagram.TotalLength)
            || (!moreFragments && datagram.MaxEnd > end)
            || datagram.Ranges.Count >= MaxFragmentsPerDatagram)
        {
            malformed.Add(MalformedReason.FragmentInvalid);
            Drop(key);
            return false;
        }

        if (!moreFragments)
        {
            datagram.TotalLength = end;
        }

        data.CopyTo(datagram.Buffer.AsSpan(offset));
        datagram.Ranges.Add((offset, end));
        datagram.Covered += data.Length;
        datagram.MaxEnd = Math.Max(datagram.MaxEnd, end);
        if (datagram.TotalLength >= 0 && datagram.Covered == datagram.TotalLength)
        {
            _inFlight.Remove(key);
            _lastCompleted = datagram.Buffer;
            payload = datagram.Buffer.AsMemory(0, datagram.TotalLength);
            return true;
        }

        return false;
    }

    /// <summary>Counts every datagram still incomplete (end of capture) as timed out.</summary>
    public void Finish()
    {
        foreach (var datagram in _inFlight.Values)
        {
            malformed.Add(MalformedReason.FragmentTimeout);
            ArrayPool<byte>.Shared.Return(datagram.Buffer);
        }

        _inFlight.Clear();
    }

    private void Sweep(long ticks)
    {
        if (ticks - _lastSweepTicks < TimeSpan.TicksPerSecond && ticks >= _lastSweepTicks)
        {
            return;
        }

        _lastSweepTicks = ticks;
        foreach (var (key, datagram) in _inFlight)
        {
            if (ticks - datagram.FirstTicks > timeout.Ticks)
            {
                _expired.Add(key);
            }
        }

        foreach (var key in _expired)
        {
            malformed.Add(MalformedReason.FragmentTimeout);
            Drop(key);
        }

        _expired.Clear();
    }

    private void Drop(in FragmentKey key)
    {
        if (_inFlight.Remove(key, out var datagram))
        {
            ArrayPool<byte>.Shared.Return(datagram.Buffer);
        }
    }

    private sealed class Datagram(byte[] buffer, long firstTicks)
    {
        public byte[] Buffer { get; } = buffer;

        public long FirstTicks { get; } = firstTicks;

        public List<(int Start, int End)> Ranges { get; } = [];

        public int TotalLength { get; set; } = -1;

        public int Covered { get; set; }

        public int MaxEnd { get; set; }
    }
}
