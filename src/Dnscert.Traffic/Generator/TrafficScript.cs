using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using Dnscert.Dns;
using Dnscert.Dns.Records;
using Dnscert.Dns.Wire;

namespace Dnscert.Traffic.Generator;

/// <summary>
/// Scripted synthetic DNS traffic seen at a recursive resolver (192.0.2.53): benign clients in 10.1.0.0/16
/// asking for a fixed set of ordinary names, plus attacks added with their start and duration. Everything is
/// derived from the seed, so a script is a reproducible test fixture and the generator's ground truth.
/// Addresses are documentation and private ranges only; nothing here is ever sent.
/// </summary>
[SuppressMessage("Security", "CA5394:Do not use insecure randomness", Justification = "Reproducible synthetic traffic, not security.")]
public sealed class TrafficScript
{
    /// <summary>The resolver every benign client asks.</summary>
    public static readonly PacketAddress Resolver = Address("192.0.2.53");

    private static readonly string[] s_zoneLabels =
    [
        "example", "weather", "library", "garden", "newspaper", "bookshop", "travel", "museum", "football", "kitchen",
        "hospital", "university", "insurance", "railway", "shopping", "mountain", "village", "orchestra", "bakery", "theatre",
        "cinema", "airport", "harbour", "festival", "photography", "recipes", "translation", "dictionary", "government", "transport",
    ];

    private static readonly string[] s_tlds = ["com", "net", "org", "de", "fr", "co.uk", "nl", "it"];
    private static readonly string[] s_hosts = ["www", "mail", "api", "cdn", "static", "login", "img", "news", "shop", "m"];
    private static readonly PacketAddress s_authority = Address("198.51.100.53");

    private readonly Random _random;
    private readonly DateTimeOffset _start;
    private readonly List<ScriptedMessage> _messages = [];
    private readonly List<GroundTruthEntry> _truth = [];
    private readonly byte[] _buffer = new byte[DnsMessage.MaxLength];

    public TrafficScript(int seed, DateTimeOffset start)
    {
        _random = new Random(seed);
        _start = start;
    }

    /// <summary>The attacks added so far.</summary>
    public IReadOnlyList<GroundTruthEntry> GroundTruth => _truth;

    /// <summary>Ordinary queries and their answers: <paramref name="queriesPerSecond"/> on average, from 200 clients, 3 % NXDOMAIN (typos).</summary>
    public TrafficScript Benign(TimeSpan from, TimeSpan duration, double queriesPerSecond)
    {
        foreach (var at in Arrivals(from, duration, queriesPerSecond))
        {
            var client = Address(10, 1, (byte)_random.Next(0, 2), (byte)_random.Next(1, 101));
            var zone = s_zoneLabels[_random.Next(s_zoneLabels.Length)] + "." + s_tlds[_random.Next(s_tlds.Length)];
            var typo = _random.NextDouble() < 0.03;
            var host = typo ? s_hosts[_random.Next(s_hosts.Length)] + "x" : s_hosts[_random.Next(s_hosts.Length)];
            var type = _random.NextDouble() switch { < 0.7 => RRType.A, < 0.9 => RRType.AAAA, < 0.97 => RRType.MX, _ => RRType.TXT };
            QueryAndAnswer(at, client, Resolver, $"{host}.{zone}", type, typo ? DnsResponseCode.NXDomain : DnsResponseCode.NoError, 1, null);
        }

        return this;
    }

    /// <summary>A botnet of 50 hosts asking the resolver for one zone's www name at <paramref name="queriesPerSecond"/>.</summary>
    public TrafficScript QueryFlood(TimeSpan from, TimeSpan duration, double queriesPerSecond, string zone = "flooded.example")
    {
        const string Attack = "query-flood";
        foreach (var at in Arrivals(from, duration, queriesPerSecond))
        {
            var bot = Address(198, 18, (byte)_random.Next(0, 2), (byte)_random.Next(1, 26));
            Query(at, bot, Resolver, "www." + zone, RRType.A, Attack);
        }

        return Truth(Attack, "query-flood", $"IpAddress:{Resolver}", from, duration);
    }

    /// <summary>Water torture: random 12-letter labels under <paramref name="zone"/>, answered NXDOMAIN.</summary>
    public TrafficScript RandomSubdomain(TimeSpan from, TimeSpan duration, double queriesPerSecond, string zone = "victim-shop.com")
    {
        const string Attack = "random-subdomain";
        foreach (var at in Arrivals(from, duration, queriesPerSecond))
        {
            var client = Address(10, 1, 3, (byte)_random.Next(1, 255));
            QueryAndAnswer(at, client, Resolver, RandomLabel(12, "abcdefghijklmnopqrstuvwxyz0123456789") + "." + zone, RRType.A, DnsResponseCode.NXDomain, 0, Attack);
        }

        return Truth(Attack, "random-subdomain", $"Zone:{zone}", from, duration);
    }

