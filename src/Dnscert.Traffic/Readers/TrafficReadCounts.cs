namespace Dnscert.Traffic.Readers;

/// <summary>What a read saw, beyond the DNS messages themselves: the denominators a user needs to judge coverage.</summary>
public sealed class TrafficReadCounts
{
    public long Files { get; internal set; }

    public long Frames { get; internal set; }

    public long Bytes { get; internal set; }

    /// <summary>Frames that carry something other than IP (ARP, LLDP, 802.3 frames), skipped.</summary>
    public long NonIp { get; internal set; }

    /// <summary>IP packets with neither UDP nor TCP (ICMP, for example), skipped.</summary>
    public long OtherProtocols { get; internal set; }

    /// <summary>UDP or TCP packets on none of the configured DNS ports, skipped.</summary>
    public long OtherPorts { get; internal set; }

    /// <summary>IP fragments seen (each counted once, whether or not its datagram completed).</summary>
    public long Fragments { get; internal set; }

    /// <summary>Datagrams rebuilt from fragments.</summary>
    public long Reassembled { get; internal set; }

    /// <summary>DNS messages parsed and handed on.</summary>
    public long Messages { get; internal set; }

    public MalformedCounts Malformed { get; } = new();

    /// <summary>At most this many notes are kept; a hostile set of files cannot grow the list.</summary>
    public const int MaxNotes = 100;

    private readonly List<string> _notes = [];

    /// <summary>Problems worth one sentence each, naming the file and byte offset (a dnstap file cut short), in the order found.</summary>
    public IReadOnlyList<string> Notes => _notes;

    internal void AddNote(string note)
    {
        if (_notes.Count < MaxNotes)
        {
            _notes.Add(note);
        }
    }
}
