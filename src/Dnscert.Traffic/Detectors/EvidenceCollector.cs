using System.Globalization;

namespace Dnscert.Traffic.Detectors;

/// <summary>
/// The evidence side of a subject in one window: counts per name and per client (bounded: once full, only
/// entries already present are counted, so a random-name attack cannot grow it) and a few sample messages
/// copied as wire bytes. Name text is decoded once per new entry, never per message.
/// </summary>
internal sealed class EvidenceCollector
{
    private const int MaxNames = 256;
    private const int MaxClients = 256;
    private const int MaxSamples = 3;
    private readonly Dictionary<ulong, NameCount> _names = new();
    private readonly Dictionary<PacketAddress, int> _clients = new();
    private readonly List<ReadOnlyMemory<byte>> _samples = new(MaxSamples);

    public void AddName(ulong hash, ReadOnlySpan<byte> wire)
    {
        if (_names.TryGetValue(hash, out var entry))
        {
            entry.Count++;
        }
        else if (_names.Count < MaxNames)
        {
            _names[hash] = new NameCount(QueryName.ToText(wire));
        }
    }

    public void AddClient(PacketAddress client)
    {
        if (_clients.TryGetValue(client, out var count))
        {
            _clients[client] = count + 1;
        }
        else if (_clients.Count < MaxClients)
        {
            _clients[client] = 1;
        }
    }

    public void AddSample(ReadOnlyMemory<byte> message)
    {
        if (_samples.Count < MaxSamples)
        {
            _samples.Add(message.ToArray());
        }
    }

    public int DistinctClients => _clients.Count;

    /// <summary>Appends <c>top_names</c> and <c>top_clients</c> (five each, "value=count" joined by spaces).</summary>
    public void AppendTop(List<KeyValuePair<string, string>> metrics)
    {
        metrics.Add(new("top_names", string.Join(' ', _names.Values
            .OrderByDescending(n => n.Count).ThenBy(n => n.Text, StringComparer.Ordinal).Take(5)
            .Select(n => string.Create(CultureInfo.InvariantCulture, $"{n.Text}={n.Count}")))));
        metrics.Add(new("top_clients", string.Join(' ', _clients
            .OrderByDescending(c => c.Value).ThenBy(c => c.Key.Bits).Take(5)
            .Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Key}={c.Value}")))));
    }

    public IReadOnlyList<ReadOnlyMemory<byte>> Samples() => _samples.ToArray();

    public void Clear()
    {
        _names.Clear();
        _clients.Clear();
        _samples.Clear();
    }

    private sealed class NameCount(string text)
    {
        public string Text { get; } = text;

        public int Count { get; set; } = 1;
    }
}
