using System.Globalization;
using Dnscert.Dns.Records;

namespace Dnscert.Dns.Zone;

/// <summary>
/// One resource record read from a master file. A struct, so a million-record zone is one array of
/// 24-byte entries rather than a million more objects.
/// </summary>
public readonly record struct ZoneRecord(DomainName Owner, uint Ttl, RRClass Class, RecordData Data)
{
    public RRType Type => Data.Type;

    /// <summary>One line of master-file text: owner, TTL, class, type and RDATA, every name absolute.</summary>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Owner} {Ttl} {DnsMnemonics.ToText(Class)} {DnsMnemonics.ToText(Type)} {Data}");
}
