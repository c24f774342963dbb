using Dnscert.Checks.Facts;
using Dnscert.Checks.Messages;
using Dnscert.Core;
using Dnscert.Core.Catalog;
using Dnscert.Dns.Wire;

namespace Dnscert.Checks.Nameserver;

/// <summary>NAMESERVER01: an authoritative server must not also resolve for anyone (cache poisoning, amplification).</summary>
public sealed class RecursionCheck : CheckBase
{
    public static readonly MessageTag NoRecursor = new("NO_RECURSOR", Severity.Info, null, "No name server of {domain} resolves recursively.");
    public static readonly MessageTag IsRecursor = new("IS_A_RECURSOR", Severity.Warning, ThreatTypes.OpenResolver,
        "Name server {ns} resolves recursively for anyone.", "Turn recursion off on authoritative servers (BIND: recursion no).");

    public override string Id => "NAMESERVER01";

    public override string Module => "Nameserver";

    public override IReadOnlyList<MessageTag> Tags { get; } = [NoRecursor, IsRecursor];

    // An answer to an RD=1 question about the root, with RA set and not from the root's own authority.
    private static bool Recursed(DnsMessage m) =>
        m.RecursionAvailable() && m.ResponseCode is DnsResponseCode.NoError or DnsResponseCode.NXDomain && m.Answers.Length > 0 && !m.IsAuthoritative();

    public override IEnumerable<CheckMessage> Evaluate(ZoneFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var asked = facts.Servers.Where(s => s.Recursion.Answered() is not null).ToList();
        var recursors = asked.Where(s => Recursed(s.Recursion.Answered()!)).ToList();
        foreach (var s in recursors)
        {
            yield return Emit(IsRecursor, [s.EvidenceOf(s.Recursion)], ("ns", s.Server));
        }

        if (recursors.Count == 0 && asked.Count > 0)
        {
            yield return Emit(NoRecursor, null, ("domain", facts.Zone));
        }
    }
}
