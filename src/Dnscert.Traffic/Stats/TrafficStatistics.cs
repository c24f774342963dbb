using System.Runtime.CompilerServices;
using Dnscert.Dns.Wire;

namespace Dnscert.Traffic.Stats;

/// <summary>
/// DNS traffic statistics in the spirit of DNS-OARC DSC: per capture-time bucket counts by qtype, rcode, opcode,
/// QR, transport, EDNS version, buffer size and DO bit, response sizes, TC rate and unique clients and qnames
/// (HyperLogLog); over the whole capture the same plus top qnames, second-level domains, TLDs and client
/// networks (/24, /48) by Space-Saving. Memory is bounded by <see cref="StatisticsOptions"/>. <see cref="Add"/>
/// allocates nothing once the dictionaries have met their keys.
/// </summary>
public sealed class TrafficStatistics
{
    private readonly StatisticsOptions _options;
    private readonly Dictionary<long, StatsCounters> _buckets = [];
    private readonly byte[] _name = new byte[255];
    private StatsCounters? _current;
    private long _currentKey = long.MinValue;

    public TrafficStatistics(StatisticsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.BucketWidth <= TimeSpan.Zero)
        {
            throw new ArgumentException("The bucket width must be positive.", nameof(options));
        }

        _options = options;
        Totals = new StatsCounters(DateTimeOffset.MinValue, options.TotalPrecision);
        TopQnames = new NameTopList(options.TopCapacity);
        TopSecondLevelDomains = new NameTopList(options.TopCapacity);
        TopLevelDomains = new NameTopList(options.TopCapacity);
        TopClientNetworks = new SpaceSaving<PacketAddress>(options.TopCapacity);
    }

    public StatisticsOptions Options => _options;

    public StatsCounters Totals { get; }

    public NameTopList TopQnames { get; }

    public NameTopList TopSecondLevelDomains { get; }

    public NameTopList TopLevelDomains { get; }

    /// <summary>Clients of queries grouped by /24 (IPv4) and /48 (IPv6).</summary>
    public SpaceSaving<PacketAddress> TopClientNetworks { get; }

    /// <summary>Messages that fell in no kept bucket because <see cref="StatisticsOptions.MaxBuckets"/> was reached.</summary>
    public long MessagesOutsideBuckets { get; private set; }

    public DateTimeOffset? First { get; private set; }

    public DateTimeOffset? Last { get; private set; }

    /// <summary>The kept buckets in time order.</summary>
    public IReadOnlyList<StatsCounters> Buckets => [.. _buckets.Values.OrderBy(b => b.Start)];

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(in DnsTransaction transaction)
    {
        var timestamp = transaction.Timestamp;
        if (First is null || timestamp < First)
        {
            First = timestamp;
        }

        if (Last is null || timestamp > Last)
        {
            Last = timestamp;
        }

        var key = timestamp.UtcTicks / _options.BucketWidth.Ticks;
        if (key != _currentKey)
        {
            _currentKey = key;
            if (!_buckets.TryGetValue(key, out _current))
            {
                if (_buckets.Count < _options.MaxBuckets)
                {
                    _current = new StatsCounters(new DateTimeOffset(key * _options.BucketWidth.Ticks, TimeSpan.Zero), _options.BucketPrecision);
                    _buckets.Add(key, _current);
                }
                else
                {
                    _current = null;
                }
            }
        }

        var message = transaction.Message;
        ulong qnameHash = 0;
        var nameLength = 0;
        var questions = message.Questions;
        if (questions.Length > 0)
        {
            nameLength = message.CopyName(questions[0].NameOffset, _name);
            LowerCase(_name.AsSpan(0, nameLength));
            qnameHash = StatsHash.Bytes(_name.AsSpan(0, nameLength));
        }

        var clientHash = StatsHash.Address(transaction.Client);
        Count(Totals, transaction, message, questions, qnameHash, clientHash);
        if (_current is not null)
        {
            Count(_current, transaction, message, questions, qnameHash, clientHash);
        }
        else
        {
            MessagesOutsideBuckets++;
        }

        if (!message.IsResponse)
        {
            TopClientNetworks.Offer(transaction.Client.ClientNetwork, out _);
            if (questions.Length > 0)
            {
                OfferNames(_name.AsSpan(0, nameLength), qnameHash);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void OfferNames(ReadOnlySpan<byte> wire, ulong hash)
    {
        TopQnames.Offer(hash, wire);
        // Find where the last two labels start: the TLD and the second-level domain are suffixes of the wire name.
        int last = -1, secondLast = -1;
        var at = 0;
        while (at < wire.Length && wire[at] != 0)
        {
            secondLast = last;
            last = at;
            at += wire[at] + 1;
        }

        if (last >= 0)
        {
            var tld = wire[last..];
            TopLevelDomains.Offer(StatsHash.Bytes(tld), tld);
        }

        if (secondLast >= 0)
        {
            var sld = wire[secondLast..];
            TopSecondLevelDomains.Offer(StatsHash.Bytes(sld), sld);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Count(StatsCounters counters, in DnsTransaction transaction, DnsMessage message, ReadOnlySpan<DnsQuestion> questions, ulong qnameHash, ulong clientHash)
    {
        counters.Messages++;
        counters.Opcodes[(int)message.Opcode]++;
        counters.Transports[(int)transaction.Transport]++;
        if (questions.Length > 0)
        {
            if (!message.IsResponse)
            {
                StatsCounters.Increment(counters.QueryTypes, (int)questions[0].Type);
            }

            counters.UniqueQnames.Add(qnameHash);
        }
        else
        {
            counters.NoQuestion++;
        }

        if (message.HasEdns)
        {
            var edns = message.Edns;
            counters.Edns++;
            StatsCounters.Increment(counters.EdnsVersions, edns.Version);
            if (edns.DnssecOk)
            {
                counters.DnssecOk++;
            }

            if (!message.IsResponse)
            {
                StatsCounters.Increment(counters.EdnsBufferSizes, edns.UdpPayloadSize);
            }
        }

        if (message.IsResponse)
        {
            counters.Responses++;
            StatsCounters.Increment(counters.ResponseCodes, (int)message.ResponseCode);
            if (message.IsTruncated)
            {
                counters.Truncated++;
            }

            StatsCounters.Increment(counters.ResponseSizes, message.Bytes.Length / StatsCounters.SizeBin * StatsCounters.SizeBin);
        }
        else
        {
            counters.Queries++;
            counters.UniqueClients.Add(clientHash);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void LowerCase(Span<byte> wire)
    {
        for (var i = 0; i < wire.Length; i++)
        {
            var c = wire[i];
            if (c is >= (byte)'A' and <= (byte)'Z')
            {
                wire[i] = (byte)(c | 0x20);
            }
        }
    }
}
