using System.Net;
using Dnscert.Checks;
using Dnscert.Checks.Facts;
using Dnscert.Dns;
using Dnscert.Dns.Edns;
using Dnscert.Dns.Records;
using Dnscert.Dns.Transport;
using Dnscert.Dns.Wire;

namespace Dnscert.UnitTests.Checks.Nameserver;

/// <summary>Hand-built answers for the Nameserver module's probes: one server, the answers the test chooses.</summary>
internal static class NameserverFactsBuilder
{
    public static readonly DomainName Zone = DomainName.Parse("example.test.");

    private static readonly NameServerAddress s_server = new(DomainName.Parse("ns1.example.test."), IPAddress.Parse("127.53.9.1"));

    /// <summary>The OPT record of an answer: null for none.</summary>
    public sealed record Opt(byte Version = 0, ushort Flags = 0, IReadOnlyList<EdnsOption>? Options = null);

    public static DnsExchangeOutcome Answer(
        RRType type = RRType.SOA, DnsResponseCode rcode = DnsResponseCode.NoError, bool aa = true, bool soa = true, Opt? opt = null,
        bool truncated = false, RRClass @class = RRClass.IN, DomainName? name = null, string? txt = null, RRClass txtClass = RRClass.CH)
    {
        var qname = name ?? Zone;
        var buffer = new byte[1024];
        var writer = new DnsMessageWriter(buffer);
        var flags = DnsHeaderBits.Response | (aa ? DnsHeaderBits.Authoritative : 0) | (truncated ? DnsHeaderBits.Truncated : 0);
        writer.WriteHeader(1, flags, DnsOpcode.Query, rcode);
        writer.AddQuestion(qname, type, @class);
        if (soa && rcode == DnsResponseCode.NoError && type == RRType.SOA)
        {
            writer.AddRecord(DnsSection.Answer, Zone, RRClass.IN, 3600,
                new SoaRecordData(DomainName.Parse("ns1.example.test."), DomainName.Parse("admin.example.test."), 1, 7200, 3600, 1209600, 300));
        }

        if (txt is not null)
        {
            writer.AddRecord(DnsSection.Answer, qname, txtClass, 0, TxtRecordData.FromText(txt));
        }

        if (opt is not null)
        {
            writer.AddOpt(1232, false, opt.Options, opt.Version);
        }

        var length = writer.Finish();
        if (opt is { Flags: not 0, Options: null })
        {
            buffer[length - 4] |= (byte)(opt.Flags >> 8);
            buffer[length - 3] |= (byte)opt.Flags;
        }

        var response = buffer.AsMemory(0, length);
        return new ExchangeAnswered(response, DnsMessage.Parse(response)) { Query = Query(qname, type, @class), Server = new IPEndPoint(s_server.Address, 53), Protocol = DnsTransportProtocol.Udp };
    }

    public static DnsExchangeOutcome Timeout(RRType type = RRType.SOA) =>
        new ExchangeTimedOut { Query = Query(Zone, type, RRClass.IN), Server = new IPEndPoint(s_server.Address, 53), Protocol = DnsTransportProtocol.Udp };

    /// <summary>A compliant EDNS(0) SOA answer.</summary>
    public static DnsExchangeOutcome GoodEdns() => Answer(opt: new Opt());

    public static ZoneFacts Facts(NameserverProbeResults probes) => new(Zone)
    {
        ChildFound = true,
        Servers = [new ServerFacts(s_server, Zone) { SoaUdp = GoodEdns(), Nameserver = probes }],
    };

    public static List<string> Run(ICheck check, NameserverProbeResults probes) => [.. check.Evaluate(Facts(probes)).Select(m => m.Tag.Name)];

    /// <summary>Every message at WARNING or above must carry evidence.</summary>
    public static void AssertEvidence(ICheck check, NameserverProbeResults probes)
    {
        foreach (var m in check.Evaluate(Facts(probes)).Where(m => m.Tag.Severity >= Core.Severity.Warning))
        {
            Assert.NotEmpty(m.Evidence);
        }
    }

    private static byte[] Query(DomainName name, RRType type, RRClass @class) => new DnsQuery(name, type, @class) { Id = 1 }.ToArray();
}
