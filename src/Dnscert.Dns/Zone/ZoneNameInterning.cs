using Dnscert.Dns.Records;

namespace Dnscert.Dns.Zone;

/// <summary>
/// Shares one NS <see cref="NameRecordData"/> among records that name the same server with the same octets:
/// a TLD zone names the same few thousand hosters' name servers hundreds of thousands of times, and RDATA is
/// immutable. Names are compared octet for octet (not case-folded), so every record keeps its own spelling.
/// The table is bounded and simply starts over when full.
/// </summary>
internal sealed class ZoneNameInterning
{
    private const int MaxEntries = 65536;

    private readonly Dictionary<DomainName, NameRecordData> _table = new(new ExactComparer());

    public RecordData Intern(RecordData data)
    {
        if (data is not NameRecordData { Type: RRType.NS } name)
        {
            return data;
        }

        if (_table.TryGetValue(name.Target, out var shared))
        {
            return shared;
        }

        if (_table.Count >= MaxEntries)
        {
            _table.Clear();
        }

        _table.Add(name.Target, name);
        return name;
    }

    private sealed class ExactComparer : IEqualityComparer<DomainName>
    {
        public bool Equals(DomainName x, DomainName y) => x.Wire.SequenceEqual(y.Wire);

        public int GetHashCode(DomainName obj)
        {
            var hash = new HashCode();
            hash.AddBytes(obj.Wire);
            return hash.ToHashCode();
        }
    }
}
