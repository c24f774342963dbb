using System.Globalization;
using System.Runtime.CompilerServices;

namespace Dnscert.Traffic.Detectors;

/// <summary>
/// The evidence side of a subject in one window: counts per name and per client (bounded: once full, only
/// entries already present are counted, so a random-name attack cannot grow it) and a few sample messages
/// copied as wire bytes. Names are kept as wire bytes and turned into text only when an alarm is described.
/// </summary>
/// <remarks>
/// The busiest subjects count evidence on every message, so both counts are flat open-addressing arrays of 16-byte
/// slots (at most half full, growing from 16 slots to twice their bound) rather than dictionaries, keyed by the mixed
/// keys the pipeline computed once per message. Once a count is full, most messages bring a name or client it does
/// not hold; a 4,096-bit filter of the held keys answers those from one cache line without probing. Everything is
/// created on first use, so the many subjects that never alarm cost little. Which names and clients are counted
/// (the first 256 distinct ones of the window) and the reported top lists do not depend on the layout: ties are
/// broken by text and address. Clients are told apart by their mixed key: one-to-one for IPv4 addresses, for IPv6
/// two addresses share one with probability 2^-64.
/// </remarks>
internal sealed class EvidenceCollector
{
    private const int MaxNames = 256;
    private const int MaxClients = 256;
    private const int MaxSamples = 3;
    private const int FirstCapacity = 16;
    private const int FilterWords = 64;
    private Slot[]? _names;
    private (int At, int Length)[]? _nameWire;
    private int _nameCount;
    private byte[]? _nameBytes;
    private int _nameBytesUsed;
    private Slot[]? _clients;
    private PacketAddress[]? _clientAddresses;
    private int _clientCount;
    private ulong[]? _filter;
    private List<ReadOnlyMemory<byte>>? _samples;

    public void AddName(ulong hash, ReadOnlySpan<byte> wire) => AddName(hash, KeyMix.Mix(hash), wire);

    /// <summary>Counts the name of <paramref name="query"/> (whose mixed key the pipeline computed once).</summary>
    public void AddName(in QueryView query) => AddName(query.Hash, query.NameKey, query.Wire);

    /// <summary>Counts a name by its hash, whose <see cref="KeyMix.Mix"/> is <paramref name="mixed"/>.</summary>
    public void AddName(ulong hash, ulong mixed, ReadOnlySpan<byte> wire)
    {
        if (_nameCount >= MaxNames && !MayHold(mixed, 0))
        {
            return;
        }

        var slots = _names ??= new Slot[FirstCapacity];
        var i = CountOrFindFree(slots, hash, mixed);
        if (i < 0)
        {
            return;
        }

        if (_nameCount >= MaxNames)
        {
            return;
        }

        if (_nameBytes is null || _nameBytes.Length - _nameBytesUsed < wire.Length)
        {
            Array.Resize(ref _nameBytes, Math.Max(1024, (_nameBytes?.Length ?? 0) * 2 + wire.Length));
        }

        _nameWire ??= new (int, int)[MaxNames];
        wire.CopyTo(_nameBytes.AsSpan(_nameBytesUsed));
        _nameWire[_nameCount] = (_nameBytesUsed, wire.Length);
        _nameBytesUsed += wire.Length;
        slots[i] = new Slot { Key = hash, Count = 1, Ordinal = _nameCount };
        Remember(mixed, 0);
        if (++_nameCount * 2 > slots.Length)
        {
            _names = Grow(slots, static key => KeyMix.Mix(key));
        }
    }

    /// <summary>
    /// Adds one to the slot holding <paramref name="key"/> and returns -1, or returns the free slot where it belongs
    /// (linear probing from <paramref name="mixed"/>; the tables are kept at most half full, so a free slot exists).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int CountOrFindFree(Slot[] slots, ulong key, ulong mixed)
    {
        var mask = slots.Length - 1;
        var i = (int)mixed & mask;
        while (true)
        {
            ref var slot = ref slots[i];
            if (slot.Count == 0)
            {
                return i;
            }

            if (slot.Key == key)
            {
                slot.Count++;
                return -1;
            }

            i = (i + 1) & mask;
        }
    }

