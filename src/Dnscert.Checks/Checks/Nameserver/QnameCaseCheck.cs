using Dnscert.Checks.Facts;
using Dnscert.Checks.Messages;
using Dnscert.Core;
using Dnscert.Core.Catalog;

namespace Dnscert.Checks.Nameserver;

/// <summary>
/// NAMESERVER08: resolvers that randomise the case of query names ("0x20", draft-vixie-dnsext-dns0x20) match
/// the answer's question octet for octet; a server that changes the case defeats that defence against spoofing,
/// or makes such resolvers drop its answers. The probe asks SOA for the zone name in mixed case.
/// </summary>
public sealed class QnameCaseCheck : CheckBase
{
    public static readonly MessageTag CaseSensitive = new("QNAME_CASE_SENSITIVE", Severity.Info, null,
        "Name server {ns} keeps the case of the query name {domain} in its answer.");
    public static readonly MessageTag CaseInsensitive = new("QNAME_CASE_INSENSITIVE", Severity.Warning, ThreatTypes.ProtocolViolation,
        "Name server {ns} changes the case of the query name {domain} to {answered} in its answer.",
        "Copy the question into the answer unchanged (RFC 1035 section 7.3 and RFC 4343 ask that case be preserved).");

    public override string Id => "NAMESERVER08";

    public override string Module => "Nameserver";

    public override IReadOnlyList<MessageTag> Tags { get; } = [CaseSensitive, CaseInsensitive];

    public override IEnumerable<CheckMessage> Evaluate(ZoneFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        foreach (var s in facts.Servers)
        {
            var outcome = s.Nameserver.MixedCase;
            if (outcome.Answered() is not { } m || m.Questions.Length == 0)
            {
                continue;
            }

            var asked = Dns.Wire.DnsMessage.Parse(outcome!.Query).Questions[0].Name.ToString();
            var answered = m.Questions[0].Name.ToString();
            yield return string.Equals(asked, answered, StringComparison.Ordinal)
                ? Emit(CaseSensitive, null, ("ns", s.Server), ("domain", asked))
                : Emit(CaseInsensitive, [s.EvidenceOf(outcome)], ("ns", s.Server), ("domain", asked), ("answered", answered));
        }
    }
}
