using Dnscert.Checks.Facts;
using Dnscert.Checks.Messages;
using Dnscert.Checks.Rules;
using Dnscert.Core;
using Dnscert.Core.Catalog;

namespace Dnscert.Checks.Syntax;

/// <summary>SYNTAX03: no label of the zone name has "--" in positions 3-4 unless it is an A-label, "xn--" (RFC 3696 §5).</summary>
public sealed class DomainNameDoubleDashCheck : CheckBase
{
    public static readonly MessageTag DiscouragedDoubleDash = new("DISCOURAGED_DOUBLE_DASH", Severity.Warning, ThreatTypes.ZoneContent,
        "The label \"{label}\" of the zone name {domain} has \"--\" in positions 3 and 4 without being an xn-- label.",
        "Positions 3-4 \"--\" are reserved for encoded labels such as xn--; choose another name or a valid A-label.");
    public static readonly MessageTag NoDoubleDash = new("NO_DOUBLE_DASH", Severity.Info, null,
        "No label of the zone name {domain} has a reserved \"--\" in positions 3 and 4.");

    public override string Id => "SYNTAX03";

    public override string Module => "Syntax";

    public override IReadOnlyList<MessageTag> Tags { get; } = [DiscouragedDoubleDash, NoDoubleDash];

    public override IEnumerable<CheckMessage> Evaluate(ZoneFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var zone = facts.Zone;
        var found = false;
        for (var i = 0; i < zone.LabelCount; i++)
        {
            var label = zone.GetLabel(i).ToArray();
            if (HostNameRules.DiscouragedDoubleDash(label))
            {
                found = true;
                yield return Emit(DiscouragedDoubleDash, SyntaxFacts.ZoneNameEvidence(facts), ("label", HostNameRules.LabelText(label)), ("domain", zone));
            }
        }

        if (!found && zone.LabelCount > 0)
        {
            yield return Emit(NoDoubleDash, null, ("domain", zone));
        }
    }
}
