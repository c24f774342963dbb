using Dnscert.Checks.Facts;
using Dnscert.Checks.Messages;
using Dnscert.Core;
using Dnscert.Core.Catalog;
using Dnscert.Dns;

namespace Dnscert.Checks.Zone;

/// <summary>
/// ZONE10: a zone has exactly one SOA record at its apex (RFC 1035 §5.2, RFC 2181 §6.1). More than one in an answer
/// means a broken server or a zone loaded twice; resolvers pick one at random.
/// </summary>
public sealed class SingleSoaCheck : CheckBase
{
    public static readonly MessageTag Multiple = new("MULTIPLE_SOA", Severity.Error, ThreatTypes.ZoneContent,
        "Name server {ns} answers with {count} SOA records for the zone.", "Serve exactly one SOA record at the zone apex; check for a zone loaded twice or a broken server.");

    public static readonly MessageTag One = new("ONE_SOA", Severity.Info, null, "Every name server answers with exactly one SOA record.");

    public static readonly MessageTag Wrong = new("WRONG_SOA", Severity.Debug, null, "Name server {ns} answers with an SOA record owned by {owner}, not the zone.");

    public static readonly MessageTag NoSoa = new("NO_SOA_IN_RESPONSE", Severity.Debug, null, "Name server {ns} answers without an SOA record in the answer section.");

    public override string Id => "ZONE10";

    public override string Module => "Zone";

    public override IReadOnlyList<MessageTag> Tags { get; } = [Multiple, One, Wrong, NoSoa];

    public override IEnumerable<CheckMessage> Evaluate(ZoneFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var problem = false;
        var any = false;
        foreach (var server in facts.Servers)
        {
            if (server.SoaUdp.Answered() is not { } answer)
            {
                continue; // no response: the Connectivity module reports it
            }

            any = true;
            var soas = answer.Answers.ToArray().Where(r => r.Type == RRType.SOA).ToList();
            if (soas.Count == 0)
            {
                problem = true;
                yield return Emit(NoSoa, [server.EvidenceOf(server.SoaUdp)], ("ns", server.Server));
            }
            else if (soas.Where(r => r.Owner != facts.Zone).Select(r => r.Owner).ToList() is [var owner, ..])
            {
                problem = true;
                yield return Emit(Wrong, [server.EvidenceOf(server.SoaUdp)], ("ns", server.Server), ("owner", owner));
            }
            else if (soas.Count > 1)
            {
                problem = true;
                yield return Emit(Multiple, [server.EvidenceOf(server.SoaUdp)], ("ns", server.Server), ("count", soas.Count));
            }
        }

        if (any && !problem)
        {
            yield return Emit(One);
        }
    }
}
