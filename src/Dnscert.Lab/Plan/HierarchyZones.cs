using System.Globalization;
using System.Net;
using System.Text;
using Dnscert.Lab.Scenarios;

namespace Dnscert.Lab.Plan;

/// <summary>
/// Writes the lab's own root and <c>test.</c> zones: the delegations of every scenario, with glue and DS,
/// so that a checker resolves from the lab's root hints exactly as it would from the real root.
/// </summary>
public static class HierarchyZones
{
    public const string RootA = "a.root-servers.test.";
    public const string RootB = "b.root-servers.test.";
    public const string TldA = "ns1.nic.test.";
    public const string TldB = "ns2.nic.test.";

    /// <summary>
    /// Where the lab publishes IP-to-ASN data in Team Cymru's TXT format (origin.&lt;base&gt;), for CONNECTIVITY03/04;
    /// the lab's check profile points the checker here instead of asnlookup.zonemaster.net.
    /// </summary>
    public const string AsnBase = "asnlookup.test.";

    /// <summary>The private 32-bit ASN (RFC 6996) a lab address gets when its scenario names none: one per address.</summary>
    public static long DefaultAsn(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var bytes = address.GetAddressBytes();
        return 4200000000L + (bytes[^2] * 256L) + bytes[^1];
    }

    /// <summary>The TXT record of one address: "ASN [ASN…] | prefix | country | registry | date", as Cymru serves it.</summary>
    public static string AsnRecord(IPAddress address, IReadOnlyList<long>? asns, string? prefix)
    {
        ArgumentNullException.ThrowIfNull(address);
        var owner = string.Join('.', address.GetAddressBytes().Reverse()) + ".origin." + AsnBase;
        var origin = string.Join(' ', asns is { Count: > 0 } ? asns : [DefaultAsn(address)]);
        return string.Create(CultureInfo.InvariantCulture, $"{owner} IN TXT \"{origin} | {prefix ?? address + "/32"} | ZZ | lab | 2026-01-01\"");
    }

    public static string Root(uint serial, IEnumerable<string> testDs)
    {
        var z = new StringBuilder();
        z.AppendLine("$TTL 86400");
        Line(z, ".", "SOA", $"{RootA} hostmaster.nic.test. {serial} 1800 900 604800 86400");
        Line(z, ".", "NS", RootA);
        Line(z, ".", "NS", RootB);
        Line(z, RootA, "A", LabAddresses.RootA.ToString());
        Line(z, RootB, "A", LabAddresses.RootB.ToString());
        Line(z, ScenarioValidator.LabTld, "NS", TldA);
        Line(z, ScenarioValidator.LabTld, "NS", TldB);
        Line(z, TldA, "A", LabAddresses.TldA.ToString());
        Line(z, TldB, "A", LabAddresses.TldB.ToString());
        foreach (var ds in testDs)
        {
            Line(z, ScenarioValidator.LabTld, "DS", ds);
        }

        return z.ToString();
    }

    public static string Tld(uint serial, IEnumerable<(DelegationSpec Delegation, IReadOnlyList<string> Ds)> delegations, IEnumerable<string>? asnRecords = null)
    {
        var z = new StringBuilder();
        z.AppendLine("$TTL 3600");
        Line(z, ScenarioValidator.LabTld, "SOA", $"{TldA} hostmaster.nic.test. {serial} 7200 3600 1209600 3600");
        Line(z, ScenarioValidator.LabTld, "NS", TldA);
        Line(z, ScenarioValidator.LabTld, "NS", TldB);
        Line(z, TldA, "A", LabAddresses.TldA.ToString());
        Line(z, TldB, "A", LabAddresses.TldB.ToString());
        Line(z, RootA, "A", LabAddresses.RootA.ToString());
        Line(z, RootB, "A", LabAddresses.RootB.ToString());
        foreach (var (d, ds) in delegations)
        {
            z.Append("; delegation of ").AppendLine(d.Zone);
            foreach (var ns in d.Ns!)
            {
                Line(z, d.Zone!, "NS", ns.Name!);
            }

            // Glue only where a real parent would publish it: for names at or below the delegated zone.
            foreach (var ns in d.Ns!.Where(n => IsAtOrBelow(n.Name!, d.Zone!)))
            {
                foreach (var address in ns.Addresses ?? [])
                {
                    Line(z, ns.Name!, address.Contains(':', StringComparison.Ordinal) ? "AAAA" : "A", address);
                }
            }

            foreach (var record in ds)
            {
                Line(z, d.Zone!, "DS", record);
            }
        }

        z.AppendLine("; IP-to-ASN data of every scenario server (CONNECTIVITY03/04)");
        foreach (var record in asnRecords ?? [])
        {
            z.AppendLine(record);
        }

        return z.ToString();
    }

    public static string Hints() =>
        string.Create(CultureInfo.InvariantCulture, $"""
            ; Root hints of the dnscert lab: use these instead of the real root (--hints FILE).
            .                    3600000 IN NS {RootA}
            .                    3600000 IN NS {RootB}
            {RootA,-20} 3600000 IN A  {LabAddresses.RootA}
            {RootB,-20} 3600000 IN A  {LabAddresses.RootB}

            """);

    public static bool IsAtOrBelow(string name, string zone) =>
        name.Equals(zone, StringComparison.OrdinalIgnoreCase) || name.EndsWith("." + zone, StringComparison.OrdinalIgnoreCase);

    private static void Line(StringBuilder z, string owner, string type, string data) =>
        z.Append(owner).Append(" IN ").Append(type).Append(' ').AppendLine(data);
}
