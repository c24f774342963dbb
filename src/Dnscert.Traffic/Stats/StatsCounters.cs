namespace Dnscert.Traffic.Stats;

/// <summary>
/// The DSC-style counters of one time bucket (or of the whole capture): exact counts by dimension plus
/// HyperLogLog unique clients and qnames. Dictionaries are bounded by their key space (16-bit qtypes, 12-bit
/// rcodes, 16-bit EDNS sizes, 64-byte size bins).
/// </summary>
public sealed class StatsCounters(DateTimeOffset start, int precision)
{
    /// <summary>Response sizes are counted in bins of this many bytes.</summary>
    public const int SizeBin = 64;

    public DateTimeOffset Start { get; } = start;

    public long Messages { get; internal set; }

    public long Queries { get; internal set; }

    public long Responses { get; internal set; }

    /// <summary>Responses with the TC bit.</summary>
    public long Truncated { get; internal set; }

    /// <summary>Messages with an OPT record.</summary>
    public long Edns { get; internal set; }

    /// <summary>Messages whose OPT record has the DO bit.</summary>
    public long DnssecOk { get; internal set; }

    /// <summary>Messages without a question.</summary>
    public long NoQuestion { get; internal set; }

    /// <summary>QTYPEs of queries (as DSC and PacketQ count them; a response repeats its query's type).</summary>
    public Dictionary<int, long> QueryTypes { get; } = [];

    /// <summary>RCODEs of responses (extended RCODE included).</summary>
    public Dictionary<int, long> ResponseCodes { get; } = [];

    public long[] Opcodes { get; } = new long[16];

    public long[] Transports { get; } = new long[Enum.GetValues<TrafficTransport>().Length];

    public Dictionary<int, long> EdnsVersions { get; } = [];

    /// <summary>Advertised UDP payload sizes of queries with EDNS.</summary>
    public Dictionary<int, long> EdnsBufferSizes { get; } = [];

    /// <summary>Response sizes in bins of <see cref="SizeBin"/> bytes, keyed by the bin's lower bound.</summary>
    public Dictionary<int, long> ResponseSizes { get; } = [];

    public HyperLogLog UniqueClients { get; } = new(precision);

    public HyperLogLog UniqueQnames { get; } = new(precision);

    internal static void Increment(Dictionary<int, long> counts, int key)
    {
        System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(counts, key, out _)++;
    }
}
