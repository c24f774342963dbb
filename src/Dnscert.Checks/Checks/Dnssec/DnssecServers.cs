using Dnscert.Checks.Facts;
using Dnscert.Checks.Messages;
using Dnscert.Dns;
using Dnscert.Dns.Records;
using Dnscert.Dns.Transport;
using Dnscert.Dns.Wire;

namespace Dnscert.Checks.Dnssec;

/// <summary>
/// What the per-server DNSSEC test cases (08, 09, 10, 13, 16, 17) share: the servers that answer DNSKEY with
/// keys (AA, NOERROR; the others are Connectivity's and DNSSEC07's business), and how server lists and
/// evidence are written.
/// </summary>
public static class DnssecServers
{
    /// <summary>Each authoritative server whose DNSKEY answer holds keys of the zone, with those keys.</summary>
    public static IEnumerable<(ServerFacts Server, DnsMessage KeyAnswer, IReadOnlyList<DnskeyRecordData> Keys)> WithKeys(ZoneFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        foreach (var s in facts.Servers)
        {
            if (Usable(s.Dnskey) is { } m && Records<DnskeyRecordData>(m.Answers, RRType.DNSKEY, facts.Zone) is { Count: > 0 } keys)
            {
                yield return (s, m, keys);
            }
        }
    }

    /// <summary>An answer with AA set and NOERROR, or null.</summary>
    public static DnsMessage? Usable(DnsExchangeOutcome? outcome) =>
        outcome.Answered() is { } m && m.IsAuthoritative() && m.ResponseCode == DnsResponseCode.NoError ? m : null;

    public static List<T> Records<T>(ReadOnlySpan<DnsRecord> section, RRType type, DomainName owner)
        where T : RecordData
    {
        var list = new List<T>();
        foreach (var r in section)
        {
            if (r.Type == type && r.Owner == owner && r.GetData() is T data)
            {
                list.Add(data);
            }
        }

        return list;
    }

    /// <summary>Zonemaster's ns_ip_list form: name/address pairs separated by ';'.</summary>
    public static string List(IEnumerable<ServerFacts> servers) => string.Join(";", servers.Select(s => s.Server).Distinct());

    public static List<Evidence> Evidence(IEnumerable<ServerFacts> servers, Func<ServerFacts, DnsExchangeOutcome?> probe) =>
        [.. servers.Distinct().Select(s => s.EvidenceOf(probe(s)))];
}