    /// <summary>A misconfigured or malicious set of 20 names under <paramref name="zone"/> asked over and over, all NXDOMAIN.</summary>
    public TrafficScript NxdomainStorm(TimeSpan from, TimeSpan duration, double queriesPerSecond, string zone = "broken-app.net")
    {
        const string Attack = "nxdomain-storm";
        var names = Enumerable.Range(0, 20).Select(i => $"svc{i}.{zone}").ToArray();
        foreach (var at in Arrivals(from, duration, queriesPerSecond))
        {
            var client = Address(10, 1, 4, (byte)_random.Next(1, 255));
            QueryAndAnswer(at, client, Resolver, names[_random.Next(names.Length)], RRType.A, DnsResponseCode.NXDomain, 0, Attack);
        }

        return Truth(Attack, "nxdomain-storm", $"Zone:{zone}", from, duration);
    }

    /// <summary>Reflection: ANY queries forged with <paramref name="victim"/>'s address to 20 open servers, each answering with about 3 kB.</summary>
    public TrafficScript Amplification(TimeSpan from, TimeSpan duration, double queriesPerSecond, string victim = "203.0.113.7")
    {
        const string Attack = "amplification";
        var victimAddress = Address(victim);
        foreach (var at in Arrivals(from, duration, queriesPerSecond))
        {
            var reflector = Address(198, 51, 100, (byte)_random.Next(100, 120));
            QueryAndAnswer(at, victimAddress, reflector, "big-answers.org", RRType.ANY, DnsResponseCode.NoError, 40, Attack);
        }

        return Truth(Attack, "amplification", $"IpAddress:{victim}", from, duration);
    }

    /// <summary>
    /// Kaminsky-style poisoning: every second the resolver asks the authority for a new random name under
    /// <paramref name="zone"/>, and an attacker races <paramref name="spoofsPerQuery"/> forged answers with guessed IDs.
    /// </summary>
    public TrafficScript Spoofing(TimeSpan from, TimeSpan duration, int spoofsPerQuery = 100, string zone = "bank-example.com")
    {
        const string Attack = "cache-poisoning";
        for (var offset = TimeSpan.Zero; offset < duration; offset += TimeSpan.FromSeconds(1))
        {
            var at = _start + from + offset;
            var name = RandomLabel(8, "abcdefghijklmnopqrstuvwxyz") + "." + zone;
            var port = (ushort)_random.Next(1024, 65536);
            var id = (ushort)_random.Next(0, 65536);
            var query = Write(id, false, name, RRType.A, DnsResponseCode.NoError, 0);
            _messages.Add(new ScriptedMessage(at, Resolver, port, s_authority, 53, query, Attack));
            for (var i = 0; i < spoofsPerQuery; i++)
            {
                var forged = Write((ushort)_random.Next(0, 65536), true, name, RRType.A, DnsResponseCode.NoError, 1);
                _messages.Add(new ScriptedMessage(at + TimeSpan.FromMilliseconds(1 + (i * 0.2)), s_authority, 53, Resolver, port, forged, Attack));
            }

            var real = Write(id, true, name, RRType.A, DnsResponseCode.NoError, 1);
            _messages.Add(new ScriptedMessage(at + TimeSpan.FromMilliseconds(40), s_authority, 53, Resolver, port, real, Attack));
        }

        return Truth(Attack, "cache-poisoning", $"Domain:*.{zone}", from, duration);
    }

    /// <summary>An infected client asking for random-letter domains (10 to 16 letters) at <paramref name="queriesPerSecond"/>, answered NXDOMAIN.</summary>
    public TrafficScript Dga(TimeSpan from, TimeSpan duration, double queriesPerSecond, string client = "10.1.9.99")
    {
        const string Attack = "dga";
        var address = Address(client);
        foreach (var at in Arrivals(from, duration, queriesPerSecond))
        {
            var name = RandomLabel(_random.Next(10, 17), "abcdefghijklmnopqrstuvwxyz") + "." + s_tlds[_random.Next(3)];
            QueryAndAnswer(at, address, Resolver, name, RRType.A, DnsResponseCode.NXDomain, 0, Attack);
        }

        return Truth(Attack, "dga", $"IpAddress:{client}", from, duration);
    }

