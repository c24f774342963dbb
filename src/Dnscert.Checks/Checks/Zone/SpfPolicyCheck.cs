using System.Net;
using System.Text;
using Dnscert.Checks.Facts;
using Dnscert.Checks.Messages;
using Dnscert.Checks.Rules;
using Dnscert.Core;
using Dnscert.Core.Catalog;
using Dnscert.Dns;
using Dnscert.Dns.Records;
using Dnscert.Dns.Wire;

namespace Dnscert.Checks.Zone;

/// <summary>
/// ZONE11: the SPF policy (RFC 7208) at the zone apex: at most one, the same on every name server, with valid
/// syntax; and none, or only the null policy, for the root, TLDs and zones under .arpa, which send no mail.
/// </summary>
public sealed class SpfPolicyCheck : CheckBase
{
    public static readonly MessageTag DifferentPoliciesFound = new("Z11_DIFFERENT_SPF_POLICIES_FOUND", Severity.Notice, ThreatTypes.InconsistentZone,
        "These name servers agree on one SPF answer ({policies}): {ns_list}.");
    public static readonly MessageTag InconsistentPolicies = new("Z11_INCONSISTENT_SPF_POLICIES", Severity.Warning, ThreatTypes.InconsistentZone,
        "The name servers do not all return the same SPF policy, so receivers judge mail differently depending on the server they ask.",
        "Publish the same TXT RRset on every name server (check that zone transfers reach all of them).");
    public static readonly MessageTag NoSpfFound = new("Z11_NO_SPF_FOUND", Severity.Notice, ThreatTypes.MailPolicy,
        "{domain} publishes no SPF policy.", "Publish one TXT record \"v=spf1 ...\" naming the hosts that send its mail, or \"v=spf1 -all\" if none does.");
    public static readonly MessageTag NoSpfNonMailDomain = new("Z11_NO_SPF_NON_MAIL_DOMAIN", Severity.Info, null,
        "{domain} publishes no SPF policy; as the root, a TLD or a zone under .arpa it is not expected to send mail.");
    public static readonly MessageTag NonNullSpfNonMailDomain = new("Z11_NON_NULL_SPF_NON_MAIL_DOMAIN", Severity.Notice, ThreatTypes.MailPolicy,
        "{domain} is the root, a TLD or a zone under .arpa, which sends no mail, yet its SPF policy authorises senders.",
        "Use the null policy \"v=spf1 -all\", or none.");
    public static readonly MessageTag NullSpfNonMailDomain = new("Z11_NULL_SPF_NON_MAIL_DOMAIN", Severity.Info, null,
        "{domain} publishes the null SPF policy, fitting for the root, a TLD or a zone under .arpa that sends no mail.");
    public static readonly MessageTag MultipleRecords = new("Z11_SPF_MULTIPLE_RECORDS", Severity.Warning, ThreatTypes.MailPolicy,
        "These name servers return more than one SPF policy, which makes every SPF evaluation a permanent error: {ns_list}.",
        "Merge the policies into a single TXT record starting with \"v=spf1\".");
    public static readonly MessageTag SyntaxError = new("Z11_SPF_SYNTAX_ERROR", Severity.Warning, ThreatTypes.MailPolicy,
        "The SPF policy of {domain}, returned by {ns_list}, breaks the RFC 7208 grammar ({reason}).",
        "Fix the policy; receivers treat a malformed policy as a permanent error and may reject or accept the mail.");
    public static readonly MessageTag SyntaxOk = new("Z11_SPF_SYNTAX_OK", Severity.Info, null, "The SPF policy of {domain} is well formed.");
    public static readonly MessageTag UnableToCheck = new("Z11_UNABLE_TO_CHECK_FOR_SPF", Severity.Warning, ThreatTypes.ProtocolViolation,
        "No name server gave an authoritative NOERROR answer to the TXT query for the apex of {domain}, so its SPF policy is unknown.",
        "Make every name server answer TXT queries for the zone authoritatively.");

    public override string Id => "ZONE11";

    public override string Module => "Zone";

    public override IReadOnlyList<MessageTag> Tags { get; } =
        [DifferentPoliciesFound, InconsistentPolicies, NoSpfFound, NoSpfNonMailDomain, NonNullSpfNonMailDomain, NullSpfNonMailDomain, MultipleRecords, SyntaxError, SyntaxOk, UnableToCheck];

    public override IEnumerable<CheckMessage> Evaluate(ZoneFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);

        // One query per distinct address; every name that points at the address is named with its answer.
        var byAddress = facts.Servers.GroupBy(s => s.Server.Address).ToList();
        var answered = new List<(IPAddress Address, ServerFacts First, string Names, List<string> Policies)>();
        foreach (var group in byAddress)
        {
            var first = group.First();
            if (first.Txt.Answered() is not { } m || m.ResponseCode != DnsResponseCode.NoError || !m.IsAuthoritative())
            {
                continue;
            }

            var names = string.Join(";", group.Select(s => s.Server.ToString()).Distinct().Order(StringComparer.Ordinal));
            answered.Add((group.Key, first, names, Policies(m, facts.Zone)));
        }

