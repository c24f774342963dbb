using Dnscert.Dns.Records;

namespace Dnscert.Dns.Zone;

/// <summary>
/// A whole zone read from a master file: origin, SOA and every record in file order. Checks what makes a
/// master file a zone (exactly one SOA, at the origin; no record outside the origin) and answers the
/// questions monitoring asks of it, such as every delegation with its glue.
/// </summary>
public sealed class ZoneFile
{
    private ZoneFile(DomainName origin, RRClass @class, ZoneRecord soa, List<ZoneRecord> records)
    {
        Origin = origin;
        Class = @class;
        Soa = soa;
        Records = records;
    }

    public DomainName Origin { get; }

    public RRClass Class { get; }

    /// <summary>The SOA record at the apex.</summary>
    public ZoneRecord Soa { get; }

    public SoaRecordData SoaData => (SoaRecordData)Soa.Data;

    /// <summary>Every record in file order, the SOA included.</summary>
    public IReadOnlyList<ZoneRecord> Records { get; }

    /// <summary>Reads a zone from master-file text.</summary>
    public static ZoneFile Parse(string text, ZoneReaderOptions options)
    {
        using var reader = ZoneFileReader.FromText(text, options);
        return Read(reader, options);
    }

    /// <summary>Reads a zone from a file.</summary>
    public static ZoneFile Load(string path, ZoneReaderOptions options)
    {
        using var reader = ZoneFileReader.Open(path, options);
        return Read(reader, options);
    }

    /// <summary>Reads a zone from UTF-8 text in a stream, which the caller keeps.</summary>
    public static ZoneFile Load(Stream stream, ZoneReaderOptions options)
    {
        using var reader = new ZoneFileReader(stream, options);
        return Read(reader, options);
    }

    /// <summary>Reads every record of <paramref name="reader"/> and checks that they form a zone.</summary>
    public static ZoneFile Read(ZoneFileReader reader, ZoneReaderOptions options)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(options);
        var apex = options.Origin;
        var records = new List<ZoneRecord>();
        ZoneRecord? soa = null;
        while (reader.TryRead(out var record))
        {
            if (!record.Owner.IsSubdomainOf(apex))
            {
                throw reader.Error($"'{record.Owner}' is outside the zone '{apex}'");
            }

            if (record.Type == RRType.SOA)
            {
                if (record.Owner != apex)
                {
                    throw reader.Error($"the SOA record is at '{record.Owner}', not at the zone's origin '{apex}'");
                }

                if (soa is not null)
                {
                    throw reader.Error("the zone has a second SOA record");
                }

                soa = record;
            }

            records.Add(record);
        }

        if (soa is null)
        {
            throw new ZoneFileException(reader.RootFileName, 0, 0, $"the zone '{apex}' has no SOA record");
        }

        records.TrimExcess();
        return new ZoneFile(apex, options.Class, soa.Value, records);
    }

    /// <summary>
    /// Every delegation below the apex, in the order its first NS record appears. NS RRsets below another
    /// delegation are not delegations of this zone (they are occluded, RFC 1034 §4.2.1) and are left out. Glue is
    /// every A and AAAA record the zone holds for a name server of the delegation.
    /// </summary>
    public IReadOnlyList<ZoneDelegation> GetDelegations()
    {
        var cuts = new Dictionary<DomainName, (uint Ttl, List<DomainName> Servers)>();
        var order = new List<DomainName>();
        var addresses = new Dictionary<DomainName, List<int>>();
        var ds = new Dictionary<DomainName, List<DsRecordData>>();
        for (var i = 0; i < Records.Count; i++)
        {
            var record = Records[i];
            switch (record.Data)
            {
                case NameRecordData { Type: RRType.NS } ns when record.Owner != Origin:
                    if (!cuts.TryGetValue(record.Owner, out var cut))
                    {
                        cut = (record.Ttl, []);
                        cuts.Add(record.Owner, cut);
                        order.Add(record.Owner);
                    }

                    if (!cut.Servers.Contains(ns.Target))
                    {
                        cut.Servers.Add(ns.Target);
                    }

                    break;
                case AddressRecordData:
                    Add(addresses, record.Owner, i);
                    break;
                case DsRecordData { Type: RRType.DS } d:
                    Add(ds, record.Owner, d);
                    break;
            }
        }

        var result = new List<ZoneDelegation>(order.Count);
        foreach (var name in order)
        {
            if (IsOccluded(name, cuts))
            {
                continue;
            }

            var (ttl, servers) = cuts[name];
            List<ZoneRecord>? glue = null;
            foreach (var server in servers)
            {
                if (addresses.TryGetValue(server, out var indexes))
                {
                    glue ??= [];
                    glue.AddRange(indexes.Select(index => Records[index]));
                }
            }

            result.Add(new ZoneDelegation(name, ttl, servers, glue ?? (IReadOnlyList<ZoneRecord>)[], ds.TryGetValue(name, out var dsSet) ? dsSet : []));
        }

        return result;
    }

    private static void Add<T>(Dictionary<DomainName, List<T>> map, DomainName key, T value)
    {
        if (!map.TryGetValue(key, out var list))
        {
            list = [];
            map.Add(key, list);
        }

        list.Add(value);
    }

    private bool IsOccluded(DomainName name, Dictionary<DomainName, (uint Ttl, List<DomainName> Servers)> cuts)
    {
        // A child of the apex (every delegation of a TLD) has no ancestor below the apex to be occluded by.
        if (name.LabelCount == Origin.LabelCount + 1)
        {
            return false;
        }

        for (var ancestor = name.Parent; ancestor != Origin && !ancestor.IsRoot; ancestor = ancestor.Parent)
        {
            if (cuts.ContainsKey(ancestor))
            {
                return true;
            }
        }

        return false;
    }
}
