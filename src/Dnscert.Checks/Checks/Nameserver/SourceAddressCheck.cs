using Dnscert.Checks.Facts;
using Dnscert.Checks.Messages;
using Dnscert.Core;
using Dnscert.Core.Catalog;

namespace Dnscert.Checks.Nameserver;

/// <summary>
/// NAMESERVER04: every server must answer from the address it was asked on (RFC 2181 §4). Resolvers match answers
/// by address and drop the others, so a multi-homed server that answers from its other address looks dead to them.
/// The engine's ordinary probes use connected sockets, which never see such an answer; one SOA query per server
/// goes out on an unconnected socket that accepts any source, and its answer says where it came from.
/// </summary>
public sealed class SourceAddressCheck : CheckBase
{
    public static readonly MessageTag DifferentSource = new("DIFFERENT_SOURCE_IP", Severity.Warning, ThreatTypes.ProtocolViolation,
        "Name server {ns} answers an SOA query from another address ({source}).",
        "Make the server answer from the address it was queried on (RFC 2181 §4), for example by binding it to each address explicitly; resolvers drop answers from other addresses.");

    public static readonly MessageTag SameSource = new("SAME_SOURCE_IP", Severity.Info, null, "Every name server answers from the address it was queried on ({ns_list}).");

    public override string Id => "NAMESERVER04";

    public override string Module => "Nameserver";

    public override IReadOnlyList<MessageTag> Tags { get; } = [DifferentSource, SameSource];

    public override IEnumerable<CheckMessage> Evaluate(ZoneFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var same = new List<NameServerAddress>();
        var different = false;
        foreach (var server in facts.Servers)
        {
            // AnsweredFrom is set whenever a datagram was accepted: from the server itself, or from elsewhere with the query's ID.
            if (server.SoaAnySource is not { AnsweredFrom: { } from } outcome)
            {
                continue;
            }

            if (from.Address.Equals(server.Server.Address) && from.Port == outcome.Server.Port)
            {
                same.Add(server.Server);
                continue;
            }

            different = true;
            yield return Emit(DifferentSource, [server.EvidenceOf(outcome)], ("ns", server.Server), ("source", from));
        }

        if (!different && same.Count > 0)
        {
            yield return Emit(SameSource, null, ("ns_list", string.Join(";", same)));
        }
    }
}
