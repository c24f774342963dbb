using Dnscert.Checks.Facts;
using Dnscert.Checks.Messages;
using Dnscert.Core;
using Dnscert.Core.Catalog;
using Dnscert.Dns.Records;
using Dnscert.Dns.Wire;

namespace Dnscert.Checks.Zone;

/// <summary>ZONE09: does the zone publish a usable, consistent MX RRset (or a valid null MX, RFC 7505)?</summary>
public sealed class MailExchangeCheck : CheckBase
{
    public static readonly MessageTag MxFound = new("Z09_MX_FOUND", Severity.Info, null, "Name servers {ns_list} return an MX RRset.");
    public static readonly MessageTag MxData = new("Z09_MX_DATA", Severity.Info, null, "The MX RRset is {mxrdata_list}.");
    public static readonly MessageTag ValidNullMx = new("Z09_VALID_NULL_MX", Severity.Info, null, "The zone publishes a null MX: it accepts no mail.");
    public static readonly MessageTag NullMxNonZeroPref = new("Z09_NULL_MX_NON_ZERO_PREF", Severity.Notice, ThreatTypes.ZoneContent, "The null MX has preference {preference}; RFC 7505 says 0.");
    public static readonly MessageTag NullMxWithOther = new("Z09_NULL_MX_WITH_OTHER_MX", Severity.Warning, ThreatTypes.ZoneContent, "The zone publishes a null MX together with other MX records.");
    public static readonly MessageTag MissingMail = new("Z09_MISSING_MAIL_TARGET", Severity.Notice, ThreatTypes.ZoneContent,
        "The zone {domain} publishes no MX, so mail falls back to its address records.", "Publish an MX, or a null MX (\". 0\") if the domain takes no mail.");
    public static readonly MessageTag RootEmailDomain = new("Z09_ROOT_EMAIL_DOMAIN", Severity.Notice, ThreatTypes.ZoneContent, "The root zone publishes a non-null MX RRset.");
    public static readonly MessageTag TldEmailDomain = new("Z09_TLD_EMAIL_DOMAIN", Severity.Notice, ThreatTypes.ZoneContent, "The top-level domain {domain} publishes a non-null MX RRset.");
    public static readonly MessageTag ArpaEmailDomain = new("Z09_ARPA_EMAIL_DOMAIN", Severity.Notice, ThreatTypes.ZoneContent, "The zone {domain} in the .arpa tree publishes a non-null MX RRset.");
    public static readonly MessageTag InconsistentMx = new("Z09_INCONSISTENT_MX", Severity.Warning, ThreatTypes.InconsistentZone, "Some name servers return an MX RRset and others none.");
    public static readonly MessageTag InconsistentMxData = new("Z09_INCONSISTENT_MX_DATA", Severity.Warning, ThreatTypes.InconsistentZone, "Name servers return different MX RRsets: {values}.");
    public static readonly MessageTag TargetNoAddress = new("MX_TARGET_NO_ADDRESS", Severity.Warning, ThreatTypes.ZoneContent,
        "The MX target {target} has no address record.", "Add A/AAAA records for the mail exchanger, or fix the MX.");

    public override string Id => "ZONE09";

    public override string Module => "Zone";

    public override IReadOnlyList<MessageTag> Tags { get; } = [MxFound, MxData, RootEmailDomain, TldEmailDomain, ArpaEmailDomain, ValidNullMx, NullMxNonZeroPref, NullMxWithOther, MissingMail, InconsistentMx, InconsistentMxData, TargetNoAddress];

    public override IEnumerable<CheckMessage> Evaluate(ZoneFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var answers = facts.Servers
            .Select(s => (Server: s, Message: s.Mx.Answered()))
            .Where(a => a.Message is { } m && m.IsAuthoritative() && m.ResponseCode == DnsResponseCode.NoError)
            .Select(a => (a.Server, Mx: MessageReading.Mx(a.Message!.Answers, facts.Zone)))
            .ToList();
        if (answers.Count == 0)
        {
            yield break;
        }

        var evidence = answers.Take(2).Select(a => a.Server.EvidenceOf(a.Server.Mx)).ToList();
        var withMx = answers.Where(a => a.Mx.Count > 0).ToList();
        // The root, TLDs and .arpa zones are not mail domains: no MX is expected there, and a non-null one is odd.
        var special = facts.Zone.IsRoot ? RootEmailDomain
            : facts.Zone.LabelCount == 1 ? TldEmailDomain
            : facts.Zone.IsSubdomainOf(s_arpa) ? ArpaEmailDomain
            : null;
        if (withMx.Count == 0)
        {
            if (special is null)
            {
                yield return Emit(MissingMail, evidence, ("domain", facts.Zone));
            }

            yield break;
        }

        if (withMx.Count < answers.Count)
        {
            yield return Emit(InconsistentMx, evidence);
        }

        var sets = withMx.GroupBy(a => Describe(a.Mx), StringComparer.OrdinalIgnoreCase).ToList();
        if (sets.Count > 1)
        {
            yield return Emit(InconsistentMxData, evidence, ("values", string.Join(" | ", sets.Select(g => g.Key))));
        }

        yield return Emit(MxFound, null, ("ns_list", string.Join(";", withMx.Select(a => a.Server.Server))));
        var mx = withMx[0].Mx;
        if (special is not null && mx.Any(m => !m.Exchange.IsRoot))
        {
            yield return special == RootEmailDomain ? Emit(special, evidence) : Emit(special, evidence, ("domain", facts.Zone));
            yield break;
        }

        yield return Emit(MxData, null, ("mxrdata_list", Describe(mx)));
        var nulls = mx.Where(m => m.Exchange.IsRoot).ToList();
        if (nulls.Count > 0)
        {
            if (mx.Count > nulls.Count)
            {
                yield return Emit(NullMxWithOther, evidence);
            }
            else if (nulls.Any(n => n.Preference != 0))
            {
                yield return Emit(NullMxNonZeroPref, evidence, ("preference", nulls.First(n => n.Preference != 0).Preference));
            }
            else
            {
                yield return Emit(ValidNullMx, null);
            }
        }

        foreach (var (target, addresses) in facts.MxTargetAddresses.Where(t => t.Value.Count == 0))
        {
            yield return Emit(TargetNoAddress, evidence, ("target", target));
        }
    }

    private static readonly Dns.DomainName s_arpa = Dns.DomainName.Parse("arpa.");

    private static string Describe(List<MxRecordData> mx) => string.Join(";", mx.Select(m => m.ToString()).Order(StringComparer.OrdinalIgnoreCase));
}
