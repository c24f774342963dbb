using System.Net;
using Dnscert.Checks.Facts;
using Dnscert.Checks.Messages;
using Dnscert.Checks.Rules;
using Dnscert.Core;
using Dnscert.Core.Catalog;
using Dnscert.Dns;

namespace Dnscert.Checks.Syntax;

/// <summary>
/// SYNTAX06: the SOA RNAME of every name server reads as an RFC 5322 mailbox whose mail domain can take mail:
/// its MX lookup succeeds and each mail host (an MX target, or the domain itself without MX) has an address
/// that is not localhost and is not reached through a CNAME.
/// </summary>
public sealed class RnameMailboxCheck : CheckBase
{
    public static readonly MessageTag Rfc822Invalid = new("RNAME_RFC822_INVALID", Severity.Warning, ThreatTypes.ZoneContent,
        "The SOA RNAME of {ns} gives the mailbox \"{rname}\", which is not a valid e-mail address.",
        "Put a reachable mailbox in the RNAME: its first label is the local part (escape dots in it as \\.), the rest is the mail domain.");
    public static readonly MessageTag MailDomainInvalid = new("RNAME_MAIL_DOMAIN_INVALID", Severity.Notice, ThreatTypes.ZoneContent,
        "Mail for the SOA RNAME cannot be delivered through {domain}: no MX answer or no usable address.",
        "Give the RNAME's mail domain an MX (or an address) that leads to a working mail server.");
    public static readonly MessageTag MailDomainLocalhost = new("RNAME_MAIL_DOMAIN_LOCALHOST", Severity.Warning, ThreatTypes.ZoneContent,
        "The mail host {domain} of the SOA RNAME resolves to the loopback address {localhost}.",
        "Point the mail domain at a mail server that can be reached from outside.");
    public static readonly MessageTag MailIllegalCname = new("RNAME_MAIL_ILLEGAL_CNAME", Severity.Warning, ThreatTypes.ZoneContent,
        "The mail host {domain} of the SOA RNAME is an alias (CNAME), which mail exchangers may not be.",
        "Point the MX at the canonical name of the mail server.");
    public static readonly MessageTag Rfc822Valid = new("RNAME_RFC822_VALID", Severity.Info, null, "The SOA RNAME gives the mailbox {rname}, which can receive mail.");

    public override string Id => "SYNTAX06";

    public override string Module => "Syntax";

    public override IReadOnlyList<MessageTag> Tags { get; } = [Rfc822Invalid, MailDomainInvalid, MailDomainLocalhost, MailIllegalCname, Rfc822Valid];

    public override IEnumerable<CheckMessage> Evaluate(ZoneFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        // Zonemaster skips this test when no server returned the SOA (SYNTAX05 said so already).
        if (!SyntaxFacts.ZoneNameUsable(facts) || SyntaxFacts.FirstSoa(facts) is null)
        {
            return [];
        }

        var messages = new List<CheckMessage>();
        var candidates = new SortedSet<string>(StringComparer.Ordinal);
        var seenHosts = new HashSet<DomainName>();
        var seenDomains = new HashSet<DomainName>();
        var judgedHosts = 0;
        var invalidHosts = 0;
        var syntaxOnly = facts.RnameMailDomains.Count == 0;
        foreach (var group in facts.Servers.GroupBy(s => s.Server.Address))
        {
            // Silent servers and answers without the SOA are skipped: Zonemaster's DEBUG tags for them
            // (NO_RESPONSE, NO_RESPONSE_SOA_QUERY) are declared by CONSISTENCY06 here, a tag being declared once.
            var server = group.First();
            if (server.SoaUdp.Answered() is not { } m || MessageReading.Soa(m.Answers, facts.Zone) is not { } soa)
            {
                continue;
            }

            var mailbox = MailboxRules.ToMailbox(soa.Responsible);
            if (!MailboxRules.IsValidMailbox(soa.Responsible))
            {
                messages.Add(Emit(Rfc822Invalid, [server.EvidenceOf(server.SoaUdp)], ("ns", server.Server), ("rname", Printable(mailbox))));
                continue;
            }

            // Facts without the mail-domain lookup (built by hand, or replayed from an older recording): syntax only.
            if (syntaxOnly || !facts.RnameMailDomains.TryGetValue(soa.Responsible.Parent, out var mail))
            {
                candidates.Add(mailbox);
                judgedHosts++;
                continue;
            }

            if (!mail.MxNoError)
            {
                // Said once per domain, however many servers name it.
                if (seenDomains.Add(mail.Domain))
                {
                    messages.Add(Emit(MailDomainInvalid, mail.Evidence, ("domain", mail.Domain)));
                }

                continue;
            }

            foreach (var host in mail.Hosts.Where(h => seenHosts.Add(h.Name)))
            {
                judgedHosts++;
                var usable = Judge(host, host.V4, host.V4Cname, IPAddress.Loopback, messages) | Judge(host, host.V6, host.V6Cname, IPAddress.IPv6Loopback, messages);
                if (usable)
                {
                    candidates.Add(mailbox);
                }
                else
                {
                    messages.Add(Emit(MailDomainInvalid, host.Evidence, ("domain", host.Name)));
                    candidates.Remove(mailbox);
                    invalidHosts++;
                }
            }
        }

        if (judgedHosts > 0 && invalidHosts == 0)
        {
            messages.AddRange(candidates.Select(c => Emit(Rfc822Valid, null, ("rname", c))));
        }

        return messages;
    }

    /// <summary>One address family of a mail host: true when it gives an address that is neither loopback nor behind a CNAME.</summary>
    private bool Judge(MailHostFacts host, IReadOnlyList<IPAddress> addresses, bool cname, IPAddress loopback, List<CheckMessage> messages)
    {
        if (cname)
        {
            messages.Add(Emit(MailIllegalCname, host.Evidence, ("domain", host.Name)));
            return false;
        }

        if (addresses.Contains(loopback))
        {
            messages.Add(Emit(MailDomainLocalhost, host.Evidence, ("domain", host.Name), ("localhost", loopback)));
            return false;
        }

        return addresses.Count > 0;
    }

    /// <summary>The mailbox with octets outside printable ASCII (space included) shown as \DDD.</summary>
    private static string Printable(string mailbox) =>
        string.Concat(mailbox.Select(c => c is > ' ' and <= '~' ? c.ToString() : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"\\{(int)c:D3}")));
}
