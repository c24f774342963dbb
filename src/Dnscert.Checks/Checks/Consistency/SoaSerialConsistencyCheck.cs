using System.Globalization;
using Dnscert.Checks.Messages;
using Dnscert.Core;
using Dnscert.Core.Catalog;
using Dnscert.Dns.Records;

namespace Dnscert.Checks.Consistency;

/// <summary>CONSISTENCY01: do all authoritative servers serve the same SOA serial?</summary>
public sealed class SoaSerialConsistencyCheck : SoaFieldConsistencyCheck
{
    public static readonly MessageTag OneSerial = new("ONE_SOA_SERIAL", Severity.Info, null, "All servers serve SOA serial {serial}.");
    public static readonly MessageTag MultipleSerials = new("MULTIPLE_SOA_SERIALS", Severity.Warning, ThreatTypes.InconsistentZone,
        "Servers serve {count} different SOA serials: {values}.", "Check that zone transfers to every server work, or that all servers load the same file.");

    public override string Id => "CONSISTENCY01";

    public override IReadOnlyList<MessageTag> Tags { get; } = [OneSerial, MultipleSerials];

    protected override MessageTag One => OneSerial;

    protected override MessageTag Multiple => MultipleSerials;

    protected override string ValueArgument => "serial";

    protected override string Value(SoaRecordData soa) => soa.Serial.ToString(CultureInfo.InvariantCulture);
}
