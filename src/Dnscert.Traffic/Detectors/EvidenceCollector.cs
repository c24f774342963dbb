using System.Globalization;
using System.Runtime.CompilerServices;

namespace Dnscert.Traffic.Detectors;

/// <summary>
/// The evidence side of a subject in one window: counts per name and per client (bounded: once full, only
/// entries already present are counted, so a random-name attack cannot grow it) and a few sample messages
/// copied as wire bytes. Names are kept as wire bytes and turned into text only when an alarm is described.
/// </summary>
/// <remarks>
/// The busiest subjects count evidence on every message, so both counts are flat open-addressing arrays (at most
/// half full, growing from 16 slots to twice their bound) rather than dictionaries: one mixed hash and usually one
/// probe per message. They are created on first use, so the many subjects that never alarm cost little. Which
/// names and clients are counted (the first <c>256</c> distinct ones of the window) and the reported top lists do
/// not depend on the layout: ties are broken by text and address.
/// </remarks>
internal sealed class EvidenceCollector
{
    private const int MaxNames = 256;
    private const int MaxClients = 256;
    private const int MaxSamples = 3;
    private const int FirstCapacity = 16;
    private NameSlot[]? _names;
    private int _nameCount;
    private byte[]? _nameBytes;
    private int _nameBytesUsed;
    private ClientSlot[]? _clients;
    private int _clientCount;
    private List<ReadOnlyMemory<byte>>? _samples;

    public void AddName(ulong hash, ReadOnlySpan<byte> wire) => AddName(hash, KeyMix.Mix(hash), wire);

    /// <summary>Counts the name of <paramref name="query"/> (whose mixed key the pipeline computed once).</summary>
    public void AddName(in QueryView query) => AddName(query.Hash, query.NameKey, query.Wire);

    public void AddName(ulong hash, ulong mixed, ReadOnlySpan<byte> wire)
    {
        var slots = _names ??= new NameSlot[FirstCapacity];
        var mask = slots.Length - 1;
        var i = (int)mixed & mask;
        while (true)
        {
            ref var slot = ref slots[i];
            if (slot.Length == 0)
            {
                break;
            }

            if (slot.Hash == hash)
            {
                slot.Count++;
                return;
            }

            i = (i + 1) & mask;
        }

        if (_nameCount >= MaxNames)
        {
            return;
        }

        if (_nameBytes is null || _nameBytes.Length - _nameBytesUsed < wire.Length)
        {
            Array.Resize(ref _nameBytes, Math.Max(1024, (_nameBytes?.Length ?? 0) * 2 + wire.Length));
        }

        wire.CopyTo(_nameBytes.AsSpan(_nameBytesUsed));
        slots[i] = new NameSlot { Hash = hash, Count = 1, At = _nameBytesUsed, Length = wire.Length + 1 };
        _nameBytesUsed += wire.Length;
        if (++_nameCount * 2 > slots.Length)
        {
            _names = GrowNames(slots);
        }
    }

    public void AddClient(PacketAddress client) => AddClient(client, KeyMix.Of(client));

    /// <summary>Counts <paramref name="client"/>, whose <see cref="KeyMix.Of"/> is <paramref name="mixed"/>.</summary>
    public void AddClient(PacketAddress client, ulong mixed)
    {
        var slots = _clients ??= new ClientSlot[FirstCapacity];
        var mask = slots.Length - 1;
        var i = (int)mixed & mask;
        while (true)
        {
            ref var slot = ref slots[i];
            if (slot.Count == 0)
            {
                break;
            }

            if (slot.Bits == client.Bits && slot.IsIPv6 == client.IsIPv6)
            {
                slot.Count++;
                return;
            }

            i = (i + 1) & mask;
        }

        if (_clientCount >= MaxClients)
        {
            return;
        }

        slots[i] = new ClientSlot { Bits = client.Bits, IsIPv6 = client.IsIPv6, Count = 1 };
        if (++_clientCount * 2 > slots.Length)
        {
            _clients = GrowClients(slots);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AddSample(ReadOnlyMemory<byte> message)
    {
        if (_samples is null || _samples.Count < MaxSamples)
        {
            AddSampleCore(message);
        }
    }

    public int DistinctClients => _clientCount;

    /// <summary>Appends <c>top_names</c> and <c>top_clients</c> (five each, "value=count" joined by spaces).</summary>
    public void AppendTop(List<KeyValuePair<string, string>> metrics)
    {
        var names = (_names ?? []).Where(n => n.Length != 0)
            .Select(n => (Text: QueryName.ToText(_nameBytes.AsSpan(n.At, n.Length - 1)), n.Count));
        metrics.Add(new("top_names", string.Join(' ', names
            .OrderByDescending(n => n.Count).ThenBy(n => n.Text, StringComparer.Ordinal).Take(5)
            .Select(n => string.Create(CultureInfo.InvariantCulture, $"{n.Text}={n.Count}")))));
        metrics.Add(new("top_clients", string.Join(' ', (_clients ?? []).Where(c => c.Count != 0)
            .OrderByDescending(c => c.Count).ThenBy(c => c.Bits).ThenBy(c => c.IsIPv6).Take(5)
            .Select(c => string.Create(CultureInfo.InvariantCulture, $"{new PacketAddress(c.Bits, c.IsIPv6)}={c.Count}")))));
    }

    public IReadOnlyList<ReadOnlyMemory<byte>> Samples() => _samples is null ? [] : _samples.ToArray();

    public void Clear()
    {
        if (_nameCount > 0)
        {
            Array.Clear(_names!);
            _nameCount = 0;
        }

        _nameBytesUsed = 0;
        if (_clientCount > 0)
        {
            Array.Clear(_clients!);
            _clientCount = 0;
        }

        _samples?.Clear();
    }

    private void AddSampleCore(ReadOnlyMemory<byte> message)
    {
        _samples ??= new(MaxSamples);
        _samples.Add(message.ToArray());
    }

    private static NameSlot[] GrowNames(NameSlot[] old)
    {
        var slots = new NameSlot[old.Length * 2];
        var mask = slots.Length - 1;
        foreach (var slot in old)
        {
            if (slot.Length != 0)
            {
                var i = (int)KeyMix.Mix(slot.Hash) & mask;
                while (slots[i].Length != 0)
                {
                    i = (i + 1) & mask;
                }

                slots[i] = slot;
            }
        }

        return slots;
    }

    private static ClientSlot[] GrowClients(ClientSlot[] old)
    {
        var slots = new ClientSlot[old.Length * 2];
        var mask = slots.Length - 1;
        foreach (var slot in old)
        {
            if (slot.Count != 0)
            {
                var i = (int)KeyMix.Of(new PacketAddress(slot.Bits, slot.IsIPv6)) & mask;
                while (slots[i].Count != 0)
                {
                    i = (i + 1) & mask;
                }

                slots[i] = slot;
            }
        }

        return slots;
    }

    private struct NameSlot
    {
        public ulong Hash;
        public int Count;
        public int At;

        /// <summary>Wire length plus one; 0 marks an empty slot (a name can be empty when the message has no question).</summary>
        public int Length;
    }

    private struct ClientSlot
    {
        public UInt128 Bits;

        /// <summary>Messages counted; 0 marks an empty slot.</summary>
        public int Count;
        public bool IsIPv6;
    }
}
