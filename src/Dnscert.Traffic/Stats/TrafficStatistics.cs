using System.Runtime.CompilerServices;
using Dnscert.Dns.Edns;

namespace Dnscert.Traffic.Stats;

/// <summary>
/// DNS traffic statistics in the spirit of DNS-OARC DSC: per capture-time bucket counts by qtype, rcode, opcode,
/// QR, transport, EDNS version, buffer size and DO bit, response sizes, TC rate and unique clients and qnames
/// (HyperLogLog); over the whole capture the same plus top qnames, second-level domains, TLDs and client
/// networks (/24, /48) by Space-Saving. Memory is bounded by <see cref="StatisticsOptions"/>. <see cref="Add"/>
/// allocates nothing once the dictionaries have met their keys.
/// <para>
/// Each message's exact counts go to its bucket only (or, past <see cref="StatisticsOptions.MaxBuckets"/>, to one
/// counter set for the messages outside buckets); <see cref="Totals"/> adds them up when read. Counting every message
/// into the totals as well cost about 5 % of <c>traffic analyze</c>. The unique counts cannot be added up (the totals'
/// sketches are finer than the buckets'), so the totals' two HyperLogLogs are still fed per message.
/// </para>
/// </summary>
public sealed class TrafficStatistics
{
    private readonly StatisticsOptions _options;
    private readonly Dictionary<long, StatsCounters> _buckets = [];
    private readonly long _bucketTicks;
    private readonly HyperLogLog _totalClients;
    private readonly HyperLogLog _totalQnames;
    private StatsCounters? _current;
    private StatsCounters? _outside;
    private StatsCounters? _totals;
    private long _messages;
    private long _totalsAt = -1;
    private long _currentKey = long.MinValue;
    private bool _seenAny;
    private long _firstTicks;
    private long _lastTicks;
    private DateTimeOffset _first;
    private DateTimeOffset _last;

    public TrafficStatistics(StatisticsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.BucketWidth <= TimeSpan.Zero)
        {
            throw new ArgumentException("The bucket width must be positive.", nameof(options));
        }

