using Dnscert.Checks.Facts;
using Dnscert.Checks.Messages;
using Dnscert.Core;
using Dnscert.Core.Catalog;
using Dnscert.Dns.Transport;
using Dnscert.Dns.Wire;

namespace Dnscert.Checks.Nameserver;

/// <summary>
/// NAMESERVER09: names compare without regard to ASCII case (RFC 4343), so two queries for www.&lt;zone&gt; SOA that
/// differ only in case must get the same answer (compared case-folded) or, without answer records, the same RCODE.
/// A server that answers differently breaks resolvers that randomise the case of their queries.
/// </summary>
public sealed class CaseQueryCheck : CheckBase
{
    public static readonly MessageTag ResultsOk = new("CASE_QUERIES_RESULTS_OK", Severity.Info, null,
        "Every name server answers {domain} {type} the same whatever the case of the query.");

    public static readonly MessageTag ResultsDiffer = new("CASE_QUERIES_RESULTS_DIFFER", Severity.Error, ThreatTypes.ProtocolViolation,
        "Name servers answer {domain} {type} differently depending on the case of the query.",
        "Compare names without regard to case (RFC 4343); upgrade or fix the servers named in the other messages.");

    public static readonly MessageTag SameAnswer = new("CASE_QUERY_SAME_ANSWER", Severity.Debug, null,
        "Name server {ns} gives the same answer to {query1} and {query2} ({type}).");

    public static readonly MessageTag DifferentAnswer = new("CASE_QUERY_DIFFERENT_ANSWER", Severity.Warning, ThreatTypes.ProtocolViolation,
        "Name server {ns} answers {query1} and {query2} ({type}) differently.",
        "Compare names without regard to case (RFC 4343).");

    public static readonly MessageTag SameRcode = new("CASE_QUERY_SAME_RC", Severity.Debug, null,
        "Name server {ns} answers {query1} and {query2} ({type}) with the same RCODE {rcode}.");

    public static readonly MessageTag DifferentRcode = new("CASE_QUERY_DIFFERENT_RC", Severity.Warning, ThreatTypes.ProtocolViolation,
        "Name server {ns} answers {query1} with {rcode1} and {query2} with {rcode2} ({type}).",
        "Compare names without regard to case (RFC 4343).");

    public static readonly MessageTag NoAnswer = new("CASE_QUERY_NO_ANSWER", Severity.Warning, ThreatTypes.ProtocolViolation,
        "Name server {ns} does not answer {domain} ({type}) although it answers the same name in another case.",
        "Compare names without regard to case (RFC 4343).");

    public override string Id => "NAMESERVER09";

    public override string Module => "Nameserver";

    public override IReadOnlyList<MessageTag> Tags { get; } = [ResultsOk, ResultsDiffer, SameAnswer, DifferentAnswer, SameRcode, DifferentRcode, NoAnswer];

    public override IEnumerable<CheckMessage> Evaluate(ZoneFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var asked = false;
        var allMatch = true;
        var differing = new List<Evidence>();
        string? original = null;
        foreach (var s in facts.Servers)
        {
            var first = s.Nameserver.CaseQuery1;
            var second = s.Nameserver.CaseQuery2;
            if (first is null || second is null)
            {
                continue;
            }

            asked = true;
            var query1 = QuestionOf(first);
            var query2 = QuestionOf(second);
            original ??= query1.ToLowerInvariant();
            var answer1 = first.Answered();
            var answer2 = second.Answered();
            var evidence = new[] { s.EvidenceOf(first), s.EvidenceOf(second) };
            if (answer1 is { Answers.Length: > 0 })
            {
                if (answer2 is not null && Folded(answer1) == Folded(answer2))
                {
                    yield return Emit(SameAnswer, null, ("ns", s.Server), ("type", "SOA"), ("query1", query1), ("query2", query2));
                }
                else
                {
                    allMatch = false;
                    differing.AddRange(evidence);
                    yield return Emit(DifferentAnswer, evidence, ("ns", s.Server), ("type", "SOA"), ("query1", query1), ("query2", query2));
                }
            }
            else if (answer1 is not null && answer2 is not null)
            {
                if (answer1.ResponseCode == answer2.ResponseCode)
                {
                    yield return Emit(SameRcode, null, ("ns", s.Server), ("type", "SOA"), ("query1", query1), ("query2", query2), ("rcode", answer1.ResponseCode));
                }
                else
                {
                    allMatch = false;
                    differing.AddRange(evidence);
                    yield return Emit(DifferentRcode, evidence, ("ns", s.Server), ("type", "SOA"), ("query1", query1), ("query2", query2),
                        ("rcode1", answer1.ResponseCode), ("rcode2", answer2.ResponseCode));
                }
            }
            else if (answer1 is not null || answer2 is not null)
            {
                allMatch = false;
                differing.AddRange(evidence);
                yield return Emit(NoAnswer, evidence, ("ns", s.Server), ("type", "SOA"), ("domain", answer1 is null ? query1 : query2));
            }
        }

        if (asked)
        {
            yield return allMatch
                ? Emit(ResultsOk, null, ("domain", original!), ("type", "SOA"))
                : Emit(ResultsDiffer, differing, ("domain", original!), ("type", "SOA"));
        }
    }

    private static string QuestionOf(DnsExchangeOutcome outcome) =>
        outcome.Query.Length > DnsMessage.HeaderLength ? DnsMessage.Parse(outcome.Query).Questions[0].Name.ToString() : "?";

    /// <summary>The answer section as sorted, case-folded presentation text, as Zonemaster compares it.</summary>
    private static string Folded(DnsMessage message) =>
        string.Join("\n", message.Answers.ToArray().Select(r => r.ToString().ToLowerInvariant()).Order(StringComparer.Ordinal));
}
