using System.Net;
using Dnscert.Checks.Facts;
using Dnscert.Checks.Nameserver;
using Dnscert.Dns;
using Dnscert.Dns.Transport;
using static Dnscert.UnitTests.Checks.Nameserver.NameserverFactsBuilder;

namespace Dnscert.UnitTests.Checks.Nameserver;

public sealed class SourceAddressCheckTests
{
    private static readonly NameServerAddress s_ns1 = new(DomainName.Parse("ns1.example.test."), IPAddress.Parse("127.53.9.1"));
    private static readonly NameServerAddress s_ns2 = new(DomainName.Parse("ns2.example.test."), IPAddress.Parse("127.53.9.2"));

    private static ServerFacts Server(NameServerAddress ns, DnsExchangeOutcome? anySource) => new(ns, NameserverFactsBuilder.Zone) { SoaUdp = GoodEdns(), SoaAnySource = anySource };

    private static DnsExchangeOutcome From(NameServerAddress ns, string source) =>
        Answer() with { Server = new IPEndPoint(ns.Address, 53), AnsweredFrom = IPEndPoint.Parse(source) };

    private static List<Dnscert.Checks.Messages.CheckMessage> Run(params ServerFacts[] servers) =>
        [.. new SourceAddressCheck().Evaluate(new ZoneFacts(NameserverFactsBuilder.Zone) { ChildFound = true, Servers = servers })];

    [Fact]
    public void Servers_that_answer_from_the_queried_address_give_SAME_SOURCE_IP()
    {
        var message = Assert.Single(Run(Server(s_ns1, From(s_ns1, "127.53.9.1:53")), Server(s_ns2, From(s_ns2, "127.53.9.2:53"))));
        Assert.Equal("SAME_SOURCE_IP", message.Tag.Name);
        Assert.Contains("ns2.example.test./127.53.9.2", message.Arguments["ns_list"], StringComparison.Ordinal);
    }

    [Fact]
    public void An_answer_from_another_address_gives_DIFFERENT_SOURCE_IP_with_the_source_and_evidence()
    {
        var messages = Run(Server(s_ns1, From(s_ns1, "127.53.9.1:53")), Server(s_ns2, From(s_ns2, "127.53.9.99:53")));
        var message = Assert.Single(messages);
        Assert.Equal("DIFFERENT_SOURCE_IP", message.Tag.Name);
        Assert.Equal("ns2.example.test./127.53.9.2", message.Arguments["ns"]);
        Assert.Equal("127.53.9.99:53", message.Arguments["source"]);
        Assert.NotEmpty(message.Evidence);
    }

    [Fact]
    public void An_answer_from_the_right_address_but_another_port_is_a_different_source() =>
        Assert.Equal("DIFFERENT_SOURCE_IP", Assert.Single(Run(Server(s_ns1, From(s_ns1, "127.53.9.1:5353")))).Tag.Name);

    [Fact]
    public void Servers_that_did_not_answer_are_left_to_the_connectivity_checks() =>
        Assert.Empty(Run(Server(s_ns1, Timeout()), Server(s_ns2, null)));
}
