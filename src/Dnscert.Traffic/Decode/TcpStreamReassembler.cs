using System.Buffers.Binary;
using System.Buffers;
using System.Runtime.CompilerServices;
using Dnscert.Traffic.Readers;

namespace Dnscert.Traffic.Decode;

/// <summary>
/// Cuts DNS messages out of TCP streams by their 2-byte length prefix (RFC 1035 section 4.2.2, RFC 7766).
/// Per direction: in-order data is framed at once without copying when a segment holds whole messages;
/// segments ahead of the expected sequence number wait in a bounded buffer; when that buffer is full, the flow
/// times out or closes with a hole, the hole is counted as a gap and framing resumes at the next buffered segment
/// (assuming a message starts there, as a DNS client sending one message per segment makes true).
/// Bounded: flows, out-of-order segments and bytes per flow, one partial message per flow.
/// </summary>
internal sealed class TcpStreamReassembler(TrafficReaderOptions options, MalformedCounts malformed, TcpMessageSink sink)
{
    private const byte Fin = 0x01;
    private const byte Syn = 0x02;
    private const byte Rst = 0x04;
    private readonly Dictionary<TcpFlowKey, Flow> _flows = [];
    private readonly List<TcpFlowKey> _expired = [];
    private long _lastSweepTicks;

    public int Flows => _flows.Count;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Segment(in TcpFlowKey key, uint sequence, byte flags, ReadOnlyMemory<byte> payload, long ticks)
    {
        Sweep(ticks);
        if ((flags & Rst) != 0)
        {
            Close(key);
            return;
        }

        _flows.TryGetValue(key, out var flow);
        if ((flags & Syn) != 0)
        {
            if (flow is not null)
            {
                Close(key);
            }

            if (!TryCreate(key, sequence + 1, ticks, out flow))
            {
                return;
            }

            sequence++;
        }
        else if (flow is null)
        {
            if (payload.IsEmpty)
            {
                return;
            }

            // Joined mid-stream (no SYN seen): take this segment as the start.
            if (!TryCreate(key, sequence, ticks, out flow))
            {
                return;
            }
        }

        flow.LastTicks = ticks;
        if (!payload.IsEmpty)
        {
            Accept(key, flow, sequence, payload, ticks);
        }

        if ((flags & Fin) != 0)
        {
            Close(key);
        }
    }

    /// <summary>Ends every flow (end of capture): holes become gaps and partial messages are counted.</summary>
    public void Finish()
    {
        foreach (var key in _flows.Keys.ToList())
        {
            Close(key);
        }
    }

    private bool TryCreate(in TcpFlowKey key, uint next, long ticks, out Flow flow)
    {
        if (_flows.Count >= options.MaxTcpFlows)
        {
            malformed.Add(MalformedReason.TcpFlowLimit);
            flow = null!;
            return false;
        }

        flow = new Flow { Next = next, LastTicks = ticks };
        _flows.Add(key, flow);
        return true;
    }

    private void Accept(in TcpFlowKey key, Flow flow, uint sequence, ReadOnlyMemory<byte> payload, long ticks)
    {
        var ahead = (int)(sequence - flow.Next);
        if (ahead < 0)
        {
            // Retransmission, possibly with some new bytes at the end (int.MinValue: half the sequence space away, old).
            if (ahead == int.MinValue || -ahead >= payload.Length)
            {
                return;
            }

            payload = payload[-ahead..];
            ahead = 0;
        }

        if (ahead > 0)
        {
            if (flow.Waiting.Count < options.MaxOutOfOrderSegments && flow.WaitingBytes + payload.Length <= options.MaxOutOfOrderBytes)
            {
                var copy = ArrayPool<byte>.Shared.Rent(payload.Length);
                payload.Span.CopyTo(copy);
                flow.Waiting.Add(new Waiting(sequence, copy, payload.Length));
                flow.WaitingBytes += payload.Length;
                return;
            }

            // No room to wait for the missing bytes: give them up and go on from the earliest data we have.
            SkipGap(flow, sequence);
            DrainWaiting(key, flow, ticks);
            Accept(key, flow, sequence, payload, ticks);
            return;
        }

        Deliver(key, flow, payload, ticks);
        DrainWaiting(key, flow, ticks);
    }

