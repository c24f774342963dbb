namespace Dnscert.Traffic.Detectors;

/// <summary>
/// The evidence (top names, top clients) of one window of a detector whose subjects see nearly every message, kept as
/// a log of the messages instead of counted per subject: almost no subject alarms, so counting every message into every
/// subject's <see cref="EvidenceCollector"/> mostly paid for evidence nobody read. Appending is a sequential write of
/// one entry and the name's wire bytes; when a subject alarms, the log is replayed into its collector, in arrival
/// order, so the collector ends exactly as if it had counted each message as it came.
/// </summary>
/// <remarks>
/// Each entry (32 bytes: no name hash, which a replay recomputes from the logged name) names up to two subjects by their entry index in the detector's subject tables
/// (<see cref="SubjectState.Slot"/>; indices are not reused within a window, as tables forget subjects only when a
/// window closes). The log is bounded (<c>maxEntries</c> messages and <c>maxWireBytes</c> of names per window): when
/// it would grow past that, or when more than <see cref="MaxSingleReplays"/> subjects alarm in one window, the whole log
/// is replayed into every subject's collector at once and the detector counts directly for the rest of the window
/// (<see cref="Direct"/>), which is what it did before the log existed. Samples are not logged: the detector copies the
/// first messages of a subject itself, as its message counter tells which ones they are.
/// </remarks>
internal sealed class EvidenceLog(int maxEntries = EvidenceLog.DefaultMaxEntries, int maxWireBytes = EvidenceLog.DefaultMaxWireBytes)
{
    /// <summary>Messages logged per window before the detector falls back to counting directly (about 6 MB of entries).</summary>
    public const int DefaultMaxEntries = 1 << 17;

    /// <summary>Bytes of question names logged per window before that fallback.</summary>
    public const int DefaultMaxWireBytes = 1 << 22;

    /// <summary>Alarms per window answered by replaying the log for the one subject; past that, everything is replayed once.</summary>
    public const int MaxSingleReplays = 8;

    private Entry[] _entries = new Entry[256];
    private byte[] _wire = new byte[4096];
    private int _count;
    private int _wireUsed;
    private int _replays;

    /// <summary>
    /// True once this window's log was replayed into every subject's collector: the detector then counts evidence into
    /// the collectors directly until the window closes.
    /// </summary>
    public bool Direct { get; private set; }

    /// <summary>Messages logged in this window.</summary>
    public int Count => _count;

    /// <summary>
    /// Logs one message for subjects <paramref name="first"/> and <paramref name="second"/>; false when the caller must
    /// count it into the collectors directly: the window is <see cref="Direct"/>, or the log just filled up (it was then
    /// replayed into every collector, <paramref name="collectorOf"/>, and is direct from now on).
    /// </summary>
    public bool TryLog(int first, int second, in QueryView query, PacketAddress client, Func<bool, int, EvidenceCollector?> collectorOf)
    {
        if (Direct)
        {
            return false;
        }

        if (Append(first, second, query, client))
        {
            return true;
        }

        ReplayAll(collectorOf);
        return false;
    }

    /// <summary>
    /// Logs one message for subjects <paramref name="first"/> and <paramref name="second"/> (entry indices; -1 for
    /// none); false when the log is full, and the caller must then call <see cref="ReplayAll"/> and count directly.
    /// </summary>
    public bool Append(int first, int second, in QueryView query, PacketAddress client)
    {
        var wire = query.Wire;
        if ((_count == _entries.Length || _wire.Length - _wireUsed < wire.Length) && !Grow(wire.Length))
        {
            return false;
        }

        wire.CopyTo(_wire.AsSpan(_wireUsed));
        _entries[_count++] = new Entry
        {
            First = first,
            Second = second,
            WireAt = _wireUsed,
            WireLengthAndFamily = wire.Length | (client.IsIPv6 ? Entry.IPv6 : 0),
            ClientHigh = client.High,
            ClientLow = client.Low,
        };
        _wireUsed += wire.Length;
        return true;
    }

