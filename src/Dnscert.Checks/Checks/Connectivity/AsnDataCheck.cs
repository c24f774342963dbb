using Dnscert.Checks.Facts;
using Dnscert.Checks.Messages;

namespace Dnscert.Checks.Connectivity;

/// <summary>
/// The shared opening of CONNECTIVITY03 and CONNECTIVITY04, which read the same IP-to-ASN answers: say for which
/// addresses the database knew nothing or gave nothing usable, with each check's own tags for the two cases.
/// </summary>
public abstract class AsnDataCheck : CheckBase
{
    /// <summary>The database does not know the address (NXDOMAIN or an empty answer).</summary>
    protected abstract MessageTag EmptySetTag { get; }

    /// <summary>No answer, an error RCODE or data that does not parse.</summary>
    protected abstract MessageTag DatabaseErrorTag { get; }

    protected IEnumerable<CheckMessage> LookupFailures(ZoneFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        foreach (var failed in facts.AsnLookups.Where(l => l.Status != AsnLookupStatus.Found))
        {
            yield return failed.Status == AsnLookupStatus.Empty
                ? Emit(EmptySetTag, failed.Evidence, ("ns_ip", failed.Address))
                : Emit(DatabaseErrorTag, failed.Evidence, ("ns_ip", failed.Address), ("reason", failed.Reason ?? "no answer"));
        }
    }
}
