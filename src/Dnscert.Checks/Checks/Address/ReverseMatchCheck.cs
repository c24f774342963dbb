using Dnscert.Checks.Facts;
using Dnscert.Checks.Messages;
using Dnscert.Core;
using Dnscert.Core.Catalog;

namespace Dnscert.Checks.Address;

/// <summary>
/// ADDRESS03: each address of the zone's own name servers should have a PTR naming that server (RFC 1912 §2.1);
/// some anti-abuse filters distrust hosts whose reverse mapping is missing or names another host.
/// </summary>
public sealed class ReverseMatchCheck : CheckBase
{
    public static readonly MessageTag PtrMatch = new("NAMESERVER_IP_PTR_MATCH", Severity.Info, null,
        "Every name server address has a PTR record naming its server.");

    public static readonly MessageTag PtrMismatch = new("NAMESERVER_IP_PTR_MISMATCH", Severity.Warning, ThreatTypes.ZoneContent,
        "The address {address} of {ns} has PTR records naming {names}, not the server itself.",
        "Make the PTR of each name server address name that server, or add a PTR that does.");

    public static readonly MessageTag WithoutReverse = new("NAMESERVER_IP_WITHOUT_REVERSE", Severity.Notice, ThreatTypes.ZoneContent,
        "The address {address} of {ns} has no PTR record.",
        "Ask the holder of the address block to publish a PTR naming the server.");

    public static readonly MessageTag NoResponsePtr = new("NO_RESPONSE_PTR_QUERY", Severity.Warning, ThreatTypes.UnreachableNameServer,
        "No server answered the PTR query for {domain}.",
        "The reverse zone of the address could not be reached; check its delegation.");

    public override string Id => "ADDRESS03";

    public override string Module => "Address";

    public override IReadOnlyList<MessageTag> Tags { get; } = [PtrMatch, PtrMismatch, WithoutReverse, NoResponsePtr];

    public override IEnumerable<CheckMessage> Evaluate(ZoneFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var (checkedAny, allMatch) = (false, true);
        foreach (var name in facts.ChildNs)
        {
            foreach (var address in facts.ChildAddressesOf(name))
            {
                if (!facts.ReverseLookups.TryGetValue(address, out var lookup))
                {
                    continue;
                }

                checkedAny = true;
                if (!lookup.Responded)
                {
                    allMatch = false;
                    yield return Emit(NoResponsePtr, lookup.Evidence, ("domain", Dns.ReverseName.Of(address)));
                }
                else if (lookup.Targets.Count == 0)
                {
                    allMatch = false;
                    yield return Emit(WithoutReverse, lookup.Evidence, ("ns", name), ("address", address));
                }
                else if (!lookup.Targets.Contains(name))
                {
                    allMatch = false;
                    yield return Emit(PtrMismatch, lookup.Evidence, ("ns", name), ("address", address), ("names", string.Join(";", lookup.Targets)));
                }
            }
        }

        if (checkedAny && allMatch)
        {
            yield return Emit(PtrMatch);
        }
    }
}
