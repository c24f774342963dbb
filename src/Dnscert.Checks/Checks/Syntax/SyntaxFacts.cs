using Dnscert.Checks.Facts;
using Dnscert.Checks.Messages;
using Dnscert.Checks.Rules;
using Dnscert.Dns.Records;

namespace Dnscert.Checks.Syntax;

/// <summary>What the Syntax checks share: the SOA they read and the evidence for a name.</summary>
internal static class SyntaxFacts
{
    /// <summary>
    /// Zonemaster runs SYNTAX04-08 only when the zone name itself has only letters, digits and hyphens:
    /// with an illegal zone name, the later findings would only repeat the first one.
    /// </summary>
    public static bool ZoneNameUsable(ZoneFacts facts) => HostNameRules.OnlyAllowedCharacters(facts.Zone);

    /// <summary>The first server (in delegation order) whose SOA answer holds the zone's SOA, as Zonemaster asks one server.</summary>
    public static (ServerFacts Server, SoaRecordData Soa)? FirstSoa(ZoneFacts facts)
    {
        foreach (var server in facts.Servers)
        {
            if (server.SoaAnswer is { } m && MessageReading.Soa(m.Answers, facts.Zone) is { } soa)
            {
                return (server, soa);
            }
        }

        return null;
    }

    /// <summary>Evidence that the zone goes by this name: the parent's referral, and a server's SOA answer.</summary>
    public static IEnumerable<Evidence> ZoneNameEvidence(ZoneFacts facts)
    {
        var soa = FirstSoa(facts);
        return facts.DelegationEvidence.TakeLast(1)
            .Concat(soa is { } s ? [SoaEvidence(s.Server)] : []);
    }

    /// <summary>The exchange <see cref="ServerFacts.SoaAnswer"/> came from: UDP, or TCP when UDP failed or truncated.</summary>
    public static Evidence SoaEvidence(ServerFacts server) =>
        server.EvidenceOf(server.SoaUdp.Answered() is { IsTruncated: false } || server.SoaTcp.Answered() is null ? server.SoaUdp : server.SoaTcp);
}
