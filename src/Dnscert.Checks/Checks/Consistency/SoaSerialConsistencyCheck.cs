using Dnscert.Checks.Facts;
using Dnscert.Checks.Messages;
using Dnscert.Core;
using Dnscert.Core.Catalog;

namespace Dnscert.Checks.Consistency;

/// <summary>CONSISTENCY01: do all authoritative servers serve the same SOA serial?</summary>
public sealed class SoaSerialConsistencyCheck : CheckBase
{
    public static readonly MessageTag OneSerial = new("ONE_SOA_SERIAL", Severity.Info, null, "All servers serve SOA serial {serial}.");
    public static readonly MessageTag MultipleSerials = new("MULTIPLE_SOA_SERIALS", Severity.Warning, ThreatTypes.InconsistentZone,
        "Servers serve {count} different SOA serials: {serials}.", "Check that zone transfers to every server work, or that all servers load the same file.");

    public override string Id => "CONSISTENCY01";

    public override string Module => "Consistency";

    public override IReadOnlyList<MessageTag> Tags { get; } = [OneSerial, MultipleSerials];

    public override IEnumerable<CheckMessage> Evaluate(ZoneFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var serials = facts.Servers.Where(s => s.Soa is not null).GroupBy(s => s.Soa!.Serial).OrderBy(g => g.Key).ToList();
        if (serials.Count == 1)
        {
            yield return Emit(OneSerial, null, ("serial", serials[0].Key));
        }
        else if (serials.Count > 1)
        {
            var text = string.Join("; ", serials.Select(g => $"{g.Key} from {string.Join(",", g.Select(s => s.Server))}"));
            yield return Emit(MultipleSerials, serials.SelectMany(g => g.Select(s => s.EvidenceOf(s.SoaUdp))), ("count", serials.Count), ("serials", text));
        }
    }
}
