using Dnscert.Checks.Facts;
using Dnscert.Checks.Messages;
using Dnscert.Core;
using Dnscert.Core.Catalog;
using Dnscert.Dns;

namespace Dnscert.Checks.Syntax;

/// <summary>SYNTAX04: every name server name, in the delegation and in the zone, is a valid host name.</summary>
public sealed class NameServerNameSyntaxCheck : HostNameSyntaxCheck
{
    public static readonly MessageTag NsNonAllowedChars = new("NAMESERVER_NON_ALLOWED_CHARS", Severity.Error, ThreatTypes.DelegationMisconfigured,
        "The name server name {domain} holds characters other than letters, digits and hyphens.",
        "Rename the name server with letters, digits and hyphens only, and update the NS records and the delegation.");
    public static readonly MessageTag NsDiscouragedDoubleDash = new("NAMESERVER_DISCOURAGED_DOUBLE_DASH", Severity.Warning, ThreatTypes.DelegationMisconfigured,
        "The label \"{label}\" of the name server name {domain} has \"--\" in positions 3 and 4 without being an xn-- label.",
        "Avoid \"--\" in positions 3-4 except in valid A-labels (xn--).");
    public static readonly MessageTag NsNumericTld = new("NAMESERVER_NUMERIC_TLD", Severity.Error, ThreatTypes.DelegationMisconfigured,
        "The name server name {domain} ends in the all-digit top label \"{tld}\", which no host name may have.",
        "Use a name under an existing top-level domain; all-digit TLDs are ruled out so names never look like addresses.");
    public static readonly MessageTag NsSyntaxOk = new("NAMESERVER_SYNTAX_OK", Severity.Info, null, "The name server name {domain} is a valid host name.");

    public override string Id => "SYNTAX04";

    public override IReadOnlyList<MessageTag> Tags { get; } = [NsNonAllowedChars, NsDiscouragedDoubleDash, NsNumericTld, NsSyntaxOk];

    protected override MessageTag NonAllowedChars => NsNonAllowedChars;

    protected override MessageTag DiscouragedDoubleDash => NsDiscouragedDoubleDash;

    protected override MessageTag NumericTld => NsNumericTld;

    protected override MessageTag SyntaxOk => NsSyntaxOk;

    public override IEnumerable<CheckMessage> Evaluate(ZoneFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        if (!SyntaxFacts.ZoneNameUsable(facts))
        {
            return [];
        }

        // The parent's names (evidence: its referral) and the zone's own (evidence: an NS answer naming them).
        var names = facts.DelegationNs.Concat(facts.ChildNs).Distinct().Order().Select(n => (n, (IReadOnlyList<Evidence>)Evidence(facts, n)));
        return JudgeNames(names);
    }

    private static List<Evidence> Evidence(ZoneFacts facts, DomainName name)
    {
        var evidence = new List<Evidence>();
        if (facts.DelegationNs.Contains(name))
        {
            evidence.AddRange(facts.DelegationEvidence.TakeLast(1));
        }

        var child = facts.Servers.FirstOrDefault(s => s.NsNames.Contains(name));
        if (child is not null)
        {
            evidence.Add(child.EvidenceOf(child.NsUdp.Answered() is { IsTruncated: false } || child.NsTcp.Answered() is null ? child.NsUdp : child.NsTcp));
        }

        return evidence;
    }
}
