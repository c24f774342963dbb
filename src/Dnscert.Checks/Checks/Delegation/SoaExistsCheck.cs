using Dnscert.Checks.Facts;
using Dnscert.Checks.Messages;
using Dnscert.Core;
using Dnscert.Core.Catalog;
using Dnscert.Dns;
using Dnscert.Dns.Wire;

namespace Dnscert.Checks.Delegation;

/// <summary>
/// DELEGATION06: every name server of the zone (from the delegation and from the zone itself) answers an SOA query
/// with an SOA record. A NOERROR answer without one means the server does not really serve the zone.
/// </summary>
public sealed class SoaExistsCheck : CheckBase
{
    public static readonly MessageTag Exists = new("SOA_EXISTS", Severity.Info, null, "Every name server answers with an SOA record for the zone.");

    public static readonly MessageTag NotExists = new("SOA_NOT_EXISTS", Severity.Error, ThreatTypes.LameDelegation,
        "Name server {ns} answers NOERROR without an SOA record for the zone.", "Load the zone on this server, or remove the server from the NS records.");

    public override string Id => "DELEGATION06";

    public override string Module => "Delegation";

    public override IReadOnlyList<MessageTag> Tags { get; } = [Exists, NotExists];

    public override IEnumerable<CheckMessage> Evaluate(ZoneFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        if (facts.Servers.Count == 0)
        {
            yield break;
        }

        var missing = false;
        // Zonemaster asks one address per name server name; dnscert looks at every address and reports each name once.
        foreach (var byName in facts.Servers.GroupBy(s => s.Server.Name))
        {
            var empty = byName.Where(s => s.SoaUdp.Answered() is { ResponseCode: DnsResponseCode.NoError } m && MessageReading.Count(m.Answers, RRType.SOA) == 0).ToList();
            if (empty.Count > 0)
            {
                missing = true;
                yield return Emit(NotExists, empty.Select(s => s.EvidenceOf(s.SoaUdp)), ("ns", empty[0].Server));
            }
        }

        if (!missing)
        {
            yield return Emit(Exists);
        }
    }
}
