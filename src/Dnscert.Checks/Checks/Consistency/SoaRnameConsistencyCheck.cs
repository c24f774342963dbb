using Dnscert.Checks.Messages;
using Dnscert.Core;
using Dnscert.Core.Catalog;
using Dnscert.Dns.Records;

namespace Dnscert.Checks.Consistency;

/// <summary>CONSISTENCY02: do all authoritative servers serve the same SOA RNAME (the zone's contact)?</summary>
public sealed class SoaRnameConsistencyCheck : SoaFieldConsistencyCheck
{
    public static readonly MessageTag OneRname = new("ONE_SOA_RNAME", Severity.Info, null, "All servers serve SOA RNAME {rname}.");
    public static readonly MessageTag MultipleRnames = new("MULTIPLE_SOA_RNAMES", Severity.Notice, ThreatTypes.InconsistentZone, "Servers serve {count} different SOA RNAMEs: {values}.");

    public override string Id => "CONSISTENCY02";

    public override IReadOnlyList<MessageTag> Tags { get; } = [OneRname, MultipleRnames];

    protected override MessageTag One => OneRname;

    protected override MessageTag Multiple => MultipleRnames;

    protected override string ValueArgument => "rname";

    protected override string Value(SoaRecordData soa) => soa.Responsible.ToString();
}