    public void AddClient(PacketAddress client) => AddClient(client, KeyMix.Of(client));

    /// <summary>Counts <paramref name="client"/>, whose <see cref="KeyMix.Of"/> is <paramref name="mixed"/>.</summary>
    public void AddClient(PacketAddress client, ulong mixed)
    {
        if (_clientCount >= MaxClients && !MayHold(mixed, FilterWords))
        {
            return;
        }

        var slots = _clients ??= new Slot[FirstCapacity];
        var i = CountOrFindFree(slots, mixed, mixed);
        if (i < 0)
        {
            return;
        }

        if (_clientCount >= MaxClients)
        {
            return;
        }

        _clientAddresses ??= new PacketAddress[MaxClients];
        _clientAddresses[_clientCount] = client;
        slots[i] = new Slot { Key = mixed, Count = 1, Ordinal = _clientCount };
        Remember(mixed, FilterWords);
        if (++_clientCount * 2 > slots.Length)
        {
            _clients = Grow(slots, static key => key);
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

    /// <summary>True once an <see cref="EvidenceLog"/> replayed this window's messages into it (reset by <see cref="Clear"/>).</summary>
    public bool Replayed { get; set; }

    /// <summary>Appends <c>top_names</c> and <c>top_clients</c> (five each, "value=count" joined by spaces).</summary>
    public void AppendTop(List<KeyValuePair<string, string>> metrics)
    {
        var names = (_names ?? []).Where(n => n.Count != 0)
            .Select(n => (Text: QueryName.ToText(_nameBytes.AsSpan(_nameWire![n.Ordinal].At, _nameWire[n.Ordinal].Length)), n.Count));
        metrics.Add(new("top_names", string.Join(' ', names
            .OrderByDescending(n => n.Count).ThenBy(n => n.Text, StringComparer.Ordinal).Take(5)
            .Select(n => string.Create(CultureInfo.InvariantCulture, $"{n.Text}={n.Count}")))));
        var clients = (_clients ?? []).Where(c => c.Count != 0).Select(c => (Address: _clientAddresses![c.Ordinal], c.Count));
        metrics.Add(new("top_clients", string.Join(' ', clients
            .OrderByDescending(c => c.Count).ThenBy(c => c.Address.Bits).ThenBy(c => c.Address.IsIPv6).Take(5)
            .Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Address}={c.Count}")))));
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

        if (_filter is not null)
        {
            Array.Clear(_filter);
        }

        _samples?.Clear();
        Replayed = false;
    }

    /// <summary>False when the count starting at word <paramref name="offset"/> of the filter surely lacks <paramref name="mixed"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool MayHold(ulong mixed, int offset) =>
        _filter is { } filter && (filter[offset + (int)(mixed >> 58)] & (1UL << (int)(mixed >> 52))) != 0;

    private void Remember(ulong mixed, int offset)
    {
        _filter ??= new ulong[2 * FilterWords];
        _filter[offset + (int)(mixed >> 58)] |= 1UL << (int)(mixed >> 52);
    }

    private void AddSampleCore(ReadOnlyMemory<byte> message)
    {
        _samples ??= new(MaxSamples);
        _samples.Add(message.ToArray());
    }

    private static Slot[] Grow(Slot[] old, Func<ulong, ulong> mix)
    {
        var slots = new Slot[old.Length * 2];
        var mask = slots.Length - 1;
        foreach (var slot in old)
        {
            if (slot.Count != 0)
            {
                var i = (int)mix(slot.Key) & mask;
                while (slots[i].Count != 0)
                {
                    i = (i + 1) & mask;
                }

                slots[i] = slot;
            }
        }

        return slots;
    }

    private struct Slot
    {
        /// <summary>The name's hash, or the client's mixed key.</summary>
        public ulong Key;

        /// <summary>Messages counted; 0 marks an empty slot.</summary>
        public int Count;

        /// <summary>Order of arrival: where the name's wire bytes or the client's address are.</summary>
        public int Ordinal;
    }
}
