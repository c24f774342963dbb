using Dnscert.Checks.Facts;
using Dnscert.Checks.Messages;
using Dnscert.Checks.Rules;
using Dnscert.Core;
using Dnscert.Core.Catalog;

namespace Dnscert.Checks.Syntax;

/// <summary>
/// SYNTAX06: the SOA RNAME of every name server reads as an RFC 5322 mailbox. Only the syntax part of
/// Zonemaster's test: the lookup of the mail domain's MX and addresses (RNAME_MAIL_DOMAIN_INVALID and its
/// relatives) needs resolution the engine does not gather yet, so RNAME_RFC822_VALID means "well formed".
/// </summary>
public sealed class RnameMailboxCheck : CheckBase
{
    public static readonly MessageTag Rfc822Invalid = new("RNAME_RFC822_INVALID", Severity.Warning, ThreatTypes.ZoneContent,
        "The SOA RNAME of {ns} gives the mailbox \"{rname}\", which is not a valid e-mail address.",
        "Put a reachable mailbox in the RNAME: its first label is the local part (escape dots in it as \\.), the rest is the mail domain.");
    public static readonly MessageTag Rfc822Valid = new("RNAME_RFC822_VALID", Severity.Info, null, "The SOA RNAME gives the well-formed mailbox {rname}.");

    public override string Id => "SYNTAX06";

    public override string Module => "Syntax";

    public override IReadOnlyList<MessageTag> Tags { get; } = [Rfc822Invalid, Rfc822Valid];

    public override IEnumerable<CheckMessage> Evaluate(ZoneFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        // Zonemaster skips this test when no server returned the SOA (SYNTAX05 said so already).
        if (!SyntaxFacts.ZoneNameUsable(facts) || SyntaxFacts.FirstSoa(facts) is null)
        {
            yield break;
        }

        var valid = new SortedSet<string>(StringComparer.Ordinal);
        var invalid = false;
        foreach (var group in facts.Servers.GroupBy(s => s.Server.Address))
        {
            var server = group.First();
            // Silent servers and answers without the SOA are skipped: Zonemaster's DEBUG tags for them
            // (NO_RESPONSE, NO_RESPONSE_SOA_QUERY) are declared by CONSISTENCY06 here, a tag being declared once.
            if (server.SoaUdp.Answered() is not { } m || MessageReading.Soa(m.Answers, facts.Zone) is not { } soa)
            {
                continue;
            }

            var mailbox = MailboxRules.ToMailbox(soa.Responsible);
            if (MailboxRules.IsValidMailbox(soa.Responsible))
            {
                valid.Add(mailbox);
            }
            else
            {
                invalid = true;
                yield return Emit(Rfc822Invalid, [server.EvidenceOf(server.SoaUdp)], ("ns", server.Server), ("rname", Printable(mailbox)));
            }
        }

        if (!invalid)
        {
            foreach (var mailbox in valid)
            {
                yield return Emit(Rfc822Valid, null, ("rname", mailbox));
            }
        }
    }

    /// <summary>The mailbox with octets outside printable ASCII (space included) shown as \DDD.</summary>
    private static string Printable(string mailbox) =>
        string.Concat(mailbox.Select(c => c is > ' ' and <= '~' ? c.ToString() : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"\\{(int)c:D3}")));
}
