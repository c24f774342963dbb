using System.Text;
using Dnscert.Checks.Facts;
using Dnscert.Checks.Messages;
using Dnscert.Core;
using Dnscert.Core.Catalog;
using Dnscert.Dns;
using Dnscert.Dns.Records;
using Dnscert.Dns.Wire;

namespace Dnscert.Checks.Nameserver;

/// <summary>
/// NAMESERVER15: does a server tell anyone its software and version (version.bind / version.server, class CH)?
/// That helps an attacker pick exploits, so it is a NOTICE; a CH question answered with records of another class
/// is a protocol error.
/// </summary>
public sealed class SoftwareVersionCheck : CheckBase
{
    public static readonly MessageTag SoftwareVersion = new("N15_SOFTWARE_VERSION", Severity.Notice, null,
        "Name server {ns} reveals its software version to the query {query_name}: \"{string}\".",
        "Hide or replace the version string (BIND: version \"none\"; NSD: hide-version: yes; Knot: version: \"\").");
    public static readonly MessageTag ErrorOnVersionQuery = new("N15_ERROR_ON_VERSION_QUERY", Severity.Notice, null,
        "Name server {ns} does not answer, or answers SERVFAIL, to the software version query {query_name}.",
        "Refusing (REFUSED) or answering an empty string is cleaner than silence or SERVFAIL.");
    public static readonly MessageTag NoVersionRevealed = new("N15_NO_VERSION_REVEALED", Severity.Info, null,
        "Name server {ns} does not reveal its software version.");
    public static readonly MessageTag WrongClass = new("N15_WRONG_CLASS", Severity.Warning, ThreatTypes.ProtocolViolation,
        "Name server {ns} answers a class CH query with records of another class.",
        "An answer's records must be of the class asked (RFC 1035 section 4.1.3).");

    public override string Id => "NAMESERVER15";

    public override string Module => "Nameserver";

    public override IReadOnlyList<MessageTag> Tags { get; } = [SoftwareVersion, ErrorOnVersionQuery, NoVersionRevealed, WrongClass];

    public override IEnumerable<CheckMessage> Evaluate(ZoneFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        foreach (var s in facts.Servers.Where(s => s.Answers))
        {
            var revealed = false;
            var wrongClass = false;
            var asked = false;
            foreach (var (queryName, outcome) in new[] { ("version.bind", s.Nameserver.VersionBind), ("version.server", s.Nameserver.VersionServer) })
            {
                if (outcome is null)
                {
                    continue;
                }

                asked = true;
                if (outcome.Answered() is not { } m || m.ResponseCode == DnsResponseCode.ServFail)
                {
                    yield return Emit(ErrorOnVersionQuery, [s.EvidenceOf(outcome)], ("ns", s.Server), ("query_name", queryName));
                    continue;
                }

                foreach (var (text, chaos) in VersionStrings(m, DomainName.Parse(queryName + ".")))
                {
                    wrongClass |= !chaos;
                    if (text.Length > 0)
                    {
                        revealed = true;
                        yield return Emit(SoftwareVersion, [s.EvidenceOf(outcome)], ("ns", s.Server), ("query_name", queryName), ("string", text));
                    }
                }

                if (wrongClass)
                {
                    yield return Emit(WrongClass, [s.EvidenceOf(outcome)], ("ns", s.Server));
                    wrongClass = false;
                }
            }

            if (asked && !revealed)
            {
                yield return Emit(NoVersionRevealed, null, ("ns", s.Server));
            }
        }
    }

    /// <summary>Each TXT record owned by the query name: its strings joined (RFC 7208 §3.3) and whether it is class CH.</summary>
    private static List<(string Text, bool Chaos)> VersionStrings(DnsMessage m, DomainName owner)
    {
        var result = new List<(string, bool)>();
        foreach (var record in m.Answers)
        {
            if (record.Type == RRType.TXT && record.Owner.Equals(owner) && record.GetData() is TxtRecordData txt)
            {
                var text = string.Concat(txt.Strings.Select(b => Encoding.UTF8.GetString(b.Span)));
                result.Add((text, record.Class == RRClass.CH));
            }
        }

        return result;
    }
}
