using Dnscert.Checks.Facts;
using Dnscert.Checks.Nameserver;
using Dnscert.Dns.Transport;
using Dnscert.Dns.Edns;
using Dnscert.Dns.Wire;
using static Dnscert.UnitTests.Checks.Nameserver.NameserverFactsBuilder;

namespace Dnscert.UnitTests.Checks.Nameserver;

public sealed class EdnsVersionAndOptionCheckTests
{
    private static readonly EdnsOption s_unknown = new((EdnsOptionCode)NameserverProbeResults.UnknownOptionCode, ReadOnlyMemory<byte>.Empty);

    private static NameserverProbeResults With(DnsExchangeOutcome answer) => new() { Edns0 = GoodEdns(), Edns1UnknownOption = answer };

    [Fact]
    public void BADVERS_with_OPT_version_0_and_no_echo_is_correct() =>
        Assert.Empty(Run(new EdnsVersionAndOptionCheck(), With(Answer(rcode: DnsResponseCode.BadVers, soa: false, opt: new Opt()))));

    [Fact]
    public void NOERROR_with_version_1_is_an_unsupported_version() =>
        Check(With(Answer(opt: new Opt(Version: 1))), "UNSUPPORTED_EDNS_VER");

    [Fact]
    public void NOERROR_echoing_the_option_is_an_unknown_option_code() =>
        Check(With(Answer(opt: new Opt(Options: [s_unknown]))), "UNKNOWN_OPTION_CODE");

    [Fact]
    public void Both_faults_give_both_tags() =>
        Check(With(Answer(opt: new Opt(Version: 1, Options: [s_unknown]))), "UNSUPPORTED_EDNS_VER", "UNKNOWN_OPTION_CODE");

    [Fact]
    public void NOERROR_with_version_0_and_no_echo_is_an_NS_error() =>
        Check(With(Answer(opt: new Opt())), "N14_NS_ERROR");

    [Fact]
    public void Servers_that_refuse_EDNS_are_left_to_NAMESERVER02() =>
        Assert.Empty(Run(new EdnsVersionAndOptionCheck(), new NameserverProbeResults
        {
            Edns0 = Answer(rcode: DnsResponseCode.FormErr, soa: false),
            Edns1UnknownOption = Answer(rcode: DnsResponseCode.FormErr, soa: false),
        }));

    [Fact]
    public void Silence_is_left_to_CONNECTIVITY01() => Assert.Empty(Run(new EdnsVersionAndOptionCheck(), With(Timeout())));

    private static void Check(NameserverProbeResults probes, params string[] expected)
    {
        Assert.Equal(expected, Run(new EdnsVersionAndOptionCheck(), probes));
        AssertEvidence(new EdnsVersionAndOptionCheck(), probes);
    }
}
