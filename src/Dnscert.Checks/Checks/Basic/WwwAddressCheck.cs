using Dnscert.Checks.Facts;
using Dnscert.Checks.Messages;
using Dnscert.Core;
using Dnscert.Core.Catalog;

namespace Dnscert.Checks.Basic;

/// <summary>
/// BASIC03 (as Zonemaster-Engine 4 runs it): only when no delegated server answers the zone's SOA
/// authoritatively (BASIC02 failed), each delegated server is asked for the A record of www.&lt;zone&gt;. A server
/// that returns one holds data for the zone without serving it properly, which tells an operator where the
/// broken zone still lives; the engine asks nothing when the zone works.
/// </summary>
public sealed class WwwAddressCheck : CheckBase
{
    public static readonly MessageTag HasA = new("HAS_A_RECORDS", Severity.Error, ThreatTypes.LameDelegation,
        "Name server {ns} returns A records for {domain}, although no name server answers the zone's SOA authoritatively.",
        "The server holds data for the zone without serving it as an authoritative copy: load the zone properly, with its SOA, or remove the server from the delegation.");

    public static readonly MessageTag NoA = new("NO_A_RECORDS", Severity.Info, null, "Name server {ns} returns no A record for {domain}.");

    public static readonly MessageTag NoResponses = new("A_QUERY_NO_RESPONSES", Severity.Info, null, "No delegated name server answered the A query for www in the zone.");

    public override string Id => "BASIC03";

    public override string Module => "Basic";

    public override IReadOnlyList<MessageTag> Tags { get; } = [HasA, NoA, NoResponses];

    public override IEnumerable<CheckMessage> Evaluate(ZoneFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        if (!facts.ChildFound || facts.WwwAnswers.Count == 0)
        {
            yield break;
        }

        var answered = 0;
        foreach (var (server, outcome) in facts.WwwAnswers)
        {
            if (outcome.Answered() is not { } m)
            {
                continue;
            }

            answered++;
            var name = m.Questions.Length > 0 ? m.Questions[0].Name : facts.Zone;
            yield return MessageReading.Addresses(m.Answers, name).Any(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
                ? Emit(HasA, [EvidenceBuilder.From(server, outcome)], ("ns", server), ("domain", name))
                : Emit(NoA, [EvidenceBuilder.From(server, outcome)], ("ns", server), ("domain", name));
        }

        if (answered == 0)
        {
            yield return Emit(NoResponses, facts.WwwAnswers.Select(w => EvidenceBuilder.From(w.Server, w.Outcome)));
        }
    }
}
