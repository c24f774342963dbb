using System.Net;
using Dnscert.Checks.Facts;
using Dnscert.Checks.Messages;
using Dnscert.Checks.Nameserver;
using Dnscert.Dns;

namespace Dnscert.UnitTests.Checks.Nameserver;

public sealed class NsNameResolutionCheckTests
{
    private static readonly DomainName s_zone = DomainName.Parse("example.test.");
    private static readonly DomainName s_ns1 = DomainName.Parse("ns1.example.test.");
    private static readonly DomainName s_ghost = DomainName.Parse("ns.no-such.test.");
    private static readonly Evidence s_referral = EvidenceBuilder.From(new NameServerAddress(DomainName.Parse("test."), IPAddress.Loopback), null);

    private static ZoneFacts Facts(IReadOnlyList<DomainName> delegation, IReadOnlyList<DomainName> unresolved) => new(s_zone)
    {
        ChildFound = true,
        DelegationNs = delegation,
        UnresolvedNs = unresolved,
        DelegationEvidence = [s_referral],
        Servers = [.. delegation.Except(unresolved).Select(n => new ServerFacts(new NameServerAddress(n, IPAddress.Parse("127.53.9.1")), s_zone))],
    };

    private static List<CheckMessage> Run(ZoneFacts facts) => [.. new NsNameResolutionCheck().Evaluate(facts)];

    [Fact]
    public void Names_that_all_resolve_can_be_resolved() =>
        Assert.Equal("CAN_BE_RESOLVED", Assert.Single(Run(Facts([s_ns1], []))).Tag.Name);

    [Fact]
    public void One_name_without_an_address_is_named_with_evidence()
    {
        var message = Assert.Single(Run(Facts([s_ns1, s_ghost], [s_ghost])));
        Assert.Equal("CAN_NOT_BE_RESOLVED", message.Tag.Name);
        Assert.Equal("ns.no-such.test.", message.Arguments["nsname_list"]);
        Assert.NotEmpty(message.Evidence);
    }

    [Fact]
    public void No_name_with_an_address_is_no_resolution()
    {
        var message = Assert.Single(Run(Facts([s_ghost], [s_ghost])));
        Assert.Equal("NO_RESOLUTION", message.Tag.Name);
        Assert.NotEmpty(message.Evidence);
    }

    [Fact]
    public void Without_name_servers_nothing_is_said() => Assert.Empty(Run(new ZoneFacts(s_zone) { ChildFound = true }));
}
