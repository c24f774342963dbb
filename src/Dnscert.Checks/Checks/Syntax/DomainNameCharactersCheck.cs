using Dnscert.Checks.Facts;
using Dnscert.Checks.Messages;
using Dnscert.Checks.Rules;
using Dnscert.Core;
using Dnscert.Core.Catalog;

namespace Dnscert.Checks.Syntax;

/// <summary>SYNTAX01: the zone name holds only letters, digits and hyphens (RFC 1035 §2.3.1, RFC 1123 §2.1).</summary>
public sealed class DomainNameCharactersCheck : CheckBase
{
    public static readonly MessageTag NonAllowedChars = new("NON_ALLOWED_CHARS", Severity.Error, ThreatTypes.ZoneContent,
        "The zone name {domain} holds characters other than letters, digits and hyphens.",
        "Host-style names use only a-z, 0-9 and \"-\"; internationalised names are written in their xn-- (A-label) form.");
    public static readonly MessageTag OnlyAllowedChars = new("ONLY_ALLOWED_CHARS", Severity.Info, null,
        "The zone name {domain} holds only letters, digits and hyphens.");

    public override string Id => "SYNTAX01";

    public override string Module => "Syntax";

    public override IReadOnlyList<MessageTag> Tags { get; } = [NonAllowedChars, OnlyAllowedChars];

    public override IEnumerable<CheckMessage> Evaluate(ZoneFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        yield return HostNameRules.OnlyAllowedCharacters(facts.Zone)
            ? Emit(OnlyAllowedChars, null, ("domain", facts.Zone))
            : Emit(NonAllowedChars, SyntaxFacts.ZoneNameEvidence(facts), ("domain", facts.Zone));
    }
}
