using Dnscert.Checks.Facts;
using Dnscert.Checks.Messages;
using Dnscert.Core;
using Dnscert.Core.Catalog;

namespace Dnscert.Checks.Syntax;

/// <summary>
/// SYNTAX05: the SOA RNAME holds no "@". RFC 1035 §8 writes the mailbox with its first "." standing for the "@",
/// so an "@" in the RNAME is the common mistake of writing the address as is.
/// </summary>
public sealed class RnameAtSignCheck : CheckBase
{
    public static readonly MessageTag MisusedAtSign = new("RNAME_MISUSED_AT_SIGN", Severity.Warning, ThreatTypes.ZoneContent,
        "The SOA RNAME {rname} contains an \"@\".",
        "Write the mailbox with a dot in place of the \"@\" (hostmaster.example.com. for hostmaster@example.com), and escape dots inside the local part.");
    public static readonly MessageTag NoAtSign = new("RNAME_NO_AT_SIGN", Severity.Info, null, "The SOA RNAME {rname} contains no \"@\".");

    public override string Id => "SYNTAX05";

    public override string Module => "Syntax";

    public override IReadOnlyList<MessageTag> Tags { get; } = [MisusedAtSign, NoAtSign];

    public override IEnumerable<CheckMessage> Evaluate(ZoneFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        if (!SyntaxFacts.ZoneNameUsable(facts))
        {
            yield break;
        }

        // Without any SOA Zonemaster says NO_RESPONSE_SOA_QUERY at DEBUG level; that tag belongs to CONSISTENCY06
        // here (a tag is declared once), and CONNECTIVITY01 already reports servers that return no SOA.
        if (SyntaxFacts.FirstSoa(facts) is not { } found)
        {
            yield break;
        }

        var rname = found.Soa.Responsible;
        var atSign = false;
        for (var i = 0; i < rname.LabelCount && !atSign; i++)
        {
            atSign = rname.GetLabel(i).Contains((byte)'@');
        }

        yield return atSign
            ? Emit(MisusedAtSign, [SyntaxFacts.SoaEvidence(found.Server)], ("rname", rname))
            : Emit(NoAtSign, null, ("rname", rname));
    }
}