        _options = options;
        _bucketTicks = options.BucketWidth.Ticks;
        _totalClients = new HyperLogLog(options.TotalPrecision);
        _totalQnames = new HyperLogLog(options.TotalPrecision);
        TopQnames = new NameTopList(options.TopCapacity);
        TopSecondLevelDomains = new NameTopList(options.TopCapacity);
        TopLevelDomains = new NameTopList(options.TopCapacity);
        TopClientNetworks = new SpaceSaving<PacketAddress>(options.TopCapacity);
    }

    public StatisticsOptions Options => _options;

    /// <summary>
    /// The counters of the whole capture: the sum of the buckets and of the messages outside them, with the capture's own
    /// unique counts. Built when read and kept until the next message, so a reference held across <see cref="Add"/> calls
    /// shows the counts of when it was read (the unique counts excepted, which are live): read it again.
    /// </summary>
    public StatsCounters Totals
    {
        get
        {
            if (_totals is null || _totalsAt != _messages)
            {
                var totals = new StatsCounters(DateTimeOffset.MinValue, _totalClients, _totalQnames);
                foreach (var bucket in _buckets.Values)
                {
                    totals.AddCounts(bucket);
                }

                if (_outside is not null)
                {
                    totals.AddCounts(_outside);
                }

                _totals = totals;
                _totalsAt = _messages;
            }

            return _totals;
        }
    }

    public NameTopList TopQnames { get; }

    public NameTopList TopSecondLevelDomains { get; }

    public NameTopList TopLevelDomains { get; }

    /// <summary>Clients of queries grouped by /24 (IPv4) and /48 (IPv6).</summary>
    public SpaceSaving<PacketAddress> TopClientNetworks { get; }

    /// <summary>Messages that fell in no kept bucket because <see cref="StatisticsOptions.MaxBuckets"/> was reached.</summary>
    public long MessagesOutsideBuckets { get; private set; }

    public DateTimeOffset? First => _seenAny ? _first : null;

    public DateTimeOffset? Last => _seenAny ? _last : null;

    /// <summary>The kept buckets in time order.</summary>
    public IReadOnlyList<StatsCounters> Buckets => [.. _buckets.Values.OrderBy(b => b.Start)];

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(in DnsTransaction transaction)
    {
        var timestamp = transaction.Timestamp;
        var ticks = timestamp.UtcTicks;
        if (!_seenAny)
        {
            _seenAny = true;
            _firstTicks = _lastTicks = ticks;
            _first = _last = timestamp;
        }
        else if (ticks < _firstTicks)
        {
            _firstTicks = ticks;
            _first = timestamp;
        }
        else if (ticks > _lastTicks)
        {
            _lastTicks = ticks;
            _last = timestamp;
        }

        var key = ticks / _bucketTicks;
        if (key != _currentKey)
        {
            _currentKey = key;
            if (!_buckets.TryGetValue(key, out _current))
            {
                if (_buckets.Count < _options.MaxBuckets)
                {
                    _current = new StatsCounters(new DateTimeOffset(key * _bucketTicks, TimeSpan.Zero), _options.BucketPrecision);
                    _buckets.Add(key, _current);
                }
                else
                {
                    _current = null;
                }
            }
        }

        // The reader read, copied and hashed the question name once (DnsTransaction.QuestionName); the sketches want
        // every bit mixed, so the folded hash gets the SplitMix64 finaliser.
        var message = transaction.Message;
        var name = transaction.QuestionName;
        var hasQuestion = name.Length > 0;
        var qnameHash = hasQuestion ? StatsHash.Mix(name.Hash) : 0;
        var flags = message.FlagsWord;
        var isResponse = (flags & 0x8000) != 0;
        var queryType = hasQuestion ? (int)message.Questions[0].Type : 0;
        var hasEdns = message.HasEdns;
        var edns = hasEdns ? message.Edns : default;
        var responseCode = isResponse ? (int)message.ResponseCode : 0;
        var sizeBin = message.Bytes.Length / StatsCounters.SizeBin;
        var transport = (int)transaction.Transport;
        _messages++;
        if (_current is not null)
        {
            Count(_current, flags, transport, hasQuestion, queryType, hasEdns, edns, responseCode, sizeBin);
            if (hasQuestion)
            {
                _current.UniqueQnames.Add(qnameHash);
            }
        }
        else
        {
            MessagesOutsideBuckets++;
            // Only the exact counts of these messages are reported (in the totals), so their own sketches are the smallest.
            _outside ??= new StatsCounters(DateTimeOffset.MinValue, 4);
            Count(_outside, flags, transport, hasQuestion, queryType, hasEdns, edns, responseCode, sizeBin);
        }

        if (hasQuestion)
        {
            _totalQnames.Add(qnameHash);
        }

        if (!isResponse)
        {
            // Unique clients are counted from queries only, so a response's client is not even hashed.
            var client = transaction.Source;
            var clientHash = StatsHash.Address(client);
            _current?.UniqueClients.Add(clientHash);
            _totalClients.Add(clientHash);
            var network = client.ClientNetwork;
            TopClientNetworks.Offer(network, StatsHash.Network(network), out _);
            if (hasQuestion)
            {
                OfferNames(name, qnameHash);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void OfferNames(QuestionName name, ulong hash)
    {
        // The TLD and the second-level domain are suffixes of the wire name, starting at the labels the reader found.
        var wire = name.Wire;
        TopQnames.Offer(hash, wire);
        if (name.LastLabel >= 0)
        {
            var tld = wire[name.LastLabel..];
            TopLevelDomains.Offer(StatsHash.Mix(QuestionName.FoldedHash(tld)), tld);
        }

        if (name.SecondLastLabel >= 0)
        {
            var sld = wire[name.SecondLastLabel..];
            TopSecondLevelDomains.Offer(StatsHash.Mix(QuestionName.FoldedHash(sld)), sld);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Count(StatsCounters counters, ushort flags, int transport, bool hasQuestion, int queryType, bool hasEdns, in EdnsRecord edns, int responseCode, int sizeBin)
    {
        var isResponse = (flags & 0x8000) != 0;
        counters.Messages++;
        counters.Opcodes[(flags >> 11) & 0xF]++;
        counters.Transports[transport]++;
        if (hasQuestion)
        {
            if (!isResponse)
            {
                counters.QueryTypeCounts.Increment(queryType);
            }
        }
        else
        {
            counters.NoQuestion++;
        }

        if (hasEdns)
        {
            counters.Edns++;
            counters.EdnsVersionCounts.Increment(edns.Version);
            if (edns.DnssecOk)
            {
                counters.DnssecOk++;
            }

            if (!isResponse)
            {
                counters.EdnsBufferSizeCounts.Increment(edns.UdpPayloadSize);
            }
        }

        if (isResponse)
        {
            counters.Responses++;
            counters.ResponseCodeCounts.Increment(responseCode);
            if ((flags & 0x0200) != 0)
            {
                counters.Truncated++;
            }

            counters.ResponseSizeBins.Increment(sizeBin);
        }
        else
        {
            counters.Queries++;
        }
    }
}
