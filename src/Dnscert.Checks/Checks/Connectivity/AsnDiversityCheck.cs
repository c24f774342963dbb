using System.Net.Sockets;
using Dnscert.Checks.Facts;
using Dnscert.Checks.Messages;
using Dnscert.Core;
using Dnscert.Core.Catalog;

namespace Dnscert.Checks.Connectivity;

/// <summary>
/// CONNECTIVITY03: the name servers should sit in different autonomous systems (RFC 2182 §3.1), so that one
/// network's outage or routing incident does not take the zone down. Checked for IPv4 and IPv6 apart.
/// </summary>
/// <remarks>
/// Zonemaster rates a missing or failing ASN database ERROR. dnscert says NOTICE: the database's silence is not
/// the zone's fault, and a monitor would otherwise open an incident on every zone when the database is down. A
/// profile can raise them back.
/// </remarks>
public sealed class AsnDiversityCheck : AsnDataCheck
{
    public static readonly MessageTag EmptySet = new("EMPTY_ASN_SET", Severity.Notice, null,
        "The ASN database has no origin for {ns_ip}.");

    public static readonly MessageTag DatabaseError = new("ERROR_ASN_DATABASE", Severity.Notice, null,
        "The ASN database gave no usable answer for {ns_ip}: {reason}.");

    public static readonly MessageTag Ipv4OneAsn = new("IPV4_ONE_ASN", Severity.Warning, ThreatTypes.SinglePointOfFailure,
        "All IPv4 name server addresses are announced from one AS: {asn}.", "Add a name server in another network (another AS), as RFC 2182 §3.1 recommends.");

    public static readonly MessageTag Ipv4SameAsn = new("IPV4_SAME_ASN", Severity.Notice, ThreatTypes.SinglePointOfFailure,
        "All IPv4 name server addresses are announced from the same set of ASes: {asn_list}.", "Add a name server announced from a different AS.");

    public static readonly MessageTag Ipv4DifferentAsn = new("IPV4_DIFFERENT_ASN", Severity.Info, null,
        "The IPv4 name server addresses are announced from different ASes: {asn_list}.");

    public static readonly MessageTag Ipv6OneAsn = new("IPV6_ONE_ASN", Severity.Warning, ThreatTypes.SinglePointOfFailure,
        "All IPv6 name server addresses are announced from one AS: {asn}.", "Add a name server in another network (another AS), as RFC 2182 §3.1 recommends.");

    public static readonly MessageTag Ipv6SameAsn = new("IPV6_SAME_ASN", Severity.Notice, ThreatTypes.SinglePointOfFailure,
        "All IPv6 name server addresses are announced from the same set of ASes: {asn_list}.", "Add a name server announced from a different AS.");

    public static readonly MessageTag Ipv6DifferentAsn = new("IPV6_DIFFERENT_ASN", Severity.Info, null,
        "The IPv6 name server addresses are announced from different ASes: {asn_list}.");

    protected override MessageTag EmptySetTag => EmptySet;

    protected override MessageTag DatabaseErrorTag => DatabaseError;

    public override string Id => "CONNECTIVITY03";

    public override string Module => "Connectivity";

    public override IReadOnlyList<MessageTag> Tags { get; } = [EmptySet, DatabaseError, Ipv4OneAsn, Ipv4SameAsn, Ipv4DifferentAsn, Ipv6OneAsn, Ipv6SameAsn, Ipv6DifferentAsn];

    public override IEnumerable<CheckMessage> Evaluate(ZoneFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        foreach (var failure in LookupFailures(facts))
        {
            yield return failure;
        }

        foreach (var (family, one, same, different) in new[]
        {
            (AddressFamily.InterNetwork, Ipv4OneAsn, Ipv4SameAsn, Ipv4DifferentAsn),
            (AddressFamily.InterNetworkV6, Ipv6OneAsn, Ipv6SameAsn, Ipv6DifferentAsn),
        })
        {
            var found = facts.AsnLookups.Where(l => l.Status == AsnLookupStatus.Found && l.Address.AddressFamily == family).ToList();
            if (found.Count == 0)
            {
                continue;
            }

            var sets = found.Select(l => string.Join(",", l.Asns.Order())).Distinct(StringComparer.Ordinal).ToList();
            var all = string.Join(", ", found.SelectMany(l => l.Asns).Distinct().Order());
            var evidence = found.SelectMany(l => l.Evidence);
            if (sets.Count > 1)
            {
                yield return Emit(different, null, ("asn_list", all));
            }
            else if (found[0].Asns.Count == 1)
            {
                yield return Emit(one, evidence, ("asn", found[0].Asns[0]));
            }
            else
            {
                yield return Emit(same, evidence, ("asn_list", all));
            }
        }
    }
}
