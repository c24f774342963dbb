using Dnscert.Checks.Facts;
using Dnscert.Checks.Messages;
using Dnscert.Core;
using Dnscert.Core.Catalog;
using Dnscert.Dns.Wire;

namespace Dnscert.Checks.Nameserver;

/// <summary>
/// NAMESERVER12: EDNS flag bits other than DO are reserved (Z): a receiver ignores them and a sender keeps them
/// zero (RFC 6891 §6.1.4), so a query with one set must get a normal answer whose Z bits are clear. Otherwise no
/// new flag (CO, RFC 9824) can ever be deployed. Servers that refuse EDNS altogether are NAMESERVER02's finding;
/// Zonemaster's NO_EDNS_SUPPORT and NS_ERROR of this test case are therefore reported once there, and the
/// other unexpected answers here as N12_NS_ERROR (tag names are unique across the catalogue).
/// </summary>
public sealed class EdnsFlagsCheck : CheckBase
{
    public static readonly MessageTag ZFlagsNotClear = new("Z_FLAGS_NOTCLEAR", Severity.Warning, ThreatTypes.ProtocolViolation,
        "Name server {ns} sets reserved EDNS flag bits ({flags}) in its answer to a query that had one set.",
        "Reserved EDNS flags must be ignored and left clear in answers (RFC 6891 section 6.1.4); upgrade the server software.");
    public static readonly MessageTag NsError = new("N12_NS_ERROR", Severity.Warning, ThreatTypes.ProtocolViolation,
        "Name server {ns} gives an unexpected answer ({answer}) to an EDNS SOA query with a reserved EDNS flag set.",
        "Reserved EDNS flags must be ignored (RFC 6891 section 6.1.4): the answer should be NOERROR with the SOA and OPT version 0.");

    /// <summary>Every EDNS flag bit except DO.</summary>
    private const ushort ReservedFlags = 0x7FFF;

    public override string Id => "NAMESERVER12";

    public override string Module => "Nameserver";

    public override IReadOnlyList<MessageTag> Tags { get; } = [ZFlagsNotClear, NsError];

    public override IEnumerable<CheckMessage> Evaluate(ZoneFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        foreach (var s in facts.Servers)
        {
            var probes = s.Nameserver;
            if (probes.EdnsZFlag.Answered() is not { } m || EdnsTruncationCheck.RefusesEdns(probes))
            {
                continue;
            }

            var evidence = new[] { s.EvidenceOf(probes.EdnsZFlag) };
            if (m.HasEdns && (m.Edns.Flags & ReservedFlags) != 0)
            {
                yield return Emit(ZFlagsNotClear, evidence, ("ns", s.Server), ("flags", $"0x{m.Edns.Flags & ReservedFlags:x4}"));
            }
            else if (!(m.ResponseCode == DnsResponseCode.NoError && m.HasEdns && m.Edns.Version == 0 && MessageReading.Soa(m.Answers, facts.Zone) is not null))
            {
                yield return Emit(NsError, evidence, ("ns", s.Server), ("answer", EvidenceBuilder.Describe(probes.EdnsZFlag!)));
            }
        }
    }
}
