using Dnscert.Dns.Records;
using Dnscert.Dns.Wire;

namespace Dnscert.Dns.Dnssec;

/// <summary>
/// One RRset as RRSIG verification sees it: owner, type, class and the typed RDATA of each member. The TTL is
/// kept for callers; the signature covers the RRSIG's original TTL instead (RFC 4034 §3.1.8.1).
/// </summary>
public sealed class Rrset
{
    public Rrset(DomainName owner, RRType type, RRClass @class, uint ttl, IReadOnlyList<RecordData> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count == 0)
        {
            throw new ArgumentException("An RRset has at least one record.", nameof(records));
        }

        if (records.Any(r => r.Type != type))
        {
            throw new ArgumentException("Every record of an RRset has the RRset's type.", nameof(records));
        }

        Owner = owner;
        Type = type;
        Class = @class;
        Ttl = ttl;
        Records = records;
    }

    public DomainName Owner { get; }

    public RRType Type { get; }

    public RRClass Class { get; }

    public uint Ttl { get; }

    public IReadOnlyList<RecordData> Records { get; }

    /// <summary>The records of <paramref name="section"/> at <paramref name="owner"/> with <paramref name="type"/>, or null when there are none.</summary>
    public static Rrset? FromSection(ReadOnlySpan<DnsRecord> section, DomainName owner, RRType type)
    {
        var records = new List<RecordData>();
        var ttl = uint.MaxValue;
        var @class = RRClass.IN;
        foreach (var record in section)
        {
            if (record.Type == type && record.Owner == owner)
            {
                records.Add(record.GetData());
                ttl = Math.Min(ttl, record.Ttl);
                @class = record.Class;
            }
        }

        return records.Count == 0 ? null : new Rrset(owner, type, @class, ttl, records);
    }

    /// <summary>The RRSIGs in <paramref name="section"/> at <paramref name="owner"/> that cover <paramref name="type"/>.</summary>
    public static List<RrsigRecordData> SignaturesFrom(ReadOnlySpan<DnsRecord> section, DomainName owner, RRType type)
    {
        var signatures = new List<RrsigRecordData>();
        foreach (var record in section)
        {
            if (record.Type == RRType.RRSIG && record.Owner == owner && record.GetData() is RrsigRecordData rrsig && rrsig.TypeCovered == type)
            {
                signatures.Add(rrsig);
            }
        }

        return signatures;
    }

    /// <summary>A copy with other records (used to build altered sets in tests and what-if checks).</summary>
    public Rrset WithRecords(IReadOnlyList<RecordData> records) => new(Owner, Type, Class, Ttl, records);
}
