using System.Net;
using Dnscert.Checks.Basic;
using Dnscert.Checks.Facts;
using Dnscert.Dns;
using Dnscert.Dns.Records;
using Dnscert.Dns.Transport;
using Dnscert.Dns.Wire;
using Dnscert.UnitTests.Checks.Nameserver;
using static Dnscert.UnitTests.Checks.Nameserver.NameserverFactsBuilder;

namespace Dnscert.UnitTests.Checks.Basic;

public sealed class WwwAddressCheckTests
{
    private static readonly DomainName s_www = DomainName.Parse("www.example.test.");
    private static readonly NameServerAddress s_ns1 = new(DomainName.Parse("ns1.example.test."), IPAddress.Parse("127.53.9.1"));
    private static readonly NameServerAddress s_ns2 = new(DomainName.Parse("ns2.example.test."), IPAddress.Parse("127.53.9.2"));

    private static ExchangeAnswered WwwAnswer(bool withAddress)
    {
        var buffer = new byte[512];
        var writer = new DnsMessageWriter(buffer);
        writer.WriteHeader(1, DnsHeaderBits.Response, DnsOpcode.Query, DnsResponseCode.NoError);
        writer.AddQuestion(s_www, RRType.A);
        if (withAddress)
        {
            writer.AddRecord(DnsSection.Answer, s_www, RRClass.IN, 60, new AddressRecordData(IPAddress.Parse("192.0.2.80")));
        }

        var response = buffer.AsMemory(0, writer.Finish());
        return new ExchangeAnswered(response, DnsMessage.Parse(response))
        {
            Query = new DnsQuery(s_www, RRType.A).ToArray(), Server = new IPEndPoint(s_ns1.Address, 53), Protocol = DnsTransportProtocol.Udp,
        };
    }

    private static List<Dnscert.Checks.Messages.CheckMessage> Run(params ServerExchange[] answers) =>
        [.. new WwwAddressCheck().Evaluate(new ZoneFacts(NameserverFactsBuilder.Zone) { ChildFound = true, WwwAnswers = answers })];

    [Fact]
    public void Nothing_is_said_when_the_www_query_was_not_needed() => Assert.Empty(Run());

    [Fact]
    public void A_server_that_returns_an_address_for_www_gives_HAS_A_RECORDS_with_evidence()
    {
        var messages = Run(new ServerExchange(s_ns1, WwwAnswer(withAddress: true)), new ServerExchange(s_ns2, WwwAnswer(withAddress: false)));
        Assert.Equal(["HAS_A_RECORDS", "NO_A_RECORDS"], messages.Select(m => m.Tag.Name));
        Assert.Equal("www.example.test.", messages[0].Arguments["domain"]);
        Assert.Equal("ns1.example.test./127.53.9.1", messages[0].Arguments["ns"]);
        Assert.NotEmpty(messages[0].Evidence);
    }

    [Fact]
    public void No_answer_at_all_gives_A_QUERY_NO_RESPONSES() =>
        Assert.Equal(["A_QUERY_NO_RESPONSES"], Run(new ServerExchange(s_ns1, Timeout(RRType.A)), new ServerExchange(s_ns2, null)).Select(m => m.Tag.Name));
}
