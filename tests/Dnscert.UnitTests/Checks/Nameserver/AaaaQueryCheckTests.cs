using System.Net;
using Dnscert.Checks.Facts;
using Dnscert.Checks.Nameserver;
using Dnscert.Dns;
using Dnscert.Dns.Transport;
using Dnscert.Dns.Wire;
using static Dnscert.UnitTests.Checks.Nameserver.NameserverFactsBuilder;

namespace Dnscert.UnitTests.Checks.Nameserver;

public sealed class AaaaQueryCheckTests
{
    private static NameserverProbeResults With(DnsExchangeOutcome aaaa) => new() { ApexA = Answer(RRType.A), ApexAaaa = aaaa };

    [Fact]
    public void An_empty_NOERROR_AAAA_answer_is_well_processed() =>
        Check(With(Answer(RRType.AAAA)), "AAAA_WELL_PROCESSED");

    [Fact]
    public void Silence_to_AAAA_only_is_a_dropped_query() =>
        Check(With(Timeout(RRType.AAAA)), "AAAA_QUERY_DROPPED");

    [Fact]
    public void NXDOMAIN_to_AAAA_is_an_unexpected_rcode() =>
        Check(With(Answer(RRType.AAAA, DnsResponseCode.NXDomain)), "AAAA_UNEXPECTED_RCODE");

    [Fact]
    public void AAAA_data_of_4_octets_is_bad_rdata() =>
        Check(With(new ExchangeMalformed("AAAA of 4 octets", ReadOnlyMemory<byte>.Empty, new DnsFormatException(40, DnsFormatError.RdataLengthMismatch, "AAAA"))
        {
            Query = new DnsQuery(NameserverFactsBuilder.Zone, RRType.AAAA).ToArray(), Server = new IPEndPoint(IPAddress.Loopback, 53), Protocol = DnsTransportProtocol.Udp,
        }), "AAAA_BAD_RDATA");

    [Fact]
    public void SERVFAIL_to_A_is_an_unexpected_A_rcode_and_AAAA_is_not_judged() =>
        Check(new NameserverProbeResults { ApexA = Answer(RRType.A, DnsResponseCode.ServFail), ApexAaaa = Timeout(RRType.AAAA) }, "A_UNEXPECTED_RCODE");

    [Fact]
    public void Servers_not_asked_are_not_judged() => Assert.Empty(Run(new AaaaQueryCheck(), new NameserverProbeResults()));

    private static void Check(NameserverProbeResults probes, params string[] expected)
    {
        Assert.Equal(expected, Run(new AaaaQueryCheck(), probes));
        AssertEvidence(new AaaaQueryCheck(), probes);
    }
}
