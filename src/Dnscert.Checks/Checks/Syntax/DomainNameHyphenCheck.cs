using Dnscert.Checks.Facts;
using Dnscert.Checks.Messages;
using Dnscert.Checks.Rules;
using Dnscert.Core;
using Dnscert.Core.Catalog;

namespace Dnscert.Checks.Syntax;

/// <summary>SYNTAX02: no label of the zone name starts or ends with a hyphen (RFC 952, RFC 1123 §2.1).</summary>
public sealed class DomainNameHyphenCheck : CheckBase
{
    public static readonly MessageTag InitialHyphen = new("INITIAL_HYPHEN", Severity.Error, ThreatTypes.ZoneContent,
        "The label \"{label}\" of the zone name {domain} starts with a hyphen.", "Labels begin and end with a letter or a digit.");
    public static readonly MessageTag TerminalHyphen = new("TERMINAL_HYPHEN", Severity.Error, ThreatTypes.ZoneContent,
        "The label \"{label}\" of the zone name {domain} ends with a hyphen.", "Labels begin and end with a letter or a digit.");
    public static readonly MessageTag NoEndingHyphens = new("NO_ENDING_HYPHENS", Severity.Info, null,
        "No label of the zone name {domain} starts or ends with a hyphen.");

    public override string Id => "SYNTAX02";

    public override string Module => "Syntax";

    public override IReadOnlyList<MessageTag> Tags { get; } = [InitialHyphen, TerminalHyphen, NoEndingHyphens];

    public override IEnumerable<CheckMessage> Evaluate(ZoneFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var zone = facts.Zone;
        var found = false;
        for (var i = 0; i < zone.LabelCount; i++)
        {
            var label = zone.GetLabel(i).ToArray();
            if (HostNameRules.StartsWithHyphen(label))
            {
                found = true;
                yield return Emit(InitialHyphen, SyntaxFacts.ZoneNameEvidence(facts), ("label", HostNameRules.LabelText(label)), ("domain", zone));
            }

            if (HostNameRules.EndsWithHyphen(label))
            {
                found = true;
                yield return Emit(TerminalHyphen, SyntaxFacts.ZoneNameEvidence(facts), ("label", HostNameRules.LabelText(label)), ("domain", zone));
            }
        }

        // The root has no label to judge, so it gets no verdict, as in Zonemaster.
        if (!found && zone.LabelCount > 0)
        {
            yield return Emit(NoEndingHyphens, null, ("domain", zone));
        }
    }
}
