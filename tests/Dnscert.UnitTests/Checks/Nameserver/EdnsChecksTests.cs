using Dnscert.Checks;
using Dnscert.Checks.Facts;
using Dnscert.Checks.Nameserver;
using Dnscert.Dns;
using Dnscert.Dns.Edns;
using Dnscert.Dns.Wire;
using static Dnscert.UnitTests.Checks.Nameserver.NameserverFactsBuilder;

namespace Dnscert.UnitTests.Checks.Nameserver;

/// <summary>NAMESERVER02, 10, 11, 12 and 13: one compliant server and one bad answer per tag.</summary>
public sealed class EdnsChecksTests
{
    private static readonly EdnsOption s_unknown = new((EdnsOptionCode)NameserverProbeResults.UnknownOptionCode, ReadOnlyMemory<byte>.Empty);

    /// <summary>What NSD, Knot and BIND answer: every probe compliant.</summary>
    private static NameserverProbeResults Compliant() => new()
    {
        Edns0 = GoodEdns(),
        NoEdns = Answer(),
        Edns1 = Answer(rcode: DnsResponseCode.BadVers, soa: false, opt: new Opt()),
        UnknownOption = GoodEdns(),
        EdnsZFlag = GoodEdns(),
        TruncatedDnskey = Answer(RRType.DNSKEY, truncated: true, opt: new Opt()),
    };

    public static TheoryData<ICheck> Checks() => [new EdnsSupportCheck(), new EdnsVersionCheck(), new EdnsUnknownOptionCheck(), new EdnsFlagsCheck(), new EdnsTruncationCheck()];

    [Theory]
    [MemberData(nameof(Checks))]
    public void A_compliant_server_gives_no_message(ICheck check) => Assert.Empty(Run(check, Compliant()));

    [Theory]
    [MemberData(nameof(Checks))]
    public void Servers_without_these_probes_are_not_judged(ICheck check) => Assert.Empty(Run(check, new NameserverProbeResults()));

    [Fact]
    public void NAMESERVER02_FORMERR_without_OPT_is_no_EDNS_support() =>
        AssertTags(new EdnsSupportCheck(), Compliant() with { Edns0 = Answer(rcode: DnsResponseCode.FormErr, soa: false) }, "NO_EDNS_SUPPORT");

    [Fact]
    public void NAMESERVER02_silence_only_with_OPT_breaks_on_EDNS() =>
        AssertTags(new EdnsSupportCheck(), Compliant() with { Edns0 = Timeout() }, "BREAKS_ON_EDNS");

    [Fact]
    public void NAMESERVER02_silence_with_and_without_OPT_is_left_to_CONNECTIVITY01() =>
        AssertTags(new EdnsSupportCheck(), Compliant() with { Edns0 = Timeout(), NoEdns = Timeout() });

    [Fact]
    public void NAMESERVER02_NOERROR_without_OPT_is_an_EDNS_response_without_EDNS() =>
        AssertTags(new EdnsSupportCheck(), Compliant() with { Edns0 = Answer() }, "EDNS_RESPONSE_WITHOUT_EDNS");

    [Fact]
    public void NAMESERVER02_OPT_version_1_in_the_answer_is_a_version_error() =>
        AssertTags(new EdnsSupportCheck(), Compliant() with { Edns0 = Answer(opt: new Opt(Version: 1)) }, "EDNS_VERSION_ERROR");

    [Fact]
    public void NAMESERVER02_REFUSED_is_an_NS_error() =>
        AssertTags(new EdnsSupportCheck(), Compliant() with { Edns0 = Answer(rcode: DnsResponseCode.Refused, opt: new Opt()) }, "NS_ERROR");

    [Fact]
    public void NAMESERVER10_no_answer_to_version_1() =>
        AssertTags(new EdnsVersionCheck(), Compliant() with { Edns1 = Timeout() }, "N10_NO_RESPONSE_EDNS1_QUERY");

    [Fact]
    public void NAMESERVER10_NOERROR_to_version_1_is_an_unexpected_rcode()
    {
        var probes = Compliant() with { Edns1 = Answer(opt: new Opt()) };
        AssertTags(new EdnsVersionCheck(), probes, "N10_UNEXPECTED_RCODE");
        Assert.Equal("NOERROR", new EdnsVersionCheck().Evaluate(Facts(probes)).Single().Arguments["rcode"]);
    }

