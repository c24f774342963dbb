using Dnscert.Checks.Engine;
using Dnscert.Checks.Facts;
using Dnscert.Checks.Nameserver;
using Dnscert.Dns;
using Dnscert.Dns.Transport;
using Dnscert.Dns.Wire;
using static Dnscert.UnitTests.Checks.Nameserver.NameserverFactsBuilder;

namespace Dnscert.UnitTests.Checks.Nameserver;

public sealed class QnameCaseCheckTests
{
    private static readonly DomainName s_mixed = DomainName.Parse("ExAmPlE.TeSt.");

    [Fact]
    public void The_probe_name_alternates_case_and_skips_names_without_letters()
    {
        Assert.Equal("ExAmPlE.tEsT.", NameserverProbes.MixedCase(NameserverFactsBuilder.Zone)!.Value.ToString());
        Assert.Null(NameserverProbes.MixedCase(DomainName.Root));
        Assert.Null(NameserverProbes.MixedCase(DomainName.Parse("1.2.3.")));
    }

    [Fact]
    public void An_answer_that_keeps_the_case_is_case_sensitive() =>
        Assert.Equal(["QNAME_CASE_SENSITIVE"], Run(new QnameCaseCheck(), new NameserverProbeResults { MixedCase = Answered(s_mixed) }));

    [Fact]
    public void An_answer_in_lower_case_changes_the_case()
    {
        var probes = new NameserverProbeResults { MixedCase = Answered(NameserverFactsBuilder.Zone) };
        var message = Assert.Single(new QnameCaseCheck().Evaluate(Facts(probes)));
        Assert.Equal("QNAME_CASE_INSENSITIVE", message.Tag.Name);
        Assert.Equal("example.test.", message.Arguments["answered"]);
        AssertEvidence(new QnameCaseCheck(), probes);
    }

    [Fact]
    public void No_answer_gives_no_message() =>
        Assert.Empty(Run(new QnameCaseCheck(), new NameserverProbeResults { MixedCase = Timeout() }));

    /// <summary>An answer whose question is <paramref name="answered"/>, to a query for the mixed-case name.</summary>
    private static DnsExchangeOutcome Answered(DomainName answered) =>
        ((ExchangeAnswered)Answer(opt: new Opt(), name: answered)) with { Query = new DnsQuery(s_mixed, RRType.SOA) { Id = 1 }.ToArray() };
}
