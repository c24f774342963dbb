namespace Dnscert.Traffic.Stats;

/// <summary>
/// The DSC-style counters of one time bucket (or of the whole capture): exact counts by dimension plus
/// HyperLogLog unique clients and qnames. Codes are counted in flat arrays indexed by the code (QTYPE below 256,
/// RCODE below 32, EDNS version below 8, response size bins below 4,096 bytes) with a small table
/// and a dictionary for the others (EDNS buffer sizes go to the small table), so counting a message does no dictionary lookup; the dictionary properties
/// are built when read.
/// </summary>
public sealed class StatsCounters
{
    public StatsCounters(DateTimeOffset start, int precision)
        : this(start, new HyperLogLog(precision), new HyperLogLog(precision))
    {
    }

    /// <summary>Counters whose unique counts are <paramref name="uniqueClients"/> and <paramref name="uniqueQnames"/> (shared, not copied).</summary>
    internal StatsCounters(DateTimeOffset start, HyperLogLog uniqueClients, HyperLogLog uniqueQnames)
    {
        Start = start;
        UniqueClients = uniqueClients;
        UniqueQnames = uniqueQnames;
    }

    /// <summary>Response sizes are counted in bins of this many bytes.</summary>
    public const int SizeBin = 64;

    public DateTimeOffset Start { get; }

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

    /// <summary>QTYPEs of queries (as DSC and PacketQ count them; a response repeats its query's type). A new dictionary on each read.</summary>
    public Dictionary<int, long> QueryTypes => QueryTypeCounts.ToDictionary();

    /// <summary>RCODEs of responses (extended RCODE included). A new dictionary on each read.</summary>
    public Dictionary<int, long> ResponseCodes => ResponseCodeCounts.ToDictionary();

    public long[] Opcodes { get; } = new long[16];

    public long[] Transports { get; } = new long[Enum.GetValues<TrafficTransport>().Length];

    /// <summary>EDNS versions. A new dictionary on each read.</summary>
    public Dictionary<int, long> EdnsVersions => EdnsVersionCounts.ToDictionary();

    /// <summary>Advertised UDP payload sizes of queries with EDNS. A new dictionary on each read.</summary>
    public Dictionary<int, long> EdnsBufferSizes => EdnsBufferSizeCounts.ToDictionary();

    /// <summary>Response sizes in bins of <see cref="SizeBin"/> bytes, keyed by the bin's lower bound. A new dictionary on each read.</summary>
    public Dictionary<int, long> ResponseSizes => ResponseSizeBins.ToDictionary(SizeBin);

    public HyperLogLog UniqueClients { get; }

    public HyperLogLog UniqueQnames { get; }

    internal CodeCounts QueryTypeCounts { get; } = new(256);

    internal CodeCounts ResponseCodeCounts { get; } = new(32);

    internal CodeCounts EdnsVersionCounts { get; } = new(8);

    internal CodeCounts EdnsBufferSizeCounts { get; } = new(0);

    /// <summary>Counted by bin index (size / <see cref="SizeBin"/>).</summary>
    internal CodeCounts ResponseSizeBins { get; } = new(64);

    /// <summary>Adds the exact counts of <paramref name="other"/> to these (not the unique counts, which have their own sketches).</summary>
    internal void AddCounts(StatsCounters other)
    {
        Messages += other.Messages;
        Queries += other.Queries;
        Responses += other.Responses;
        Truncated += other.Truncated;
        Edns += other.Edns;
        DnssecOk += other.DnssecOk;
        NoQuestion += other.NoQuestion;
        for (var i = 0; i < Opcodes.Length; i++)
        {
            Opcodes[i] += other.Opcodes[i];
        }

        for (var i = 0; i < Transports.Length; i++)
        {
            Transports[i] += other.Transports[i];
        }

        QueryTypeCounts.Add(other.QueryTypeCounts);
        ResponseCodeCounts.Add(other.ResponseCodeCounts);
        EdnsVersionCounts.Add(other.EdnsVersionCounts);
        EdnsBufferSizeCounts.Add(other.EdnsBufferSizeCounts);
        ResponseSizeBins.Add(other.ResponseSizeBins);
    }
}