        // No server at all (no delegation found): BASIC01 reports that; there was nobody to ask.
        if (answered.Count == 0 && byAddress.Count > 0)
        {
            yield return Emit(UnableToCheck, byAddress.Take(3).Select(g => g.First().EvidenceOf(g.First().Txt)), ("domain", facts.Zone));
            yield break;
        }

        if (answered.Count == 0)
        {
            yield break;
        }

        var nonMail = facts.Zone.IsRoot || facts.Zone.LabelCount == 1 || facts.Zone.IsSubdomainOf(s_arpa);
        if (answered.All(a => a.Policies.Count == 0))
        {
            yield return nonMail
                ? Emit(NoSpfNonMailDomain, null, ("domain", facts.Zone))
                : Emit(NoSpfFound, answered.Take(2).Select(a => a.First.EvidenceOf(a.First.Txt)), ("domain", facts.Zone));
            yield break;
        }

        var sets = answered.GroupBy(a => string.Join("\n", a.Policies.Order(StringComparer.Ordinal)), StringComparer.Ordinal).ToList();
        if (sets.Count > 1)
        {
            yield return Emit(InconsistentPolicies, sets.Select(g => g.First()).Select(a => a.First.EvidenceOf(a.First.Txt)));
            foreach (var set in sets)
            {
                var policies = set.First().Policies;
                var shown = policies.Count == 0 ? "no SPF policy" : string.Join(" | ", policies.Select(Show));
                yield return Emit(DifferentPoliciesFound, set.Select(a => a.First.EvidenceOf(a.First.Txt)).Take(2),
                    ("policies", shown), ("ns_list", string.Join(";", set.Select(a => a.Names))));
            }

            yield break;
        }

        var multiple = answered.Where(a => a.Policies.Count > 1).ToList();
        if (multiple.Count > 0)
        {
            yield return Emit(MultipleRecords, multiple.Take(2).Select(a => a.First.EvidenceOf(a.First.Txt)), ("ns_list", string.Join(";", multiple.Select(a => a.Names))));
            yield break;
        }

        var policy = answered[0].Policies[0];
        var verdict = SpfPolicyValidator.Validate(policy);
        if (!verdict.IsValid)
        {
            yield return Emit(SyntaxError, answered.Take(2).Select(a => a.First.EvidenceOf(a.First.Txt)),
                ("domain", facts.Zone), ("ns_list", string.Join(";", answered.Select(a => a.Names))), ("reason", $"{verdict.Error}, at character {verdict.Position + 1}"));
            yield break;
        }

        if (nonMail)
        {
            yield return verdict.IsNullPolicy
                ? Emit(NullSpfNonMailDomain, null, ("domain", facts.Zone))
                : Emit(NonNullSpfNonMailDomain, answered.Take(2).Select(a => a.First.EvidenceOf(a.First.Txt)), ("domain", facts.Zone));
            yield break;
        }

        yield return Emit(SyntaxOk, null, ("domain", facts.Zone));
    }

    /// <summary>
    /// The SPF policies of one answer: each TXT record at the apex whose strings, joined without separator
    /// (RFC 7208 §3.3), read "v=spf1" alone or followed by a space, in any case; lowercased for comparison.
    /// </summary>
    public static List<string> Policies(DnsMessage message, DomainName zone)
    {
        ArgumentNullException.ThrowIfNull(message);
        var policies = new List<string>();
        foreach (var r in message.Answers)
        {
            if (r.Type != RRType.TXT || r.Owner != zone || r.GetData() is not TxtRecordData txt)
            {
                continue;
            }

            var text = Concatenate(txt);
            if (text.StartsWith("v=spf1", StringComparison.Ordinal) && (text.Length == 6 || text[6] == ' '))
            {
                policies.Add(text);
            }
        }

        return policies;
    }

    /// <summary>The record's strings joined, ASCII-lowercased, one char per octet (Latin-1) so no octet is lost.</summary>
    private static string Concatenate(TxtRecordData txt)
    {
        var bytes = new List<byte>();
        foreach (var s in txt.Strings)
        {
            foreach (var b in s.Span)
            {
                bytes.Add(b is >= (byte)'A' and <= (byte)'Z' ? (byte)(b | 0x20) : b);
            }
        }

        return Encoding.Latin1.GetString([.. bytes]);
    }

    /// <summary>A policy quoted for a message, with octets outside printable ASCII escaped.</summary>
    private static string Show(string policy)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in policy)
        {
            _ = c is >= ' ' and <= '~' and not '"' and not '\\' ? builder.Append(c) : builder.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\{(int)c:D3}");
        }

        return builder.Append('"').ToString();
    }

    private static readonly DomainName s_arpa = DomainName.Parse("arpa.");
}