    /// <summary>
    /// Fills <paramref name="evidence"/> for the subject at entry index <paramref name="slot"/> of the subjects
    /// logged <paramref name="second"/> or first, unless <see cref="Direct"/> (then it is already filled). Past
    /// <see cref="MaxSingleReplays"/> calls in a window, fills every subject's collector at once instead
    /// (<paramref name="collectorOf"/> maps a column and entry index to its collector).
    /// </summary>
    public void Replay(int slot, bool second, EvidenceCollector evidence, Func<bool, int, EvidenceCollector?> collectorOf)
    {
        if (Direct || evidence.Replayed)
        {
            return;
        }

        if (_replays >= MaxSingleReplays)
        {
            ReplayAll(collectorOf);
            return;
        }

        _replays++;
        for (var i = 0; i < _count; i++)
        {
            ref readonly var entry = ref _entries[i];
            if ((second ? entry.Second : entry.First) == slot)
            {
                Add(evidence, entry);
            }
        }

        evidence.Replayed = true;
    }

    /// <summary>
    /// Replays the whole log into every subject's collector (skipping those already replayed on their own), empties it,
    /// and switches to <see cref="Direct"/> for the rest of the window.
    /// </summary>
    public void ReplayAll(Func<bool, int, EvidenceCollector?> collectorOf)
    {
        ArgumentNullException.ThrowIfNull(collectorOf);
        for (var i = 0; i < _count; i++)
        {
            ref readonly var entry = ref _entries[i];
            if (entry.First >= 0 && collectorOf(false, entry.First) is { Replayed: false } first)
            {
                Add(first, entry);
            }

            if (entry.Second >= 0 && collectorOf(true, entry.Second) is { Replayed: false } second)
            {
                Add(second, entry);
            }
        }

        _count = 0;
        _wireUsed = 0;
        Direct = true;
    }

    /// <summary>Starts the next window: empty, logging again.</summary>
    public void Clear()
    {
        _count = 0;
        _wireUsed = 0;
        _replays = 0;
        Direct = false;
    }

    private void Add(EvidenceCollector evidence, in Entry entry)
    {
        // The name's hash is not logged (a replay is rare, a log entry is written per message): it is the wire's.
        var wire = _wire.AsSpan(entry.WireAt, entry.WireLengthAndFamily & Entry.LengthMask);
        evidence.AddName(QueryName.Hash(wire), wire);
        evidence.AddClient(new PacketAddress(entry.ClientHigh, entry.ClientLow, (entry.WireLengthAndFamily & Entry.IPv6) != 0));
    }

    private bool Grow(int wireLength)
    {
        if (_count == _entries.Length)
        {
            if (_entries.Length >= maxEntries)
            {
                return false;
            }

            Array.Resize(ref _entries, Math.Min(_entries.Length * 2, maxEntries));
        }

        if (_wire.Length - _wireUsed < wireLength)
        {
            if (_wireUsed + wireLength > maxWireBytes)
            {
                return false;
            }

            Array.Resize(ref _wire, Math.Min(Math.Max(_wire.Length * 2, _wireUsed + wireLength), maxWireBytes));
        }

        return true;
    }

    /// <summary>32 bytes, written once per logged message (it was 48 with the name hash and a padded address).</summary>
    private struct Entry
    {
        /// <summary>Set in <see cref="WireLengthAndFamily"/> for an IPv6 client.</summary>
        public const int IPv6 = 1 << 16;

        /// <summary>The name's length in <see cref="WireLengthAndFamily"/> (at most 255).</summary>
        public const int LengthMask = 0xFFFF;

        /// <summary>Entry index of the first subject in its table, or -1.</summary>
        public int First;

        /// <summary>Entry index of the second subject (another table), or -1.</summary>
        public int Second;

        public int WireAt;

        /// <summary>The name's length, and <see cref="IPv6"/> when the client is an IPv6 address.</summary>
        public int WireLengthAndFamily;

        public ulong ClientHigh;
        public ulong ClientLow;
    }
}
