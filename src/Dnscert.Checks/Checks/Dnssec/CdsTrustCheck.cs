using Dnscert.Checks.Facts;
using Dnscert.Checks.Messages;
using Dnscert.Core;
using Dnscert.Core.Catalog;
using Dnscert.Dns;
using Dnscert.Dns.Dnssec;
using Dnscert.Dns.Records;

namespace Dnscert.Checks.Dnssec;

/// <summary>
/// DNSSEC18: a parent may only act on CDS/CDNSKEY it can trust through the current DS (RFC 7344 §4.1), so the
/// CDS and CDNSKEY RRsets must each carry a valid signature by a key that a DS at the parent points to.
/// </summary>
public sealed class CdsTrustCheck : CheckBase
{
    public static readonly MessageTag NoMatchCds = new("DS18_NO_MATCH_CDS_RRSIG_DS", Severity.Error, ThreatTypes.DnssecBogus,
        "The CDS RRset has no valid signature by a key that a DS at the parent points to; servers: {ns_ip_list}.",
        "Sign the CDS RRset with the KSK the current DS names, or the parent cannot accept the change.");
    public static readonly MessageTag NoMatchCdnskey = new("DS18_NO_MATCH_CDNSKEY_RRSIG_DS", Severity.Error, ThreatTypes.DnssecBogus,
        "The CDNSKEY RRset has no valid signature by a key that a DS at the parent points to; servers: {ns_ip_list}.",
        "Sign the CDNSKEY RRset with the KSK the current DS names, or the parent cannot accept the change.");

    public override string Id => "DNSSEC18";

    public override string Module => "DNSSEC";

    public override IReadOnlyList<MessageTag> Tags { get; } = [NoMatchCds, NoMatchCdnskey];

    public override IEnumerable<CheckMessage> Evaluate(ZoneFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        if (facts.ParentDs.Count == 0)
        {
            yield break;
        }

        using var cache = new DnssecKeyCache();
        var verifier = new RrsigVerifier(cache);
        foreach (var (type, tag) in new[] { (RRType.CDS, NoMatchCds), (RRType.CDNSKEY, NoMatchCdnskey) })
        {
            var failing = new List<ChildKeyRecords>();
            foreach (var set in ChildKeyRecords.Of(facts, type).Where(s => !s.IsEmpty))
            {
                if (set.DnskeySet(facts.Zone).Keys is not { } keyRrset)
                {
                    continue;
                }

                var dsKeys = keyRrset.Records.Cast<DnskeyRecordData>().Where(k => facts.ParentDs.Any(ds => DsDigest.Match(ds, facts.Zone, k) == DsMatch.Match));
                if (!dsKeys.Any(k => ChildKeyRecords.SignedBy(verifier, set.Records!, set.Signatures, k, facts.Zone, facts.CheckedAt)))
                {
                    failing.Add(set);
                }
            }

            if (failing.Count > 0)
            {
                yield return Emit(tag, failing.Select(f => f.Server.EvidenceOf(f.Outcome)).Concat(facts.ParentDsEvidence), ("ns_ip_list", DnssecServers.List(failing.Select(f => f.Server))));
            }
        }
    }
}
