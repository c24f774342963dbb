using System.Net.Sockets;
using Dnscert.Checks.Facts;
using Dnscert.Checks.Messages;
using Dnscert.Core;
using Dnscert.Core.Catalog;

namespace Dnscert.Checks.Connectivity;

/// <summary>
/// CONNECTIVITY04: name servers announced in the same IP prefix share one route, so one routing incident (a
/// withdrawn or hijacked prefix) reaches all of them (RFC 2182 §3.1). Uses the same IP-to-ASN answers as
/// CONNECTIVITY03; database failures are NOTICE for the same reason as there.
/// </summary>
public sealed class PrefixDiversityCheck : AsnDataCheck
{
    public static readonly MessageTag EmptySet = new("CN04_EMPTY_PREFIX_SET", Severity.Notice, null,
        "The prefix database has no prefix for {ns_ip}.");

    public static readonly MessageTag DatabaseError = new("CN04_ERROR_PREFIX_DATABASE", Severity.Notice, null,
        "The prefix database gave no usable answer for {ns_ip}: {reason}.");

    public static readonly MessageTag Ipv4SamePrefix = new("CN04_IPV4_SAME_PREFIX", Severity.Warning, ThreatTypes.SinglePointOfFailure,
        "These name servers are announced in the same IPv4 prefix {ip_prefix}: {ns_list}.", "Place a name server in a network announced through another prefix.");

    public static readonly MessageTag Ipv4DifferentPrefix = new("CN04_IPV4_DIFFERENT_PREFIX", Severity.Info, null,
        "These name servers are each announced in an IPv4 prefix of their own: {ns_list}.");

    public static readonly MessageTag Ipv6SamePrefix = new("CN04_IPV6_SAME_PREFIX", Severity.Warning, ThreatTypes.SinglePointOfFailure,
        "These name servers are announced in the same IPv6 prefix {ip_prefix}: {ns_list}.", "Place a name server in a network announced through another prefix.");

    public static readonly MessageTag Ipv6DifferentPrefix = new("CN04_IPV6_DIFFERENT_PREFIX", Severity.Info, null,
        "These name servers are each announced in an IPv6 prefix of their own: {ns_list}.");

    protected override MessageTag EmptySetTag => EmptySet;

    protected override MessageTag DatabaseErrorTag => DatabaseError;

    public override string Id => "CONNECTIVITY04";

    public override string Module => "Connectivity";

    public override IReadOnlyList<MessageTag> Tags { get; } = [EmptySet, DatabaseError, Ipv4SamePrefix, Ipv4DifferentPrefix, Ipv6SamePrefix, Ipv6DifferentPrefix];

    public override IEnumerable<CheckMessage> Evaluate(ZoneFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        foreach (var failure in LookupFailures(facts))
        {
            yield return failure;
        }

        var byAddress = facts.AsnLookups.Where(l => l.Status == AsnLookupStatus.Found).ToDictionary(l => l.Address);
        foreach (var (family, same, different) in new[]
        {
            (AddressFamily.InterNetwork, Ipv4SamePrefix, Ipv4DifferentPrefix),
            (AddressFamily.InterNetworkV6, Ipv6SamePrefix, Ipv6DifferentPrefix),
        })
        {
            var members = facts.Servers.Select(s => s.Server).Distinct()
                .Where(s => s.Address.AddressFamily == family && byAddress.ContainsKey(s.Address))
                .GroupBy(s => byAddress[s.Address].Prefix!.Value.ToString()).ToList();
            if (members.Count == 0)
            {
                continue;
            }

            foreach (var shared in members.Where(g => g.Count() > 1))
            {
                yield return Emit(same, shared.SelectMany(s => byAddress[s.Address].Evidence), ("ip_prefix", shared.Key), ("ns_list", string.Join(", ", shared)));
            }

            var alone = members.Where(g => g.Count() == 1).SelectMany(g => g).ToList();
            if (alone.Count > 0)
            {
                yield return Emit(different, null, ("ns_list", string.Join(", ", alone)));
            }
        }
    }
}