    /// <summary>A client exfiltrating data as base32 labels (2 × 30 characters) under <paramref name="zone"/> with TXT queries.</summary>
    public TrafficScript Tunnelling(TimeSpan from, TimeSpan duration, double queriesPerSecond, string zone = "exfil-example.net", string client = "10.1.7.7")
    {
        const string Attack = "dns-tunnelling";
        var address = Address(client);
        foreach (var at in Arrivals(from, duration, queriesPerSecond))
        {
            const string Base32 = "abcdefghijklmnopqrstuvwxyz234567";
            var name = $"{RandomLabel(30, Base32)}.{RandomLabel(30, Base32)}.t.{zone}";
            QueryAndAnswer(at, address, Resolver, name, RRType.TXT, DnsResponseCode.NoError, 1, Attack);
        }

        return Truth(Attack, "dns-tunnelling", $"Zone:{zone}", from, duration);
    }

    /// <summary>All messages in capture-time order.</summary>
    public IReadOnlyList<ScriptedMessage> Build() => [.. _messages.OrderBy(m => m.Timestamp)];

    /// <summary>Feeds <paramref name="messages"/> to <paramref name="consumer"/> as transactions, parsing into one reused message as readers do.</summary>
    public static void Replay(IEnumerable<ScriptedMessage> messages, Action<DnsTransaction> consumer)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(consumer);
        var message = new DnsMessage();
        foreach (var m in messages)
        {
            message.Load(m.Wire);
            consumer(new DnsTransaction(m.Timestamp, m.Source, m.SourcePort, m.Destination, m.DestinationPort, TrafficTransport.Udp, message));
        }
    }

    private TrafficScript Truth(string attack, string detector, string subject, TimeSpan from, TimeSpan duration)
    {
        _truth.Add(new GroundTruthEntry(attack, detector, subject, _start + from, _start + from + duration));
        return this;
    }

    private List<DateTimeOffset> Arrivals(TimeSpan from, TimeSpan duration, double perSecond)
    {
        var list = new List<DateTimeOffset>();
        var t = 0.0;
        while (true)
        {
            t += -Math.Log(1 - _random.NextDouble()) / perSecond;
            if (t >= duration.TotalSeconds)
            {
                return list;
            }

            list.Add(_start + from + TimeSpan.FromSeconds(t));
        }
    }

    private void Query(DateTimeOffset at, PacketAddress client, PacketAddress server, string name, RRType type, string? attack)
    {
        var id = (ushort)_random.Next(0, 65536);
        var port = (ushort)_random.Next(1024, 65536);
        _messages.Add(new ScriptedMessage(at, client, port, server, 53, Write(id, false, name, type, DnsResponseCode.NoError, 0), attack));
    }

    private void QueryAndAnswer(DateTimeOffset at, PacketAddress client, PacketAddress server, string name, RRType type, DnsResponseCode rcode, int answers, string? attack)
    {
        var id = (ushort)_random.Next(0, 65536);
        var port = (ushort)_random.Next(1024, 65536);
        _messages.Add(new ScriptedMessage(at, client, port, server, 53, Write(id, false, name, type, DnsResponseCode.NoError, 0), attack));
        var delay = TimeSpan.FromMilliseconds(2 + _random.Next(0, 30));
        _messages.Add(new ScriptedMessage(at + delay, server, 53, client, port, Write(id, true, name, type, rcode, answers), attack));
    }

    private byte[] Write(ushort id, bool response, string name, RRType type, DnsResponseCode rcode, int answers)
    {
        var owner = DomainName.Parse(name);
        var writer = new DnsMessageWriter(_buffer);
        writer.WriteHeader(id, response ? DnsHeaderBits.Response | DnsHeaderBits.RecursionDesired | DnsHeaderBits.RecursionAvailable : DnsHeaderBits.RecursionDesired, DnsOpcode.Query, rcode);
        writer.AddQuestion(owner, type);
        for (var i = 0; i < answers && rcode == DnsResponseCode.NoError; i++)
        {
            RecordData data = type switch
            {
                RRType.ANY or RRType.TXT => TxtRecordData.FromText(RandomLabel(60, "abcdefghijklmnopqrstuvwxyz0123456789")),
                RRType.AAAA => new AddressRecordData(IPAddress.Parse("2001:db8::" + _random.Next(1, 65535).ToString("x", System.Globalization.CultureInfo.InvariantCulture))),
                _ => new AddressRecordData(new IPAddress(BinaryPrimitives.ReverseEndianness((uint)(0xCB007100 | (uint)_random.Next(1, 255))))),
            };
            writer.AddRecord(DnsSection.Answer, owner, RRClass.IN, 300, data);
        }

        return _buffer.AsSpan(0, writer.Finish()).ToArray();
    }

    private string RandomLabel(int length, string alphabet) =>
        string.Create(length, (alphabet, _random), static (span, state) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = state.alphabet[state._random.Next(state.alphabet.Length)];
            }
        });

    private static PacketAddress Address(string text) => PacketAddress.FromIPAddress(IPAddress.Parse(text));

    private static PacketAddress Address(byte a, byte b, byte c, byte d) => PacketAddress.FromIPv4([a, b, c, d]);
}
