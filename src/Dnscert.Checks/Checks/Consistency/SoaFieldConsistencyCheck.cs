using Dnscert.Checks.Facts;
using Dnscert.Checks.Messages;
using Dnscert.Dns.Records;

namespace Dnscert.Checks.Consistency;

/// <summary>
/// The shape of CONSISTENCY01, 02, 03 and 06: every authoritative server must serve the same value of one SOA
/// field (serial, RNAME, timers, MNAME); the subclasses say which field and which tags.
/// </summary>
public abstract class SoaFieldConsistencyCheck : CheckBase
{
    protected abstract MessageTag One { get; }

    protected abstract MessageTag Multiple { get; }

    /// <summary>The argument name of the value in <see cref="One"/>'s template.</summary>
    protected abstract string ValueArgument { get; }

    protected abstract string Value(SoaRecordData soa);

    public override string Module => "Consistency";

    public override IEnumerable<CheckMessage> Evaluate(ZoneFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var groups = facts.Servers.Where(s => s.Soa is not null).GroupBy(s => Value(s.Soa!), StringComparer.OrdinalIgnoreCase).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        if (groups.Count == 1)
        {
            yield return Emit(One, null, (ValueArgument, groups[0].Key));
        }
        else if (groups.Count > 1)
        {
            var text = string.Join("; ", groups.Select(g => $"{g.Key} from {string.Join(",", g.Select(s => s.Server))}"));
            yield return Emit(Multiple, groups.SelectMany(g => g.Select(s => s.EvidenceOf(s.SoaUdp))), ("count", groups.Count), ("values", text));
        }
    }
}
