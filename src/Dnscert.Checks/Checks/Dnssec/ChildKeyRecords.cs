using Dnscert.Checks.Facts;
using Dnscert.Dns;
using Dnscert.Dns.Dnssec;
using Dnscert.Dns.Records;
using Dnscert.Dns.Transport;

namespace Dnscert.Checks.Dnssec;

/// <summary>
/// CDS and CDNSKEY (RFC 7344, RFC 8078) as each server serves them, for DNSSEC15–18: the records, their
/// signatures, and the server's DNSKEY RRset to compare them with.
/// </summary>
public sealed record ChildKeyRecords(ServerFacts Server, RRType Type, DnsExchangeOutcome? Outcome, Rrset? Records, IReadOnlyList<RrsigRecordData> Signatures)
{
    /// <summary>Every server that answered the query authoritatively with NOERROR (empty RRset: none published).</summary>
    public static List<ChildKeyRecords> Of(ZoneFacts facts, RRType type)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var list = new List<ChildKeyRecords>();
        foreach (var s in facts.Servers)
        {
            var outcome = type == RRType.CDS ? s.DnssecProbes?.Cds : s.DnssecProbes?.Cdnskey;
            if (DnssecServers.Usable(outcome) is { } m)
            {
                list.Add(new ChildKeyRecords(s, type, outcome, Rrset.FromSection(m.Answers, facts.Zone, type), Rrset.SignaturesFrom(m.Answers, facts.Zone, type)));
            }
        }

        return list;
    }

    public bool IsEmpty => Records is null;

    /// <summary>The RDATA in canonical order, as text: two servers serve the same RRset when these are equal.</summary>
    public string Canonical => Records is null ? "" : string.Join("\n", Records.Records.Select(r => r.ToString()).Order(StringComparer.Ordinal));

    /// <summary>RFC 8078 §4: "delete" is CDS 0 0 0 00 or CDNSKEY 0 3 0 AA==, algorithm 0 in both.</summary>
    public static bool IsDelete(RecordData record) => record switch
    {
        DsRecordData ds => ds.Algorithm == 0,
        DnskeyRecordData key => key.Algorithm == 0,
        _ => false,
    };

    /// <summary>The key tag a CDS names, or that a CDNSKEY has.</summary>
    public static ushort TagOf(RecordData record) => record switch
    {
        DsRecordData ds => ds.KeyTag,
        DnskeyRecordData key => DnssecKeyTag.Compute(key),
        _ => 0,
    };

    /// <summary>The DNSKEY a CDS (by tag and algorithm) or a CDNSKEY (by content) stands for.</summary>
    public static DnskeyRecordData? MatchingKey(RecordData record, IReadOnlyList<DnskeyRecordData> keys) => record switch
    {
        DsRecordData ds => keys.FirstOrDefault(k => k.Algorithm == ds.Algorithm && DnssecKeyTag.Compute(k) == ds.KeyTag),
        DnskeyRecordData c => keys.FirstOrDefault(k => SameKey(c, k)),
        _ => null,
    };

    public static bool SameKey(DnskeyRecordData a, DnskeyRecordData b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return a.Flags == b.Flags && a.Protocol == b.Protocol && a.Algorithm == b.Algorithm && a.PublicKey.Span.SequenceEqual(b.PublicKey.Span);
    }

    /// <summary>Whether a CDS and a CDNSKEY stand for the same key (the CDS is a digest of the CDNSKEY), or are both "delete".</summary>
    public static bool Corresponds(DsRecordData cds, DnskeyRecordData cdnskey, DomainName zone)
    {
        ArgumentNullException.ThrowIfNull(cds);
        ArgumentNullException.ThrowIfNull(cdnskey);
        return IsDelete(cds) || IsDelete(cdnskey) ? IsDelete(cds) && IsDelete(cdnskey) : DsDigest.Match(cds, zone, cdnskey) == DsMatch.Match;
    }

    /// <summary>The server's DNSKEY RRset and its signatures (empty when it serves none).</summary>
    public (Rrset? Keys, IReadOnlyList<RrsigRecordData> Signatures) DnskeySet(DomainName zone) =>
        DnssecServers.Usable(Server.Dnskey) is { } m ? (Rrset.FromSection(m.Answers, zone, RRType.DNSKEY), Rrset.SignaturesFrom(m.Answers, zone, RRType.DNSKEY)) : (null, []);

    /// <summary>Whether one of <paramref name="signatures"/> over <paramref name="rrset"/> is a valid signature by <paramref name="key"/>.</summary>
    public static bool SignedBy(RrsigVerifier verifier, Rrset rrset, IReadOnlyList<RrsigRecordData> signatures, DnskeyRecordData key, DomainName zone, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(signatures);
        ArgumentNullException.ThrowIfNull(verifier);
        var tag = DnssecKeyTag.Compute(key);
        return signatures.Any(s => s.KeyTag == tag && s.Algorithm == key.Algorithm && verifier.Verify(rrset, s, key, zone, now).IsValid);
    }
}
