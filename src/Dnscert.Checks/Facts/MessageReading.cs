using System.Net;
using Dnscert.Dns;
using Dnscert.Dns.Records;
using Dnscert.Dns.Transport;
using Dnscert.Dns.Wire;

namespace Dnscert.Checks.Facts;

/// <summary>Small typed views of answers that checks and the engine read again and again.</summary>
public static class MessageReading
{
    public static DnsMessage? Answered(this DnsExchangeOutcome? outcome) => (outcome as ExchangeAnswered)?.Message;

    public static bool IsAuthoritative(this DnsMessage m)
    {
        ArgumentNullException.ThrowIfNull(m);
        return (m.Flags & DnsHeaderBits.Authoritative) != 0;
    }

    public static bool RecursionAvailable(this DnsMessage m)
    {
        ArgumentNullException.ThrowIfNull(m);
        return (m.Flags & DnsHeaderBits.RecursionAvailable) != 0;
    }

    public static List<DomainName> NameTargets(ReadOnlySpan<DnsRecord> records, RRType type, DomainName? owner = null)
    {
        var names = new List<DomainName>();
        foreach (var r in records)
        {
            if (r.Type == type && (owner is null || r.Owner == owner.Value) && r.GetData() is NameRecordData data && !names.Contains(data.Target))
            {
                names.Add(data.Target);
            }
        }

        return names;
    }

    public static List<IPAddress> Addresses(ReadOnlySpan<DnsRecord> records, DomainName owner)
    {
        var addresses = new List<IPAddress>();
        foreach (var r in records)
        {
            if ((r.Type == RRType.A || r.Type == RRType.AAAA) && r.Owner == owner && r.GetData() is AddressRecordData data && !addresses.Contains(data.Address))
            {
                addresses.Add(data.Address);
            }
        }

        return addresses;
    }

    public static List<MxRecordData> Mx(ReadOnlySpan<DnsRecord> records, DomainName owner)
    {
        var list = new List<MxRecordData>();
        foreach (var r in records)
        {
            if (r.Type == RRType.MX && r.Owner == owner && r.GetData() is MxRecordData mx)
            {
                list.Add(mx);
            }
        }

        return list;
    }

    public static SoaRecordData? Soa(ReadOnlySpan<DnsRecord> records, DomainName owner)
    {
        foreach (var r in records)
        {
            if (r.Type == RRType.SOA && r.Owner == owner && r.GetData() is SoaRecordData soa)
            {
                return soa;
            }
        }

        return null;
    }

    public static int Count(ReadOnlySpan<DnsRecord> records, RRType type)
    {
        var n = 0;
        foreach (var r in records)
        {
            if (r.Type == type)
            {
                n++;
            }
        }

        return n;
    }
}
