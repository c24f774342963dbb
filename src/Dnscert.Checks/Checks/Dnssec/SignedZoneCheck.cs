using Dnscert.Checks.Facts;
using Dnscert.Checks.Messages;
using Dnscert.Core;
using Dnscert.Core.Catalog;
using Dnscert.Dns;
using Dnscert.Dns.Records;
using Dnscert.Dns.Transport;
using Dnscert.Dns.Wire;

namespace Dnscert.Checks.Dnssec;

/// <summary>
/// DNSSEC07: is the zone signed on every server, and does every parent server publish a signed DS for it?
/// A signed zone without DS is not secured; servers that disagree make validation depend on which one answers.
/// </summary>
public sealed class SignedZoneCheck : CheckBase
{
    public static readonly MessageTag DsForSigned = new("DS07_DS_FOR_SIGNED_ZONE", Severity.Info, null, "The parent publishes DS for the signed zone.");
    public static readonly MessageTag DsOnParentServer = new("DS07_DS_ON_PARENT_SERVER", Severity.Info, null, "These parent servers answer with DS for the zone: {ns_list}.");
    public static readonly MessageTag InconsistentDs = new("DS07_INCONSISTENT_DS", Severity.Error, ThreatTypes.InconsistentZone,
        "Parent servers disagree: some publish DS for the zone, others do not.", "The registry's servers are out of sync; report it to the registry.");
    public static readonly MessageTag InconsistentSigned = new("DS07_INCONSISTENT_SIGNED", Severity.Error, ThreatTypes.InconsistentZone,
        "The zone's servers disagree: some serve a signed DNSKEY set, others none.", "Load the signed zone on every server; an unsigned server breaks validation whenever it answers.");
    public static readonly MessageTag NonAuthDnskey = new("DS07_NON_AUTH_RESPONSE_DNSKEY", Severity.Warning, ThreatTypes.LameDelegation,
        "These servers answer the DNSKEY query (DO set) without authority: {ns_list}.", "Make sure each server is authoritative for the zone.");
    public static readonly MessageTag NotSigned = new("DS07_NOT_SIGNED", Severity.Warning, ThreatTypes.DnssecWeak,
        "The zone is not signed.", "Sign the zone and publish its DS at the parent, so answers can be validated.");
    public static readonly MessageTag NotSignedOnServer = new("DS07_NOT_SIGNED_ON_SERVER", Severity.Warning, ThreatTypes.DnssecWeak,
        "These servers serve no signed DNSKEY set (the zone is unsigned there): {ns_list}.", "Sign the zone and serve the signed version from every server.");
    public static readonly MessageTag NoDsOnParentServer = new("DS07_NO_DS_ON_PARENT_SERVER", Severity.Warning, ThreatTypes.DnssecWeak,
        "These parent servers answer without a signed DS for the zone: {ns_list}.", "Submit the DS (or CDS) of the zone's key to the registry.");
    public static readonly MessageTag NoDsForSigned = new("DS07_NO_DS_FOR_SIGNED_ZONE", Severity.Warning, ThreatTypes.DnssecWeak,
        "The zone is signed but the parent publishes no DS, so validators treat it as unsigned.", "Submit the DS (or CDS) of the zone's key to the registry.");
    public static readonly MessageTag NoResponseDnskey = new("DS07_NO_RESPONSE_DNSKEY", Severity.Warning, ThreatTypes.UnreachableNameServer,
        "These servers did not answer the DNSKEY query with DO set: {ns_list}.", "Servers must answer DNSSEC queries; check firewalls that drop large or EDNS answers.");
    public static readonly MessageTag ZoneSigned = new("DS07_SIGNED", Severity.Info, null, "The zone is signed.");
    public static readonly MessageTag SignedOnServer = new("DS07_SIGNED_ON_SERVER", Severity.Info, null, "These servers serve a signed DNSKEY set: {ns_list}.");
    public static readonly MessageTag UnexpectedRcodeDnskey = new("DS07_UNEXP_RCODE_RESP_DNSKEY", Severity.Warning, ThreatTypes.ProtocolViolation,
        "These servers answered the DNSKEY query (DO set) with {rcode} instead of NOERROR: {ns_list}.", "The zone's apex exists; DNSKEY must be answered with NOERROR.");

    public override string Id => "DNSSEC07";

    public override string Module => "DNSSEC";

    public override IReadOnlyList<MessageTag> Tags { get; } =
        [DsForSigned, DsOnParentServer, InconsistentDs, InconsistentSigned, NonAuthDnskey, NotSigned, NotSignedOnServer, NoDsOnParentServer, NoDsForSigned, NoResponseDnskey, ZoneSigned, SignedOnServer, UnexpectedRcodeDnskey];

