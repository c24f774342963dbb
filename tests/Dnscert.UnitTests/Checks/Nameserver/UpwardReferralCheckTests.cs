using System.Net;
using Dnscert.Checks.Facts;
using Dnscert.Checks.Nameserver;
using Dnscert.Dns;
using Dnscert.Dns.Records;
using Dnscert.Dns.Transport;
using Dnscert.Dns.Wire;
using static Dnscert.UnitTests.Checks.Nameserver.NameserverFactsBuilder;

namespace Dnscert.UnitTests.Checks.Nameserver;

public sealed class UpwardReferralCheckTests
{
    [Fact]
    public void REFUSED_for_the_root_is_no_upward_referral() =>
        Assert.Equal(["NO_UPWARD_REFERRAL"], Run(new UpwardReferralCheck(), new NameserverProbeResults { RootNs = RootAnswer(DnsResponseCode.Refused, referral: false) }));

    [Fact]
    public void A_referral_to_the_root_is_an_upward_referral()
    {
        var probes = new NameserverProbeResults { RootNs = RootAnswer(DnsResponseCode.NoError, referral: true) };
        Assert.Equal(["UPWARD_REFERRAL"], Run(new UpwardReferralCheck(), probes));
        AssertEvidence(new UpwardReferralCheck(), probes);
    }

    [Fact]
    public void Servers_not_asked_are_not_judged() => Assert.Empty(Run(new UpwardReferralCheck(), new NameserverProbeResults { RootNs = Timeout(RRType.NS) }));

    private static ExchangeAnswered RootAnswer(DnsResponseCode rcode, bool referral)
    {
        var buffer = new byte[512];
        var writer = new DnsMessageWriter(buffer);
        writer.WriteHeader(1, DnsHeaderBits.Response, DnsOpcode.Query, rcode);
        writer.AddQuestion(DomainName.Root, RRType.NS);
        if (referral)
        {
            writer.AddRecord(DnsSection.Authority, DomainName.Root, RRClass.IN, 518400, new NameRecordData(RRType.NS, DomainName.Parse("a.root-servers.net.")));
        }

        var response = buffer.AsMemory(0, writer.Finish());
        return new ExchangeAnswered(response, DnsMessage.Parse(response))
        {
            Query = new DnsQuery(DomainName.Root, RRType.NS) { Id = 1 }.ToArray(), Server = new IPEndPoint(IPAddress.Loopback, 53), Protocol = DnsTransportProtocol.Udp,
        };
    }
}
