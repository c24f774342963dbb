using Dnscert.Checks.Facts;
using Dnscert.Checks.Messages;
using Dnscert.Core;
using Dnscert.Core.Catalog;
using Dnscert.Dns;
using Dnscert.Dns.Records;

namespace Dnscert.Checks.Dnssec;

/// <summary>
/// DNSSEC15: CDS and CDNSKEY are optional, but when published they come together (RFC 7344 §4), stand for the
/// same keys, and are the same on every server: the parent may act on any server's copy.
/// </summary>
public sealed class CdsExistenceCheck : CheckBase
{
    public static readonly MessageTag CdnskeyNoCds = new("DS15_HAS_CDNSKEY_NO_CDS", Severity.Notice, null,
        "These servers publish CDNSKEY but no CDS: {ns_ip_list}.", "Publish both, so parents that read only one of them see the same request.");
    public static readonly MessageTag CdsAndCdnskey = new("DS15_HAS_CDS_AND_CDNSKEY", Severity.Info, null, "These servers publish CDS and CDNSKEY: {ns_ip_list}.");
    public static readonly MessageTag CdsNoCdnskey = new("DS15_HAS_CDS_NO_CDNSKEY", Severity.Notice, null,
        "These servers publish CDS but no CDNSKEY: {ns_ip_list}.", "Publish both, so parents that read only one of them see the same request.");
    public static readonly MessageTag InconsistentCdnskey = new("DS15_INCONSISTENT_CDNSKEY", Severity.Error, ThreatTypes.InconsistentZone,
        "The servers do not all serve the same CDNSKEY RRset.", "Serve the same zone from every server; the parent may read any of them.");
    public static readonly MessageTag InconsistentCds = new("DS15_INCONSISTENT_CDS", Severity.Error, ThreatTypes.InconsistentZone,
        "The servers do not all serve the same CDS RRset.", "Serve the same zone from every server; the parent may read any of them.");
    public static readonly MessageTag Mismatch = new("DS15_MISMATCH_CDS_CDNSKEY", Severity.Error, ThreatTypes.DnssecBogus,
        "The CDS and CDNSKEY RRsets on these servers do not stand for the same keys: {ns_ip_list}.", "Generate CDS and CDNSKEY from the same keys.");
    public static readonly MessageTag None = new("DS15_NO_CDS_CDNSKEY", Severity.Info, null, "No server publishes CDS or CDNSKEY.");

    public override string Id => "DNSSEC15";

    public override string Module => "DNSSEC";

    public override IReadOnlyList<MessageTag> Tags { get; } = [CdnskeyNoCds, CdsAndCdnskey, CdsNoCdnskey, InconsistentCdnskey, InconsistentCds, Mismatch, None];

    public override IEnumerable<CheckMessage> Evaluate(ZoneFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var cds = ChildKeyRecords.Of(facts, RRType.CDS);
        var cdnskey = ChildKeyRecords.Of(facts, RRType.CDNSKEY);
        if (cds.All(c => c.IsEmpty) && cdnskey.All(c => c.IsEmpty))
        {
            if (cds.Count + cdnskey.Count > 0)
            {
                yield return Emit(None);
            }

            yield break;
        }

        var (cdsOnly, keyOnly, both, mismatch) = (new List<ServerFacts>(), new List<ServerFacts>(), new List<ServerFacts>(), new List<ServerFacts>());
        foreach (var c in cds)
        {
            if (cdnskey.FirstOrDefault(k => k.Server == c.Server) is not { } k)
            {
                continue;
            }

            switch (c.IsEmpty, k.IsEmpty)
            {
                case (false, true):
                    cdsOnly.Add(c.Server);
                    break;
                case (true, false):
                    keyOnly.Add(c.Server);
                    break;
                case (false, false):
                    both.Add(c.Server);
                    var cdsRecords = c.Records!.Records.Cast<DsRecordData>().ToList();
                    var keyRecords = k.Records!.Records.Cast<DnskeyRecordData>().ToList();
                    if (!cdsRecords.All(d => keyRecords.Any(key => ChildKeyRecords.Corresponds(d, key, facts.Zone)))
                        || !keyRecords.All(key => cdsRecords.Any(d => ChildKeyRecords.Corresponds(d, key, facts.Zone))))
                    {
                        mismatch.Add(c.Server);
                    }

                    break;
                default:
                    break;
            }
        }

        if (cdsOnly.Count > 0)
        {
            yield return Emit(CdsNoCdnskey, null, ("ns_ip_list", DnssecServers.List(cdsOnly)));
        }

        if (keyOnly.Count > 0)
        {
            yield return Emit(CdnskeyNoCds, null, ("ns_ip_list", DnssecServers.List(keyOnly)));
        }

        if (both.Count > 0)
        {
            yield return Emit(CdsAndCdnskey, null, ("ns_ip_list", DnssecServers.List(both)));
        }

        if (cds.Select(c => c.Canonical).Distinct().Count() > 1)
        {
            yield return Emit(InconsistentCds, cds.Select(c => c.Server.EvidenceOf(c.Outcome)));
        }

        if (cdnskey.Select(c => c.Canonical).Distinct().Count() > 1)
        {
            yield return Emit(InconsistentCdnskey, cdnskey.Select(c => c.Server.EvidenceOf(c.Outcome)));
        }

        if (mismatch.Count > 0)
        {
            yield return Emit(Mismatch, cds.Concat(cdnskey).Where(c => mismatch.Contains(c.Server)).Select(c => c.Server.EvidenceOf(c.Outcome)), ("ns_ip_list", DnssecServers.List(mismatch)));
        }
    }
}