    public override IEnumerable<CheckMessage> Evaluate(ZoneFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var children = facts.Servers.ToList();
        if (children.Count == 0)
        {
            yield break;
        }

        var ignored = new List<ServerFacts>();
        var noResponse = new List<ServerFacts>();
        var nonAuth = new List<ServerFacts>();
        var badRcode = new List<(ServerFacts Server, DnsResponseCode Rcode)>();
        var noKeys = new List<ServerFacts>();
        var signed = new List<ServerFacts>();
        foreach (var s in children)
        {
            if (!s.AuthoritativeForZone)
            {
                ignored.Add(s);
            }
            else if (s.Dnskey.Answered() is not { } m)
            {
                noResponse.Add(s);
            }
            else if (!m.IsAuthoritative())
            {
                nonAuth.Add(s);
            }
            else if (m.ResponseCode != DnsResponseCode.NoError)
            {
                badRcode.Add((s, m.ResponseCode));
            }
            else
            {
                (HasSigned(m.Answers, facts.Zone, RRType.DNSKEY) ? signed : noKeys).Add(s);
            }
        }

        var dsIn = new List<ParentDsResponse>();
        var noDs = new List<ParentDsResponse>();
        var dsGivenByHand = facts.UndelegatedDs && signed.Count > 0;
        if (signed.Count > 0 && !facts.UndelegatedDs && !facts.Undelegated)
        {
            foreach (var p in facts.ParentDsResponses.Where(p => p.IsValidDnssecResponse))
            {
                (p.Outcome.Answered() is { } pm && HasSigned(pm.Answers, facts.Zone, RRType.DS) ? dsIn : noDs).Add(p);
            }
        }

        if (signed.Count == 0 && noKeys.Count == 0)
        {
            yield return Emit(NotSigned, Evidence(children, s => s.Dnskey));
        }

        if (noResponse.Count > 0)
        {
            yield return Emit(NoResponseDnskey, Evidence(noResponse, s => s.Dnskey), ("ns_list", List(noResponse)));
        }

        if (nonAuth.Count > 0)
        {
            yield return Emit(NonAuthDnskey, Evidence(nonAuth, s => s.Dnskey), ("ns_list", List(nonAuth)));
        }

        foreach (var group in badRcode.GroupBy(b => b.Rcode))
        {
            var servers = group.Select(g => g.Server).ToList();
            yield return Emit(UnexpectedRcodeDnskey, Evidence(servers, s => s.Dnskey), ("rcode", group.Key.ToString().ToUpperInvariant()), ("ns_list", List(servers)));
        }

        if (signed.Count > 0)
        {
            yield return Emit(SignedOnServer, null, ("ns_list", List(signed)));
        }

        if (noKeys.Count > 0)
        {
            yield return Emit(NotSignedOnServer, Evidence(noKeys, s => s.Dnskey), ("ns_list", List(noKeys)));
        }

        if (signed.Count > 0 && noKeys.Count > 0)
        {
            yield return Emit(InconsistentSigned, Evidence([.. signed, .. noKeys], s => s.Dnskey));
        }
        else if (signed.Count > 0)
        {
            yield return Emit(ZoneSigned);
        }
        else if (noKeys.Count > 0)
        {
            yield return Emit(NotSigned, Evidence(noKeys, s => s.Dnskey));
        }

        if (noDs.Count > 0)
        {
            yield return Emit(NoDsOnParentServer, noDs.Select(p => EvidenceBuilder.From(p.Server, p.Outcome)), ("ns_list", string.Join(";", noDs.Select(p => p.Server))));
        }

        var hasDs = dsIn.Count > 0 || dsGivenByHand;
        if (hasDs)
        {
            yield return Emit(DsOnParentServer, null, ("ns_list", dsGivenByHand ? "-" : string.Join(";", dsIn.Select(p => p.Server))));
        }

        if (noDs.Count > 0 && hasDs)
        {
            yield return Emit(InconsistentDs, noDs.Concat(dsIn).Select(p => EvidenceBuilder.From(p.Server, p.Outcome)));
        }

        if (noKeys.Count == 0 && signed.Count > 0)
        {
            if (noDs.Count > 0 && !hasDs)
            {
                yield return Emit(NoDsForSigned, [.. noDs.Select(p => EvidenceBuilder.From(p.Server, p.Outcome)), .. Evidence(signed, s => s.Dnskey)]);
            }
            else if (noDs.Count == 0 && hasDs)
            {
                yield return Emit(DsForSigned);
            }
        }
    }

    /// <summary>At least one record of the type at the zone apex and one RRSIG covering it.</summary>
    private static bool HasSigned(ReadOnlySpan<DnsRecord> answers, DomainName zone, RRType type)
    {
        var (records, signatures) = (false, false);
        foreach (var r in answers)
        {
            if (r.Owner != zone)
            {
                continue;
            }

            records |= r.Type == type;
            signatures |= r.Type == RRType.RRSIG && r.GetData() is RrsigRecordData sig && sig.TypeCovered == type;
        }

        return records && signatures;
    }

    private static string List(IEnumerable<ServerFacts> servers) => string.Join(";", servers.Select(s => s.Server).Distinct());

    private static IEnumerable<Evidence> Evidence(IEnumerable<ServerFacts> servers, Func<ServerFacts, DnsExchangeOutcome?> probe) =>
        servers.Select(s => s.EvidenceOf(probe(s)));
}
