using Dnscert.Checks.Facts;
using Dnscert.Checks.Messages;
using Dnscert.Core;
using Dnscert.Core.Catalog;
using Dnscert.Dns;
using Dnscert.Dns.Wire;

namespace Dnscert.Checks.Nameserver;

/// <summary>NAMESERVER03: does a server hand the whole zone (AXFR) to anyone who asks?</summary>
public sealed class ZoneTransferCheck : CheckBase
{
    public static readonly MessageTag AxfrFailure = new("AXFR_FAILURE", Severity.Info, null, "Name server {ns} refuses zone transfers to us.");
    public static readonly MessageTag AxfrAvailable = new("AXFR_AVAILABLE", Severity.Notice, ThreatTypes.OpenZoneTransfer,
        "Name server {ns} gives the whole zone to anyone (AXFR).", "Allow transfers only to your secondaries (by address and TSIG).");

    public override string Id => "NAMESERVER03";

    public override string Module => "Nameserver";

    public override IReadOnlyList<MessageTag> Tags { get; } = [AxfrFailure, AxfrAvailable];

    public override IEnumerable<CheckMessage> Evaluate(ZoneFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        foreach (var s in facts.Servers.Where(s => s.Answers))
        {
            var open = s.Axfr.Answered() is { } m && m.ResponseCode == DnsResponseCode.NoError && MessageReading.Count(m.Answers, RRType.SOA) > 0;
            yield return open ? Emit(AxfrAvailable, [s.EvidenceOf(s.Axfr)], ("ns", s.Server)) : Emit(AxfrFailure, null, ("ns", s.Server));
        }
    }
}
