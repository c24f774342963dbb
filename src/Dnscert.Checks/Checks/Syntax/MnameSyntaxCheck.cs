using Dnscert.Checks.Facts;
using Dnscert.Checks.Messages;
using Dnscert.Core;
using Dnscert.Core.Catalog;

namespace Dnscert.Checks.Syntax;

/// <summary>SYNTAX07: the SOA MNAME (the primary server's name) is a valid host name.</summary>
public sealed class MnameSyntaxCheck : HostNameSyntaxCheck
{
    public static readonly MessageTag MnameNonAllowedChars = new("MNAME_NON_ALLOWED_CHARS", Severity.Warning, ThreatTypes.ZoneContent,
        "The SOA MNAME {domain} holds characters other than letters, digits and hyphens.",
        "Name the primary server in the SOA with a host name of letters, digits and hyphens.");
    public static readonly MessageTag MnameDiscouragedDoubleDash = new("MNAME_DISCOURAGED_DOUBLE_DASH", Severity.Warning, ThreatTypes.ZoneContent,
        "The label \"{label}\" of the SOA MNAME {domain} has \"--\" in positions 3 and 4 without being an xn-- label.",
        "Avoid \"--\" in positions 3-4 except in valid A-labels (xn--).");
    public static readonly MessageTag MnameNumericTld = new("MNAME_NUMERIC_TLD", Severity.Warning, ThreatTypes.ZoneContent,
        "The SOA MNAME {domain} ends in the all-digit top label \"{tld}\".",
        "Name the primary server under an existing top-level domain.");
    public static readonly MessageTag MnameSyntaxOk = new("MNAME_SYNTAX_OK", Severity.Info, null, "The SOA MNAME {domain} is a valid host name.");

    public override string Id => "SYNTAX07";

    public override IReadOnlyList<MessageTag> Tags { get; } = [MnameNonAllowedChars, MnameDiscouragedDoubleDash, MnameNumericTld, MnameSyntaxOk];

    protected override MessageTag NonAllowedChars => MnameNonAllowedChars;

    protected override MessageTag DiscouragedDoubleDash => MnameDiscouragedDoubleDash;

    protected override MessageTag NumericTld => MnameNumericTld;

    protected override MessageTag SyntaxOk => MnameSyntaxOk;

    public override IEnumerable<CheckMessage> Evaluate(ZoneFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        // Without an SOA, SYNTAX05 reports NO_RESPONSE_SOA_QUERY and Zonemaster skips this test.
        if (!SyntaxFacts.ZoneNameUsable(facts) || SyntaxFacts.FirstSoa(facts) is not { } found)
        {
            return [];
        }

        return JudgeNames([(found.Soa.Primary, [SyntaxFacts.SoaEvidence(found.Server)])]);
    }
}
