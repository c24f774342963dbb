using Dnscert.Checks;
using Dnscert.Checks.Facts;
using Dnscert.Checks.Messages;
using static Dnscert.UnitTests.Checks.TestFacts;

namespace Dnscert.UnitTests.Checks.Syntax;

/// <summary>Zones with two servers that answer SOA, NS and MX as given, for the Syntax checks.</summary>
internal static class SyntaxTestFacts
{
    public static ZoneFacts Facts(string zone, string mname = "ns1.example.net.", string rname = "hostmaster.example.net.",
        string[]? delegationNs = null, string[]? childNs = null, string[]? mx = null)
    {
        delegationNs ??= ["ns1.example.net.", "ns2.example.net."];
        childNs ??= delegationNs;
        var servers = delegationNs.Select((ns, i) => new ServerFacts(Ns(ns, $"192.0.2.{i + 1}"), Name(zone))
        {
            InDelegation = true,
            SoaUdp = Soa(zone, mname, rname, $"192.0.2.{i + 1}"),
            NsUdp = NsSet(zone, childNs),
            Mx = MxSet(zone, mx ?? []),
        });
        return new ZoneFacts(Name(zone))
        {
            ChildFound = true,
            DelegationNs = [.. delegationNs.Select(Name)],
            DelegationEvidence = [EvidenceBuilder.From(Ns("a.tld-servers.example.", "192.0.2.53"), NsSet(zone, delegationNs))],
            Servers = [.. servers],
        };
    }

    public static List<CheckMessage> Run(ICheck check, ZoneFacts facts) => [.. check.Evaluate(facts)];

    public static List<string> Tags(ICheck check, ZoneFacts facts) => [.. check.Evaluate(facts).Select(m => m.Tag.Name)];

    /// <summary>Every message at WARNING or above carries evidence.</summary>
    public static void AssertEvidence(IEnumerable<CheckMessage> messages) =>
        Assert.All(messages.Where(m => m.Severity >= Core.Severity.Warning), m => Assert.NotEmpty(m.Evidence));
}
