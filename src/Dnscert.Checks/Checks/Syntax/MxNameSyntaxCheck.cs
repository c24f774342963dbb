using Dnscert.Checks.Facts;
using Dnscert.Checks.Messages;
using Dnscert.Core;
using Dnscert.Core.Catalog;

namespace Dnscert.Checks.Syntax;

/// <summary>SYNTAX08: every MX target of the zone apex is a valid host name (RFC 5321 §2.3.5).</summary>
public sealed class MxNameSyntaxCheck : HostNameSyntaxCheck
{
    public static readonly MessageTag MxNonAllowedChars = new("MX_NON_ALLOWED_CHARS", Severity.Warning, ThreatTypes.ZoneContent,
        "The mail exchanger name {domain} holds characters other than letters, digits and hyphens.",
        "Point the MX at a host name of letters, digits and hyphens; some mail servers refuse other names.");
    public static readonly MessageTag MxDiscouragedDoubleDash = new("MX_DISCOURAGED_DOUBLE_DASH", Severity.Warning, ThreatTypes.ZoneContent,
        "The label \"{label}\" of the mail exchanger name {domain} has \"--\" in positions 3 and 4 without being an xn-- label.",
        "Avoid \"--\" in positions 3-4 except in valid A-labels (xn--).");
    public static readonly MessageTag MxNumericTld = new("MX_NUMERIC_TLD", Severity.Warning, ThreatTypes.ZoneContent,
        "The mail exchanger name {domain} ends in the all-digit top label \"{tld}\".",
        "Point the MX at a name under an existing top-level domain.");
    public static readonly MessageTag MxSyntaxOk = new("MX_SYNTAX_OK", Severity.Info, null, "The mail exchanger name {domain} is a valid host name.");
    public static readonly MessageTag NoResponseMxQuery = new("NO_RESPONSE_MX_QUERY", Severity.Debug, null, "No name server answered the MX query for the zone.");

    public override string Id => "SYNTAX08";

    public override IReadOnlyList<MessageTag> Tags { get; } = [MxNonAllowedChars, MxDiscouragedDoubleDash, MxNumericTld, MxSyntaxOk, NoResponseMxQuery];

    protected override MessageTag NonAllowedChars => MxNonAllowedChars;

    protected override MessageTag DiscouragedDoubleDash => MxDiscouragedDoubleDash;

    protected override MessageTag NumericTld => MxNumericTld;

    protected override MessageTag SyntaxOk => MxSyntaxOk;

    public override IEnumerable<CheckMessage> Evaluate(ZoneFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        if (!SyntaxFacts.ZoneNameUsable(facts))
        {
            return [];
        }

        // Like Zonemaster, the first server that answers at all speaks for the zone.
        var server = facts.Servers.FirstOrDefault(s => s.Mx.Answered() is not null);
        if (server is null)
        {
            return [Emit(NoResponseMxQuery)];
        }

        // A null MX (".", RFC 7505) has no label to fault, so it passes, as in Zonemaster.
        var targets = MessageReading.Mx(server.Mx.Answered()!.Answers, facts.Zone).Select(m => m.Exchange).Distinct().Order();
        IReadOnlyList<Messages.Evidence> evidence = [server.EvidenceOf(server.Mx)];
        return JudgeNames(targets.Select(t => (t, evidence)));
    }
}
