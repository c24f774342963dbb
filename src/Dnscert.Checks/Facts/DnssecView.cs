using Dnscert.Checks.Messages;
using Dnscert.Dns;
using Dnscert.Dns.Dnssec;
using Dnscert.Dns.Records;
using Dnscert.Dns.Wire;

namespace Dnscert.Checks.Facts;

/// <summary>
/// The zone's DNSSEC material as the first authoritative server that answers DNSKEY serves it: keys, the
/// DNSKEY and SOA RRsets with their signatures, and NSEC3PARAM. Built once per check from the facts.
/// </summary>
public sealed class DnssecView
{
    private DnssecView(ServerFacts source, DomainName zone)
    {
        Source = source;
        var keys = source.Dnskey.Answered();
        Keys = keys is null ? [] : Typed<DnskeyRecordData>(keys.Answers, RRType.DNSKEY, zone);
        DnskeySignatures = keys is null ? [] : Signatures(keys.Answers, RRType.DNSKEY, zone);
        DnskeyRrset = Keys.Count > 0 ? new Rrset(zone, RRType.DNSKEY, RRClass.IN, 0, [.. Keys]) : null;
        var soa = source.SignedSoa.Answered();
        var soaRecords = soa is null ? [] : Typed<SoaRecordData>(soa.Answers, RRType.SOA, zone);
        SoaRrset = soaRecords.Count > 0 ? new Rrset(zone, RRType.SOA, RRClass.IN, 0, [.. soaRecords]) : null;
        SoaSignatures = soa is null ? [] : Signatures(soa.Answers, RRType.SOA, zone);
        var n3 = source.Nsec3Param.Answered();
        Nsec3Param = n3 is null ? null : Typed<Nsec3ParamRecordData>(n3.Answers, RRType.NSEC3PARAM, zone).FirstOrDefault();
    }

    public ServerFacts Source { get; }

    public IReadOnlyList<DnskeyRecordData> Keys { get; }

    public Rrset? DnskeyRrset { get; }

    public IReadOnlyList<RrsigRecordData> DnskeySignatures { get; }

    public Rrset? SoaRrset { get; }

    public IReadOnlyList<RrsigRecordData> SoaSignatures { get; }

    public Nsec3ParamRecordData? Nsec3Param { get; }

    public bool IsSigned => Keys.Count > 0;

    public IEnumerable<Evidence> Evidence => [Source.EvidenceOf(Source.Dnskey), Source.EvidenceOf(Source.SignedSoa)];

    public static DnssecView? Of(ZoneFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        // Prefer a server that serves keys: one unsigned server must not hide the keys the others serve.
        var answering = facts.Servers.Where(s => s.Dnskey.Answered() is { } m && m.IsAuthoritative() && m.ResponseCode == DnsResponseCode.NoError).ToList();
        var source = answering.FirstOrDefault(s => s.Dnskey.Answered() is { } m && HasKey(m.Answers, facts.Zone)) ?? answering.FirstOrDefault();
        return source is null ? null : new DnssecView(source, facts.Zone);
    }

    /// <summary>
    /// Authoritative servers split by whether their NOERROR answer to DNSKEY (DO set) holds any key: DNSSEC03 and
    /// DNSSEC05 report a zone or a server without DNSSEC from this.
    /// </summary>
    /// <summary>One view per server address whose authoritative DNSKEY answer holds keys of the zone, in server order.</summary>
    public static IEnumerable<DnssecView> PerServer(ZoneFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        return facts.Servers.Where(s => s.Dnskey.Answered() is { } m && m.IsAuthoritative() && m.ResponseCode == DnsResponseCode.NoError && HasKey(m.Answers, facts.Zone))
            .DistinctBy(s => s.Server.Address).Select(s => new DnssecView(s, facts.Zone));
    }

    public static (IReadOnlyList<ServerFacts> WithKeys, IReadOnlyList<ServerFacts> WithoutKeys) KeyPresence(ZoneFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var (with, without) = (new List<ServerFacts>(), new List<ServerFacts>());
        foreach (var s in facts.Servers.Where(s => s.AuthoritativeForZone))
        {
            if (s.Dnskey.Answered() is { } m && m.IsAuthoritative() && m.ResponseCode == DnsResponseCode.NoError)
            {
                (Typed<DnskeyRecordData>(m.Answers, RRType.DNSKEY, facts.Zone).Count > 0 ? with : without).Add(s);
            }
        }

        return (with, without);
    }

    private static bool HasKey(ReadOnlySpan<DnsRecord> records, DomainName zone)
    {
        foreach (var r in records)
        {
            if (r.Type == RRType.DNSKEY && r.Owner == zone)
            {
                return true;
            }
        }

        return false;
    }

    private static List<T> Typed<T>(ReadOnlySpan<DnsRecord> records, RRType type, DomainName owner)
        where T : RecordData
    {
        var list = new List<T>();
        foreach (var r in records)
        {
            if (r.Type == type && r.Owner == owner && r.GetData() is T data)
            {
                list.Add(data);
            }
        }

        return list;
    }

    private static List<RrsigRecordData> Signatures(ReadOnlySpan<DnsRecord> records, RRType covered, DomainName owner)
    {
        var list = new List<RrsigRecordData>();
        foreach (var r in records)
        {
            if (r.Type == RRType.RRSIG && r.Owner == owner && r.GetData() is RrsigRecordData sig && sig.TypeCovered == covered)
            {
                list.Add(sig);
            }
        }

        return list;
    }
}