    [Fact]
    public void NAMESERVER10_BADVERS_with_an_answer_is_a_response_error() =>
        AssertTags(new EdnsVersionCheck(), Compliant() with { Edns1 = Answer(rcode: DnsResponseCode.BadVers, opt: new Opt(Version: 1)) }, "N10_EDNS_RESPONSE_ERROR");

    [Fact]
    public void NAMESERVER10_skips_a_server_that_fails_version_0() =>
        AssertTags(new EdnsVersionCheck(), Compliant() with { Edns0 = Answer(rcode: DnsResponseCode.FormErr, soa: false), Edns1 = Timeout() });

    [Fact]
    public void NAMESERVER11_no_answer() =>
        AssertTags(new EdnsUnknownOptionCheck(), Compliant() with { UnknownOption = Timeout() }, "N11_NO_RESPONSE");

    [Fact]
    public void NAMESERVER11_FORMERR_is_an_unexpected_rcode() =>
        AssertTags(new EdnsUnknownOptionCheck(), Compliant() with { UnknownOption = Answer(rcode: DnsResponseCode.FormErr, opt: new Opt()) }, "N11_UNEXPECTED_RCODE");

    [Fact]
    public void NAMESERVER11_answer_without_OPT() =>
        AssertTags(new EdnsUnknownOptionCheck(), Compliant() with { UnknownOption = Answer() }, "N11_NO_EDNS");

    [Fact]
    public void NAMESERVER11_answer_without_SOA() =>
        AssertTags(new EdnsUnknownOptionCheck(), Compliant() with { UnknownOption = Answer(soa: false, opt: new Opt()) }, "N11_UNEXPECTED_ANSWER_SECTION");

    [Fact]
    public void NAMESERVER11_answer_without_AA() =>
        AssertTags(new EdnsUnknownOptionCheck(), Compliant() with { UnknownOption = Answer(aa: false, opt: new Opt()) }, "N11_UNSET_AA");

    [Fact]
    public void NAMESERVER11_echoed_option() =>
        AssertTags(new EdnsUnknownOptionCheck(), Compliant() with { UnknownOption = Answer(opt: new Opt(Options: [s_unknown])) }, "N11_RETURNS_UNKNOWN_OPTION_CODE");

    [Fact]
    public void NAMESERVER12_Z_bit_copied_into_the_answer() =>
        AssertTags(new EdnsFlagsCheck(), Compliant() with { EdnsZFlag = Answer(opt: new Opt(Flags: NameserverProbeResults.ZFlagBit)) }, "Z_FLAGS_NOTCLEAR");

    [Fact]
    public void NAMESERVER12_FORMERR_only_when_a_Z_bit_is_set() =>
        AssertTags(new EdnsFlagsCheck(), Compliant() with { EdnsZFlag = Answer(rcode: DnsResponseCode.FormErr, soa: false) }, "N12_NS_ERROR");

    [Fact]
    public void NAMESERVER12_and_13_leave_servers_without_EDNS_to_NAMESERVER02()
    {
        var probes = Compliant() with
        {
            Edns0 = Answer(rcode: DnsResponseCode.FormErr, soa: false),
            EdnsZFlag = Answer(rcode: DnsResponseCode.FormErr, soa: false),
            TruncatedDnskey = Answer(RRType.DNSKEY, rcode: DnsResponseCode.FormErr),
        };
        AssertTags(new EdnsFlagsCheck(), probes);
        AssertTags(new EdnsTruncationCheck(), probes);
    }

    [Fact]
    public void NAMESERVER13_truncated_answer_without_OPT() =>
        AssertTags(new EdnsTruncationCheck(), Compliant() with { TruncatedDnskey = Answer(RRType.DNSKEY, truncated: true) }, "MISSING_OPT_IN_TRUNCATED");

    [Fact]
    public void NAMESERVER13_an_untruncated_answer_with_OPT_is_fine() =>
        AssertTags(new EdnsTruncationCheck(), Compliant() with { TruncatedDnskey = Answer(RRType.DNSKEY, opt: new Opt()) });

    [Fact]
    public void NAMESERVER13_SERVFAIL_is_an_NS_error() =>
        AssertTags(new EdnsTruncationCheck(), Compliant() with { TruncatedDnskey = Answer(RRType.DNSKEY, rcode: DnsResponseCode.ServFail, opt: new Opt()) }, "N13_NS_ERROR");

    private static void AssertTags(ICheck check, NameserverProbeResults probes, params string[] expected)
    {
        Assert.Equal(expected, Run(check, probes));
        AssertEvidence(check, probes);
    }
}
