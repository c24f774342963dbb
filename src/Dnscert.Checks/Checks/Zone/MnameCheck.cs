using System.Net;
using Dnscert.Checks.Facts;
using Dnscert.Checks.Messages;
using Dnscert.Core;
using Dnscert.Core.Catalog;
using Dnscert.Dns.Wire;

namespace Dnscert.Checks.Zone;

/// <summary>
/// ZONE01: the SOA MNAME should name the zone's primary: a server that resolves, answers authoritatively, holds the
/// highest serial (RFC 1982) and is in the NS set. Resolvers never use MNAME, so nothing here is above NOTICE;
/// dynamic update (RFC 2136) and NOTIFY (RFC 1996) do use it.
/// </summary>
public sealed class MnameCheck : CheckBase
{
    public static readonly MessageTag HasLocalhostAddress = new("Z01_MNAME_HAS_LOCALHOST_ADDR", Severity.Notice, ThreatTypes.ZoneContent,
        "The SOA MNAME {nsname} resolves to a localhost address ({ns_ip}).", "Name the zone's real primary in the SOA MNAME.");
    public static readonly MessageTag IsDot = new("Z01_MNAME_IS_DOT", Severity.Notice, null,
        "The SOA MNAME is \".\", which says there is no primary (servers {ns_ip_list}).");
    public static readonly MessageTag IsLocalhost = new("Z01_MNAME_IS_LOCALHOST", Severity.Notice, ThreatTypes.ZoneContent,
        "The SOA MNAME is \"localhost\", which names no server (servers {ns_ip_list}).", "Name the zone's real primary in the SOA MNAME.");
    public static readonly MessageTag IsMaster = new("Z01_MNAME_IS_MASTER", Severity.Debug, null,
        "The SOA MNAME server {ns_list} has the highest serial, as a primary should.");
    public static readonly MessageTag MissingSoa = new("Z01_MNAME_MISSING_SOA_RECORD", Severity.Notice, ThreatTypes.ZoneContent,
        "The SOA MNAME server {ns} answers the SOA query without an SOA record.", "The primary should serve the zone: check its configuration.");
    public static readonly MessageTag NoResponse = new("Z01_MNAME_NO_RESPONSE", Severity.Notice, ThreatTypes.UnreachableNameServer,
        "The SOA MNAME server {ns} does not answer the SOA query.", "If it is a hidden primary, say so with care: updates and NOTIFY still go there.");
    public static readonly MessageTag NotAuthoritative = new("Z01_MNAME_NOT_AUTHORITATIVE", Severity.Notice, ThreatTypes.ZoneContent,
        "The SOA MNAME server {ns} is not authoritative for the zone.", "Name a server that serves the zone as its primary.");
    public static readonly MessageTag NotInNsList = new("Z01_MNAME_NOT_IN_NS_LIST", Severity.Info, null,
        "The SOA MNAME server {nsname} is not in the zone's NS set (a hidden primary).");
    public static readonly MessageTag NotMaster = new("Z01_MNAME_NOT_MASTER", Severity.Notice, ThreatTypes.InconsistentZone,
        "The SOA MNAME server {ns_list} has serial {soaserial}, lower than the serials the name servers serve ({soaserial_list}).",
        "The MNAME should name the primary, which always has the newest serial; check the MNAME or the zone transfers.");
    public static readonly MessageTag NotResolve = new("Z01_MNAME_NOT_RESOLVE", Severity.Notice, ThreatTypes.ZoneContent,
        "The SOA MNAME {nsname} has no address.", "Give the primary an address record, or correct the MNAME.");
    public static readonly MessageTag UnexpectedRcode = new("Z01_MNAME_UNEXPECTED_RCODE", Severity.Notice, ThreatTypes.ZoneContent,
        "The SOA MNAME server {ns} answers the SOA query with {rcode}.", "The primary should answer for its zone with NOERROR.");

    public override string Id => "ZONE01";

    public override string Module => "Zone";

