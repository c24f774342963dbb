using Dnscert.Checks.Facts;
using Dnscert.Checks.Nameserver;
using Dnscert.Core;
using Dnscert.Dns;
using Dnscert.Dns.Records;
using Dnscert.Dns.Transport;
using Dnscert.Dns.Wire;
using static Dnscert.UnitTests.Checks.TestFacts;

namespace Dnscert.UnitTests.Checks.Nameserver;

public sealed class CaseQueryCheckTests
{
    private const string Zone = "example.test.";

    private static ZoneFacts Facts(params (DnsExchangeOutcome? First, DnsExchangeOutcome? Second)[] servers) => new(Name(Zone))
    {
        ChildFound = true,
        Servers = [.. servers.Select((s, i) => new ServerFacts(Ns($"ns{i + 1}.example.test.", $"192.0.2.{i + 1}"), Name(Zone))
        {
            InDelegation = true,
            Nameserver = new NameserverProbeResults { CaseQuery1 = s.First, CaseQuery2 = s.Second },
        })],
    };

    private static ExchangeAnswered Empty(string qname, DnsResponseCode rcode) => Answer(qname, RRType.SOA, [], rcode: rcode);

    private static List<string> Tags(ZoneFacts facts) => [.. new CaseQueryCheck().Evaluate(facts).Select(m => m.Tag.Name)];

    [Fact]
    public void The_same_RCODE_for_both_case_patterns_is_fine()
    {
        var facts = Facts((Empty("WwW.eXaMpLe.TeSt.", DnsResponseCode.NXDomain), Empty("wWw.ExAmPlE.tEsT.", DnsResponseCode.NXDomain)));
        Assert.Equal(["CASE_QUERY_SAME_RC", "CASE_QUERIES_RESULTS_OK"], Tags(facts));
    }

    [Fact]
    public void Answers_that_differ_only_in_case_are_the_same_answer()
    {
        var soa = new SoaRecordData(Name("ns1.example.test."), Name("h.example.test."), 1, 2, 3, 4, 5);
        var facts = Facts((Answer("WwW.eXaMpLe.TeSt.", RRType.SOA, [("WwW.eXaMpLe.TeSt.", soa)]), Answer("wWw.ExAmPlE.tEsT.", RRType.SOA, [("wWw.ExAmPlE.tEsT.", soa)])));
        Assert.Equal(["CASE_QUERY_SAME_ANSWER", "CASE_QUERIES_RESULTS_OK"], Tags(facts));
    }

    [Fact]
    public void A_server_whose_RCODE_depends_on_case_is_a_warning_and_the_zone_result_an_error_with_evidence()
    {
        var facts = Facts(
            (Empty("WwW.eXaMpLe.TeSt.", DnsResponseCode.NXDomain), Empty("wWw.ExAmPlE.tEsT.", DnsResponseCode.NXDomain)),
            (Empty("WwW.eXaMpLe.TeSt.", DnsResponseCode.NXDomain), Empty("wWw.ExAmPlE.tEsT.", DnsResponseCode.Refused)));
        var messages = new CaseQueryCheck().Evaluate(facts).ToList();
        Assert.Equal(["CASE_QUERY_SAME_RC", "CASE_QUERY_DIFFERENT_RC", "CASE_QUERIES_RESULTS_DIFFER"], messages.Select(m => m.Tag.Name));
        Assert.Equal(Severity.Warning, messages[1].Severity);
        Assert.Equal("wWw.ExAmPlE.tEsT.", messages[1].Arguments["query2"].ToString());
        Assert.Equal(Severity.Error, messages[2].Severity);
        Assert.Equal(2, messages[2].Evidence.Count);
    }

    [Fact]
    public void Silence_for_one_pattern_only_is_no_answer()
    {
        var facts = Facts((Empty("WwW.eXaMpLe.TeSt.", DnsResponseCode.NoError), TimedOut("wWw.ExAmPlE.tEsT.", RRType.SOA)));
        Assert.Equal(["CASE_QUERY_NO_ANSWER", "CASE_QUERIES_RESULTS_DIFFER"], Tags(facts));
    }

    [Fact]
    public void Without_the_probes_nothing_is_said() => Assert.Empty(Tags(Facts((null, null))));
}
