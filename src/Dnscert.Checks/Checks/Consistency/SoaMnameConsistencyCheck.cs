using Dnscert.Checks.Messages;
using Dnscert.Core;
using Dnscert.Core.Catalog;
using Dnscert.Dns.Records;

namespace Dnscert.Checks.Consistency;

/// <summary>CONSISTENCY06: do all authoritative servers name the same primary (SOA MNAME)?</summary>
public sealed class SoaMnameConsistencyCheck : SoaFieldConsistencyCheck
{
    public static readonly MessageTag OneMname = new("ONE_SOA_MNAME", Severity.Info, null, "All servers name {mname} as the primary (SOA MNAME).");
    public static readonly MessageTag MultipleMnames = new("MULTIPLE_SOA_MNAMES", Severity.Notice, ThreatTypes.InconsistentZone, "Servers name {count} different primaries (SOA MNAME): {values}.");

    public override string Id => "CONSISTENCY06";

    public override IReadOnlyList<MessageTag> Tags { get; } = [OneMname, MultipleMnames];

    protected override MessageTag One => OneMname;

    protected override MessageTag Multiple => MultipleMnames;

    protected override string ValueArgument => "mname";

    protected override string Value(SoaRecordData soa) => soa.Primary.ToString();
}
