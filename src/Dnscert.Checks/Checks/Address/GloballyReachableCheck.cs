using Dnscert.Checks.Facts;
using Dnscert.Checks.Messages;
using Dnscert.Core;
using Dnscert.Core.Catalog;

namespace Dnscert.Checks.Address;

/// <summary>
/// ADDRESS01: every name server address, from the delegation and from the zone's own NS set, must be one the
/// Internet can reach; documentation, private and other special-purpose addresses make a server unreachable.
/// </summary>
public sealed class GloballyReachableCheck : CheckBase
{
    public static readonly MessageTag NotGloballyReachable = new("A01_ADDR_NOT_GLOBALLY_REACHABLE", Severity.Error, ThreatTypes.UnreachableNameServer,
        "These name server addresses are in special-purpose blocks that are not globally reachable: {ns_list}.",
        "Give every name server a public address; the blocks named in the evidence are never routed on the Internet.");

    public static readonly MessageTag Documentation = new("A01_DOCUMENTATION_ADDR", Severity.Error, ThreatTypes.UnreachableNameServer,
        "These name server addresses are reserved for documentation and examples: {ns_list}.",
        "Replace the example address with the server's real one, at the registry (glue) and in the zone.");

    public static readonly MessageTag GloballyReachable = new("A01_GLOBALLY_REACHABLE_ADDR", Severity.Info, null,
        "These name server addresses are globally reachable: {ns_list}.");

    public static readonly MessageTag LocalUse = new("A01_LOCAL_USE_ADDR", Severity.Error, ThreatTypes.UnreachableNameServer,
        "These name server addresses are for local use only (private, loopback, link-local, unique-local or shared space): {ns_list}.",
        "Publish the server's public address; a local address leaks internal addressing and works only inside one network.");

    public static readonly MessageTag NoGloballyReachable = new("A01_NO_GLOBALLY_REACHABLE_ADDR", Severity.Error, ThreatTypes.UnreachableNameServer,
        "None of the name server addresses is globally reachable.",
        "The zone cannot be resolved from the Internet; give its name servers public addresses.");

    public static readonly MessageTag NoNameServers = new("A01_NO_NAME_SERVERS_FOUND", Severity.Critical, ThreatTypes.DelegationMisconfigured,
        "No name server with an address was found for the zone.",
        "Check that the zone is delegated and that its name servers have addresses.");

    public override string Id => "ADDRESS01";

    public override string Module => "Address";

    public override IReadOnlyList<MessageTag> Tags { get; } = [NotGloballyReachable, Documentation, GloballyReachable, LocalUse, NoGloballyReachable, NoNameServers];

    public override IEnumerable<CheckMessage> Evaluate(ZoneFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var pairs = NameServerAddresses(facts);
        if (pairs.Count == 0)
        {
            yield return Emit(NoNameServers, [.. facts.DelegationEvidence]);
            yield break;
        }

        var classified = pairs.Select(p => (Pair: p, Class: SpecialPurposeAddresses.Classify(p.Address))).ToList();
        foreach (var (tag, use) in new[] { (Documentation, AddressUse.Documentation), (LocalUse, AddressUse.LocalUse), (NotGloballyReachable, AddressUse.NotGloballyReachable) })
        {
            var hits = classified.Where(c => c.Class.Use == use).ToList();
            if (hits.Count > 0)
            {
                // The evidence is the registry entry each address falls in: this check asks no server anything.
                var evidence = hits.Select(h => new Evidence(h.Pair.Name.ToString(), h.Pair.Address, "IANA special-purpose address registry", "-",
                    $"in {h.Class.Block}", TimeSpan.Zero, default, default));
                yield return Emit(tag, evidence, ("ns_list", List(hits.Select(h => h.Pair))));
            }
        }

        var reachable = classified.Where(c => c.Class.Use == AddressUse.GloballyReachable).Select(c => c.Pair).ToList();
        yield return reachable.Count > 0
            ? Emit(GloballyReachable, null, ("ns_list", List(reachable)))
            : Emit(NoGloballyReachable, classified.Select(h => new Evidence(h.Pair.Name.ToString(), h.Pair.Address, "IANA special-purpose address registry", "-",
                $"in {h.Class.Block}", TimeSpan.Zero, default, default)));
    }

    /// <summary>Delegation NS names with their addresses, then the zone's own NS names with theirs, without repeats.</summary>
    private static List<NameServerAddress> NameServerAddresses(ZoneFacts facts)
    {
        if (!facts.ChildFound)
        {
            return [];
        }

        var pairs = new List<NameServerAddress>();
        foreach (var name in facts.DelegationNs)
        {
            pairs.AddRange(facts.DelegationAddresses(name).Select(a => new NameServerAddress(name, a)));
        }

        foreach (var name in facts.ChildNs)
        {
            pairs.AddRange(facts.ChildAddressesOf(name).Select(a => new NameServerAddress(name, a)));
        }

        return [.. pairs.Distinct()];
    }

    private static string List(IEnumerable<NameServerAddress> pairs) => string.Join(";", pairs.Select(p => p.ToString()).Order(StringComparer.Ordinal));
}
