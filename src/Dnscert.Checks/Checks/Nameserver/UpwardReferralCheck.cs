using Dnscert.Checks.Facts;
using Dnscert.Checks.Messages;
using Dnscert.Core;
using Dnscert.Core.Catalog;
using Dnscert.Dns;

namespace Dnscert.Checks.Nameserver;

/// <summary>
/// NAMESERVER07: asked about a name it is not authoritative for (the root's NS, RD=0), an authoritative-only
/// server refuses or answers without data; handing out a referral "upward" to the root is obsolete (RFC 8906
/// §3.1 lists refusal as the expected answer) and makes the server look like a resolver's cache.
/// </summary>
public sealed class UpwardReferralCheck : CheckBase
{
    public static readonly MessageTag NoUpwardReferral = new("NO_UPWARD_REFERRAL", Severity.Info, null,
        "No name server of {domain} answers with an upward referral.");
    public static readonly MessageTag UpwardReferral = new("UPWARD_REFERRAL", Severity.Warning, ThreatTypes.ProtocolViolation,
        "Name server {ns} answers a query for the root's NS with an upward referral.",
        "Answer queries for names outside the served zones with REFUSED instead of a referral to the root.");

    public override string Id => "NAMESERVER07";

    public override string Module => "Nameserver";

    public override IReadOnlyList<MessageTag> Tags { get; } = [NoUpwardReferral, UpwardReferral];

    public override IEnumerable<CheckMessage> Evaluate(ZoneFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var asked = 0;
        var referrals = 0;
        foreach (var s in facts.Servers)
        {
            if (s.Nameserver.RootNs.Answered() is not { } m)
            {
                continue;
            }

            asked++;
            // A referral: no AA, no answer, NS records for the root in the authority section.
            if (!m.IsAuthoritative() && m.Answers.Length == 0 && MessageReading.NameTargets(m.Authority, RRType.NS, DomainName.Root).Count > 0)
            {
                referrals++;
                yield return Emit(UpwardReferral, [s.EvidenceOf(s.Nameserver.RootNs)], ("ns", s.Server));
            }
        }

        if (asked > 0 && referrals == 0)
        {
            yield return Emit(NoUpwardReferral, null, ("domain", facts.Zone));
        }
    }
}