    private void DrainWaiting(in TcpFlowKey key, Flow flow, long ticks)
    {
        var progressed = true;
        while (progressed && flow.Waiting.Count > 0)
        {
            progressed = false;
            for (var i = 0; i < flow.Waiting.Count; i++)
            {
                var waiting = flow.Waiting[i];
                var ahead = (int)(waiting.Sequence - flow.Next);
                if (ahead > 0)
                {
                    continue;
                }

                flow.Waiting.RemoveAt(i);
                flow.WaitingBytes -= waiting.Length;
                if (ahead != int.MinValue && -ahead < waiting.Length)
                {
                    Deliver(key, flow, waiting.Buffer.AsMemory(-ahead, waiting.Length + ahead), ticks);
                }

                ArrayPool<byte>.Shared.Return(waiting.Buffer);
                progressed = true;
                break;
            }
        }
    }

    private void SkipGap(Flow flow, uint candidate)
    {
        malformed.Add(MalformedReason.TcpGap);
        if (flow.PendingLength > 0)
        {
            malformed.Add(MalformedReason.TcpTruncatedMessage);
        }

        flow.PendingLength = 0;
        {
            var earliest = candidate;
            foreach (var waiting in flow.Waiting)
            {
                if ((int)(waiting.Sequence - earliest) < 0)
                {
                    earliest = waiting.Sequence;
                }
            }

            flow.Next = earliest;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Deliver(in TcpFlowKey key, Flow flow, ReadOnlyMemory<byte> data, long ticks)
    {
        flow.Next += (uint)data.Length;
        while (!data.IsEmpty)
        {
            if (flow.PendingLength == 0)
            {
                // Fast path: whole messages straight from the segment, no copy.
                var span = data.Span;
                if (span.Length >= 2)
                {
                    var length = BinaryPrimitives.ReadUInt16BigEndian(span);
                    if (span.Length >= 2 + length)
                    {
                        Emit(key, ticks, data.Slice(2, length));
                        data = data[(2 + length)..];
                        continue;
                    }
                }
            }

            flow.Pending ??= ArrayPool<byte>.Shared.Rent(2 + ushort.MaxValue);
            var need = flow.PendingLength < 2 ? 2 - flow.PendingLength : 2 + BinaryPrimitives.ReadUInt16BigEndian(flow.Pending) - flow.PendingLength;
            var take = Math.Min(need, data.Length);
            data.Span[..take].CopyTo(flow.Pending.AsSpan(flow.PendingLength));
            flow.PendingLength += take;
            data = data[take..];
            if (flow.PendingLength >= 2)
            {
                var length = BinaryPrimitives.ReadUInt16BigEndian(flow.Pending);
                if (flow.PendingLength == 2 + length)
                {
                    Emit(key, ticks, flow.Pending.AsMemory(2, length));
                    flow.PendingLength = 0;
                }
            }
        }
    }

    private void Emit(in TcpFlowKey key, long ticks, ReadOnlyMemory<byte> message)
    {
        if (message.IsEmpty)
        {
            malformed.Add(MalformedReason.DnsMessageInvalid);
            return;
        }

        sink(key, ticks, message);
    }

    private void Close(in TcpFlowKey key)
    {
        if (!_flows.Remove(key, out var flow))
        {
            return;
        }

        while (flow.Waiting.Count > 0)
        {
            SkipGap(flow, flow.Waiting[0].Sequence);
            DrainWaiting(key, flow, flow.LastTicks);
        }

        if (flow.PendingLength > 0)
        {
            malformed.Add(MalformedReason.TcpTruncatedMessage);
        }

        if (flow.Pending is not null)
        {
            ArrayPool<byte>.Shared.Return(flow.Pending);
        }
    }

    private void Sweep(long ticks)
    {
        if (ticks - _lastSweepTicks < TimeSpan.TicksPerSecond && ticks >= _lastSweepTicks)
        {
            return;
        }

        _lastSweepTicks = ticks;
        foreach (var (key, flow) in _flows)
        {
            if (ticks - flow.LastTicks > options.TcpFlowTimeout.Ticks)
            {
                _expired.Add(key);
            }
        }

        foreach (var key in _expired)
        {
            Close(key);
        }

        _expired.Clear();
    }

    private readonly record struct Waiting(uint Sequence, byte[] Buffer, int Length);

    private sealed class Flow
    {
        public uint Next { get; set; }

        public long LastTicks { get; set; }

        public byte[]? Pending { get; set; }

        public int PendingLength { get; set; }

        public List<Waiting> Waiting { get; } = [];

        public int WaitingBytes { get; set; }
    }
}
