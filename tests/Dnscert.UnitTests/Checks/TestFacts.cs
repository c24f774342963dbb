using System.Net;
using Dnscert.Checks.Facts;
using Dnscert.Dns;
using Dnscert.Dns.Records;
using Dnscert.Dns.Transport;
using Dnscert.Dns.Wire;

namespace Dnscert.UnitTests.Checks;

/// <summary>Builds the facts a check reads from hand-written answers, without any network.</summary>
internal static class TestFacts
{
    public static DomainName Name(string text) => DomainName.Parse(text);

    public static NameServerAddress Ns(string name, string address) => new(Name(name), IPAddress.Parse(address));

    /// <summary>A well-formed answer to <paramref name="qname"/>/<paramref name="qtype"/> with the given answer records.</summary>
    public static ExchangeAnswered Answer(string qname, RRType qtype, IEnumerable<(string Owner, RecordData Data)> answers,
        bool authoritative = true, DnsResponseCode rcode = DnsResponseCode.NoError, string server = "192.0.2.1")
    {
        var question = Name(qname);
        var query = new DnsQuery(question, qtype) { Id = 7 }.ToArray();
        var buffer = new byte[65535];
        var writer = new DnsMessageWriter(buffer);
        writer.WriteHeader(7, DnsHeaderBits.Response | (authoritative ? DnsHeaderBits.Authoritative : 0), responseCode: rcode);
        writer.AddQuestion(question, qtype);
        foreach (var (owner, data) in answers)
        {
            writer.AddRecord(DnsSection.Answer, Name(owner), RRClass.IN, 3600, data);
        }

        var bytes = buffer.AsMemory(0, writer.Finish()).ToArray();
        return new ExchangeAnswered(bytes, DnsMessage.Parse(bytes))
        {
            Query = query,
            Server = new IPEndPoint(IPAddress.Parse(server), 53),
            Protocol = DnsTransportProtocol.Udp,
        };
    }

    public static ExchangeAnswered Txt(string zone, params string[][] records) =>
        Answer(zone, RRType.TXT, records.Select(r => (zone, (RecordData)TxtRecordData.FromText(r))));

    public static ExchangeTimedOut TimedOut(string qname, RRType qtype) => new()
    {
        Query = new DnsQuery(Name(qname), qtype).ToArray(),
        Server = new IPEndPoint(IPAddress.Loopback, 53),
        Protocol = DnsTransportProtocol.Udp,
    };

    public static ExchangeAnswered Soa(string zone, string mname, string rname, string server = "192.0.2.1") =>
        Answer(zone, RRType.SOA, [(zone, new SoaRecordData(Name(mname), Name(rname), 1, 14400, 3600, 1209600, 3600))], server: server);

    public static ExchangeAnswered NsSet(string zone, params string[] names) =>
        Answer(zone, RRType.NS, names.Select(n => (zone, (RecordData)new NameRecordData(RRType.NS, Name(n)))));

    public static ExchangeAnswered MxSet(string zone, params string[] exchanges) =>
        Answer(zone, RRType.MX, exchanges.Select(n => (zone, (RecordData)new MxRecordData(10, Name(n)))));
}
