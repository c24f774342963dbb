using Dnscert.Checks.Facts;
using Dnscert.Core.Store;

namespace Dnscert.Checks.Monitor;

/// <summary>
/// The delegation of a zone as one run saw it: the NS set and glue the parent publishes, the parent's DS set, the
/// zone's DNSKEY set and its SOA serial. Compared with the confirmed baseline, it shows hijacks (a new NS set or
/// new addresses for the same names) and key or DS changes.
/// </summary>
public sealed record ZoneSnapshot(
    IReadOnlyList<string> NameServers,
    IReadOnlyList<string> DsRecords,
    IReadOnlyList<string> DnskeyRecords,
    IReadOnlyList<string> GlueAddresses,
    long? SoaSerial)
{
    /// <summary>The snapshot of a run, or null when the run found no delegation to compare (a dead or missing zone).</summary>
    public static ZoneSnapshot? From(ZoneFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        if (!facts.ChildFound || facts.DelegationNs.Count == 0)
        {
            return null;
        }

        var ns = facts.DelegationNs.Select(n => n.ToString().ToLowerInvariant()).Order(StringComparer.Ordinal).ToList();
        var glue = facts.DelegationNs
            .SelectMany(n => facts.DelegationAddresses(n).Select(a => $"{n.ToString().ToLowerInvariant()} {a}"))
            .Distinct().Order(StringComparer.Ordinal).ToList();
        var ds = facts.ParentDs.Select(d => d.ToString()).Distinct().Order(StringComparer.Ordinal).ToList();
        var keys = DnssecView.Of(facts) is { } view ? view.Keys.Select(k => k.ToString()).Distinct().Order(StringComparer.Ordinal).ToList() : [];
        var serial = facts.Servers.Where(s => s.Soa is not null).Select(s => (long?)s.Soa!.Serial).Max();
        return new ZoneSnapshot(ns, ds, keys, glue, serial);
    }

    public ZoneBaseline ToBaseline(string zone, DateTimeOffset confirmedAt) =>
        new(zone, NameServers, DsRecords, DnskeyRecords, GlueAddresses, SoaSerial, confirmedAt);
}
