using System.Globalization;
using Dnscert.Checks.Messages;
using Dnscert.Core;
using Dnscert.Core.Catalog;
using Dnscert.Dns.Records;

namespace Dnscert.Checks.Consistency;

/// <summary>CONSISTENCY03: do all authoritative servers serve the same SOA refresh, retry, expire and minimum?</summary>
public sealed class SoaTimersConsistencyCheck : SoaFieldConsistencyCheck
{
    public static readonly MessageTag OneSet = new("ONE_SOA_TIME_PARAMETER_SET", Severity.Info, null, "All servers serve the SOA timers {timers} (refresh retry expire minimum).");
    public static readonly MessageTag MultipleSets = new("MULTIPLE_SOA_TIME_PARAMETER_SET", Severity.Notice, ThreatTypes.InconsistentZone, "Servers serve {count} different SOA timer sets: {values}.");

    public override string Id => "CONSISTENCY03";

    public override IReadOnlyList<MessageTag> Tags { get; } = [OneSet, MultipleSets];

    protected override MessageTag One => OneSet;

    protected override MessageTag Multiple => MultipleSets;

    protected override string ValueArgument => "timers";

    protected override string Value(SoaRecordData soa) =>
        string.Create(CultureInfo.InvariantCulture, $"{soa.Refresh} {soa.Retry} {soa.Expire} {soa.Minimum}");
}
