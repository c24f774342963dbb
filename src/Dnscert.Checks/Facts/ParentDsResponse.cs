using Dnscert.Dns;
using Dnscert.Dns.Records;
using Dnscert.Dns.Transport;
using Dnscert.Dns.Wire;

namespace Dnscert.Checks.Facts;

/// <summary>What one parent server address answered to the DS query for the zone (DO=1).</summary>
public sealed record ParentDsResponse(NameServerAddress Server, DnsExchangeOutcome Outcome)
{
    /// <summary>
    /// A usable DNSSEC answer in the sense of Zonemaster's "DNSSEC Response": NOERROR, AA, with an OPT record
    /// whose DO bit is echoed. Anything else is ignored by DNSSEC01 rather than judged.
    /// </summary>
    public bool IsValidDnssecResponse =>
        Outcome.Answered() is { } m && m.ResponseCode == DnsResponseCode.NoError && m.IsAuthoritative() && m.HasEdns && m.Edns.DnssecOk;

    public IReadOnlyList<DsRecordData> DsRecords(DomainName zone)
    {
        var found = new List<DsRecordData>();
        if (Outcome.Answered() is { } m)
        {
            foreach (var r in m.Answers)
            {
                if (r.Type == RRType.DS && r.Owner == zone && r.GetData() is DsRecordData ds)
                {
                    found.Add(ds);
                }
            }
        }

        return found;
    }
}
