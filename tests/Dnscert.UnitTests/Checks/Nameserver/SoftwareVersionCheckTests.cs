using Dnscert.Checks.Facts;
using Dnscert.Checks.Nameserver;
using Dnscert.Dns;
using Dnscert.Dns.Wire;
using static Dnscert.UnitTests.Checks.Nameserver.NameserverFactsBuilder;

namespace Dnscert.UnitTests.Checks.Nameserver;

public sealed class SoftwareVersionCheckTests
{
    private static readonly DomainName s_versionBind = DomainName.Parse("version.bind.");
    private static readonly DomainName s_versionServer = DomainName.Parse("version.server.");

    private static NameserverProbeResults Refused() => new()
    {
        VersionBind = Answer(RRType.TXT, DnsResponseCode.Refused, aa: false, @class: RRClass.CH, name: s_versionBind),
        VersionServer = Answer(RRType.TXT, DnsResponseCode.Refused, aa: false, @class: RRClass.CH, name: s_versionServer),
    };

    [Fact]
    public void A_server_that_refuses_reveals_nothing() =>
        Assert.Equal(["N15_NO_VERSION_REVEALED"], Run(new SoftwareVersionCheck(), Refused()));

    [Fact]
    public void An_empty_version_string_reveals_nothing() =>
        Assert.Equal(["N15_NO_VERSION_REVEALED"], Run(new SoftwareVersionCheck(), Refused() with
        {
            VersionBind = Answer(RRType.TXT, @class: RRClass.CH, name: s_versionBind, txt: ""),
        }));

    [Fact]
    public void A_version_string_is_reported_with_the_query_name()
    {
        var probes = Refused() with { VersionBind = Answer(RRType.TXT, @class: RRClass.CH, name: s_versionBind, txt: "9.18.28") };
        var message = Assert.Single(new SoftwareVersionCheck().Evaluate(Facts(probes)));
        Assert.Equal("N15_SOFTWARE_VERSION", message.Tag.Name);
        Assert.Equal("version.bind", message.Arguments["query_name"]);
        Assert.Equal("9.18.28", message.Arguments["string"]);
        Assert.NotEmpty(message.Evidence);
    }

    [Fact]
    public void Silence_or_SERVFAIL_is_an_error_on_the_version_query() =>
        Assert.Equal(["N15_ERROR_ON_VERSION_QUERY", "N15_ERROR_ON_VERSION_QUERY", "N15_NO_VERSION_REVEALED"], Run(new SoftwareVersionCheck(), new NameserverProbeResults
        {
            VersionBind = Timeout(RRType.TXT),
            VersionServer = Answer(RRType.TXT, DnsResponseCode.ServFail, @class: RRClass.CH, name: s_versionServer),
        }));

    [Fact]
    public void A_TXT_record_of_class_IN_to_a_CH_question_is_the_wrong_class()
    {
        var probes = Refused() with { VersionServer = Answer(RRType.TXT, @class: RRClass.CH, name: s_versionServer, txt: "x", txtClass: RRClass.IN) };
        Assert.Equal(["N15_SOFTWARE_VERSION", "N15_WRONG_CLASS"], Run(new SoftwareVersionCheck(), probes));
        AssertEvidence(new SoftwareVersionCheck(), probes);
    }

    [Fact]
    public void Servers_not_asked_are_not_judged() => Assert.Empty(Run(new SoftwareVersionCheck(), new NameserverProbeResults()));
}
