using Dnscert.Checks.Facts;
using Dnscert.Checks.Messages;

namespace Dnscert.Checks.Dnssec;

/// <summary>
/// The shared opening of DNSSEC03 and DNSSEC05: before judging keys or NSEC3, say when no server (or only some
/// servers) serves a DNSKEY at all, with each check's own tags for the two cases.
/// </summary>
public abstract class KeyPresenceCheck : CheckBase
{
    /// <summary>No authoritative server serves a DNSKEY: the zone is unsigned.</summary>
    protected abstract MessageTag ZoneWithoutKeys { get; }

    /// <summary>Some servers serve keys and these do not.</summary>
    protected abstract MessageTag ServersWithoutKeys { get; }

    protected IEnumerable<CheckMessage> KeyPresence(ZoneFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var (withKeys, withoutKeys) = DnssecView.KeyPresence(facts);
        if (withoutKeys.Count > 0)
        {
            var list = string.Join(";", withoutKeys.Select(s => s.Server));
            yield return withKeys.Count == 0
                ? Emit(ZoneWithoutKeys, null, ("ns_list", list))
                : Emit(ServersWithoutKeys, withoutKeys.Select(s => s.EvidenceOf(s.Dnskey)), ("ns_list", list));
        }
    }
}
