using Dnscert.Checks.Facts;
using Dnscert.Checks.Messages;
using Dnscert.Dns;
using Dnscert.Dns.Dnssec;
using Dnscert.Dns.Records;

namespace Dnscert.Checks.Dnssec;

/// <summary>
/// DNSSEC16 (CDS) and DNSSEC17 (CDNSKEY) follow the same procedure: "delete" alone or mixed, each record tied to
/// a zone key (SEP preferred) that signs the DNSKEY RRset and the CDS/CDNSKEY RRset, and every signature over the
/// RRset made by a known key and valid. Only the record type and the tag names differ.
/// </summary>
public abstract class ChildKeyValidationCheck : CheckBase
{
    protected abstract RRType Type { get; }

    protected abstract MessageTag InvalidRrsig { get; }

    protected abstract MessageTag NonSep { get; }

    protected abstract MessageTag NonZone { get; }

    protected abstract MessageTag MatchesNoDnskey { get; }

    protected abstract MessageTag NotSignedBySelf { get; }

    protected abstract MessageTag SignedByUnknown { get; }

    protected abstract MessageTag NoRrsig { get; }

    protected abstract MessageTag WithoutDnskey { get; }

    protected abstract MessageTag Delete { get; }

    protected abstract MessageTag DnskeyNotSigned { get; }

    protected abstract MessageTag MixedDelete { get; }

    public override string Module => "DNSSEC";

    public override IEnumerable<CheckMessage> Evaluate(ZoneFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var found = new Dictionary<MessageTag, List<(ChildKeyRecords Set, ushort? Tag)>>();
        void Add(MessageTag tag, ChildKeyRecords set, ushort? keyTag = null) => (found.TryGetValue(tag, out var l) ? l : found[tag] = []).Add((set, keyTag));
        using var cache = new DnssecKeyCache();
        var verifier = new RrsigVerifier(cache);
        foreach (var set in ChildKeyRecords.Of(facts, Type).Where(s => !s.IsEmpty))
        {
            var records = set.Records!.Records;
            if (records.Any(ChildKeyRecords.IsDelete))
            {
                Add(records.Count > 1 ? MixedDelete : Delete, set);
            }

            var (keyRrset, keySigs) = set.DnskeySet(facts.Zone);
            if (keyRrset is null)
            {
                Add(WithoutDnskey, set);
                continue;
            }

            var keys = keyRrset.Records.Cast<DnskeyRecordData>().ToList();
            foreach (var record in records.Where(r => !ChildKeyRecords.IsDelete(r)))
            {
                var tag = ChildKeyRecords.TagOf(record);
                if (record is DnskeyRecordData own && !own.IsZoneKey)
                {
                    Add(NonZone, set, tag);
                    continue;
                }

                if (ChildKeyRecords.MatchingKey(record, keys) is not { } key)
                {
                    Add(MatchesNoDnskey, set, tag);
                    continue;
                }

                if (!key.IsZoneKey)
                {
                    Add(NonZone, set, tag);
                    continue;
                }

                if (!ChildKeyRecords.SignedBy(verifier, keyRrset, keySigs, key, facts.Zone, facts.CheckedAt))
                {
                    Add(DnskeyNotSigned, set, tag);
                }

                if (!ChildKeyRecords.SignedBy(verifier, set.Records, set.Signatures, key, facts.Zone, facts.CheckedAt))
                {
                    Add(NotSignedBySelf, set, tag);
                }

                if (!key.IsSecureEntryPoint)
                {
                    Add(NonSep, set, tag);
                }
            }

            if (set.Signatures.Count == 0)
            {
                Add(NoRrsig, set);
            }

            foreach (var sig in set.Signatures)
            {
                var result = RrsigCheck.Verify(verifier, set.Records, sig, keys, facts.Zone, facts.CheckedAt);
                if (result is null)
                {
                    Add(SignedByUnknown, set, sig.KeyTag);
                }
                else if (!result.IsValid)
                {
                    Add(InvalidRrsig, set, sig.KeyTag);
                }
            }
        }

        foreach (var tag in new[] { WithoutDnskey, MixedDelete, Delete, MatchesNoDnskey, NonZone, NonSep, DnskeyNotSigned, NotSignedBySelf, InvalidRrsig, NoRrsig, SignedByUnknown })
        {
            if (!found.TryGetValue(tag, out var items))
            {
                continue;
            }

            foreach (var group in items.GroupBy(i => i.Tag).OrderBy(g => g.Key))
            {
                var servers = group.Select(g => g.Set.Server).Distinct().ToList();
                var evidence = tag.Severity >= Core.Severity.Warning ? group.Select(g => g.Set.Server.EvidenceOf(g.Set.Outcome)).ToList() : null;
                yield return group.Key is { } keyTag
                    ? Emit(tag, evidence, ("ns_ip_list", DnssecServers.List(servers)), ("keytag", keyTag))
                    : Emit(tag, evidence, ("ns_ip_list", DnssecServers.List(servers)));
            }
        }
    }
}
