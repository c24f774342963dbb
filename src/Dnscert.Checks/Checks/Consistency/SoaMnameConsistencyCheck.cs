using Dnscert.Checks.Facts;
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

    public static readonly MessageTag NoResponse = new("NO_RESPONSE", Severity.Debug, null, "{ns} did not answer the SOA query.");
    public static readonly MessageTag NoResponseSoa = new("NO_RESPONSE_SOA_QUERY", Severity.Debug, null, "{ns} answered the SOA query without the zone's SOA record.");

    public override string Id => "CONSISTENCY06";

    public override IReadOnlyList<MessageTag> Tags { get; } = [OneMname, MultipleMnames, NoResponse, NoResponseSoa];

    /// <summary>Servers left out of the comparison are named, so a single MNAME is not read as "all servers agree".</summary>
    public override IEnumerable<CheckMessage> Evaluate(ZoneFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        foreach (var s in facts.Servers)
        {
            if (s.SoaUdp.Answered() is null && s.SoaTcp.Answered() is null)
            {
                yield return Emit(NoResponse, null, ("ns", s.Server));
            }
            else if (s.Soa is null)
            {
                yield return Emit(NoResponseSoa, null, ("ns", s.Server));
            }
        }

        foreach (var m in base.Evaluate(facts))
        {
            yield return m;
        }
    }

    protected override MessageTag One => OneMname;

    protected override MessageTag Multiple => MultipleMnames;

    protected override string ValueArgument => "mname";

    protected override string Value(SoaRecordData soa) => soa.Primary.ToString();
}
