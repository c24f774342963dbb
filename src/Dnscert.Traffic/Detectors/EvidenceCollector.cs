using System.Globalization;
using System.Runtime.InteropServices;

namespace Dnscert.Traffic.Detectors;

/// <summary>
/// The evidence side of a subject in one window: counts per name and per client (bounded: once full, only
/// entries already present are counted, so a random-name attack cannot grow it) and a few sample messages
/// copied as wire bytes. Names are kept as wire bytes and turned into text only when an alarm is described,
/// and the tables are created on first use, so the many subjects that never alarm cost little.
/// </summary>
internal sealed class EvidenceCollector
{
    private const int MaxNames = 256;
    private const int MaxClients = 256;
    private const int MaxSamples = 3;
    private Dictionary<ulong, int>? _nameIndex;
    private List<NameCount>? _names;
    private byte[]? _nameBytes;
    private int _nameBytesUsed;
    private Dictionary<PacketAddress, int>? _clients;
    private List<ReadOnlyMemory<byte>>? _samples;

    public void AddName(ulong hash, ReadOnlySpan<byte> wire)
    {
        _nameIndex ??= new Dictionary<ulong, int>();
        _names ??= [];
        ref var index = ref CollectionsMarshal.GetValueRefOrNullRef(_nameIndex, hash);
        if (!System.Runtime.CompilerServices.Unsafe.IsNullRef(ref index))
        {
            CollectionsMarshal.AsSpan(_names)[index].Count++;
        }
        else if (_names.Count < MaxNames)
        {
            if (_nameBytes is null || _nameBytes.Length - _nameBytesUsed < wire.Length)
            {
                Array.Resize(ref _nameBytes, Math.Max(1024, (_nameBytes?.Length ?? 0) * 2 + wire.Length));
            }

            wire.CopyTo(_nameBytes.AsSpan(_nameBytesUsed));
            _nameIndex[hash] = _names.Count;
            _names.Add(new NameCount(_nameBytesUsed, wire.Length));
            _nameBytesUsed += wire.Length;
        }
    }

    public void AddClient(PacketAddress client)
    {
        _clients ??= new Dictionary<PacketAddress, int>();
        ref var count = ref CollectionsMarshal.GetValueRefOrNullRef(_clients, client);
        if (!System.Runtime.CompilerServices.Unsafe.IsNullRef(ref count))
        {
            count++;
        }
        else if (_clients.Count < MaxClients)
        {
            _clients[client] = 1;
        }
    }

    public void AddSample(ReadOnlyMemory<byte> message)
    {
        _samples ??= new(MaxSamples);
        if (_samples.Count < MaxSamples)
        {
            _samples.Add(message.ToArray());
        }
    }

    public int DistinctClients => _clients?.Count ?? 0;

    /// <summary>Appends <c>top_names</c> and <c>top_clients</c> (five each, "value=count" joined by spaces).</summary>
    public void AppendTop(List<KeyValuePair<string, string>> metrics)
    {
        var names = (_names ?? []).Select(n => (Text: QueryName.ToText(_nameBytes.AsSpan(n.At, n.Length)), n.Count));
        metrics.Add(new("top_names", string.Join(' ', names
            .OrderByDescending(n => n.Count).ThenBy(n => n.Text, StringComparer.Ordinal).Take(5)
            .Select(n => string.Create(CultureInfo.InvariantCulture, $"{n.Text}={n.Count}")))));
        metrics.Add(new("top_clients", string.Join(' ', (_clients ?? [])
            .OrderByDescending(c => c.Value).ThenBy(c => c.Key.Bits).ThenBy(c => c.Key.IsIPv6).Take(5)
            .Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Key}={c.Value}")))));
    }

    public IReadOnlyList<ReadOnlyMemory<byte>> Samples() => _samples is null ? [] : _samples.ToArray();

    public void Clear()
    {
        _nameIndex?.Clear();
        _names?.Clear();
        _nameBytesUsed = 0;
        _clients?.Clear();
        _samples?.Clear();
    }

    private struct NameCount(int at, int length)
    {
        public readonly int At = at;
        public readonly int Length = length;
        public int Count = 1;
    }
}