    public override IReadOnlyList<MessageTag> Tags { get; } =
        [HasLocalhostAddress, IsDot, IsLocalhost, IsMaster, MissingSoa, NoResponse, NotAuthoritative, NotInNsList, NotMaster, NotResolve, UnexpectedRcode];

    public override IEnumerable<CheckMessage> Evaluate(ZoneFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var answering = facts.Servers.Where(s => s.AuthoritativeForZone && s.Soa is not null).ToList();
        var localhost = answering.Where(s => string.Equals(s.Soa!.Primary.ToString(), "localhost.", StringComparison.OrdinalIgnoreCase)).ToList();
        var dot = answering.Where(s => s.Soa!.Primary.IsRoot).ToList();
        if (localhost.Count > 0)
        {
            yield return Emit(IsLocalhost, localhost.Select(s => s.EvidenceOf(s.SoaUdp)), ("ns_ip_list", Addresses(localhost)));
        }

        if (dot.Count > 0)
        {
            yield return Emit(IsDot, null, ("ns_ip_list", Addresses(dot)));
        }

        var serials = answering.Select(s => s.Soa!.Serial).Distinct().ToList();
        var childNs = facts.ChildNs;
        var notMaster = new List<(NameServerAddress Server, uint Serial, Evidence Evidence)>();
        var isMaster = new List<NameServerAddress>();
        foreach (var mname in facts.Mnames)
        {
            if (!childNs.Contains(mname.Name))
            {
                yield return Emit(NotInNsList, null, ("nsname", mname.Name));
            }

            if (mname.Addresses.Count == 0)
            {
                yield return Emit(NotResolve, [.. facts.DelegationEvidence], ("nsname", mname.Name));
                continue;
            }

            foreach (var address in mname.Addresses)
            {
                var server = new NameServerAddress(mname.Name, address);
                if (address.Equals(IPAddress.Loopback) || address.Equals(IPAddress.IPv6Loopback))
                {
                    yield return Emit(HasLocalhostAddress, [new Evidence(mname.Name.ToString(), address, $"{mname.Name} A/AAAA", "-", "resolves to a localhost address", TimeSpan.Zero, default, default)],
                        ("nsname", mname.Name), ("ns_ip", address));
                    continue;
                }

                var outcome = mname.SoaAnswers.GetValueOrDefault(address);
                var evidence = EvidenceBuilder.From(server, outcome);
                if (outcome.Answered() is not { } m)
                {
                    yield return Emit(NoResponse, [evidence], ("ns", server));
                }
                else if (m.ResponseCode != DnsResponseCode.NoError)
                {
                    yield return Emit(UnexpectedRcode, [evidence], ("ns", server), ("rcode", m.ResponseCode.ToString().ToUpperInvariant()));
                }
                else if (MessageReading.Soa(m.Answers, facts.Zone) is not { } soa)
                {
                    yield return Emit(MissingSoa, [evidence], ("ns", server));
                }
                else if (!m.IsAuthoritative())
                {
                    yield return Emit(NotAuthoritative, [evidence], ("ns", server));
                }
                else if (serials.Any(other => Rules.SerialArithmetic.IsBefore(soa.Serial, other)))
                {
                    notMaster.Add((server, soa.Serial, evidence));
                }
                else
                {
                    isMaster.Add(server);
                }
            }
        }

        if (notMaster.Count > 0)
        {
            yield return Emit(NotMaster, notMaster.Select(n => n.Evidence).Concat(answering.Select(s => s.EvidenceOf(s.SoaUdp))),
                ("ns_list", string.Join(";", notMaster.Select(n => n.Server))), ("soaserial", string.Join(";", notMaster.Select(n => n.Serial).Distinct())),
                ("soaserial_list", string.Join(";", serials.Order())));
        }

        if (isMaster.Count > 0)
        {
            yield return Emit(IsMaster, null, ("ns_list", string.Join(";", isMaster)));
        }
    }

    private static string Addresses(IEnumerable<ServerFacts> servers) => string.Join(";", servers.Select(s => s.Server.Address).Distinct());
}
