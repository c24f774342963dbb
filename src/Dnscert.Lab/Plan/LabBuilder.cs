using System.Net;
using Dnscert.Lab.Scenarios;
using Dnscert.Lab.Signing;

namespace Dnscert.Lab.Plan;

/// <summary>
/// Turns scenarios into a <see cref="LabPlan"/>: signs zones, writes the hierarchy (root and <c>test.</c>) with
/// every delegation, hints and trust anchor, and assigns each logical server a real process or a proxy.
/// </summary>
public sealed class LabBuilder(LabLayout layout, ZoneSigner signer, uint serial, TimeSpan oneWayDelay)
{
    private static readonly SignSpec s_hierarchySigning = new() { Algorithm = "ECDSAP256SHA256" };

    public async Task<LabPlan> BuildAsync(IReadOnlyList<EffectiveScenario> scenarios, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scenarios);
        Directory.CreateDirectory(layout.ZonesDirectory);
        var plan = new LabPlan { HintsFile = layout.HintsFile, TrustAnchorFile = layout.TrustAnchorFile };

        // All scenarios are signed concurrently; the signer bounds how many tools run at once.
        var delegationTasks = new List<Task<(DelegationSpec, IReadOnlyList<string>)>>();
        var zoneTasks = new List<Task>();
        foreach (var scenario in scenarios)
        {
            var instances = AddServers(plan, scenario.Scenario);
            zoneTasks.Add(AddZonesAsync(scenario, instances, ct));
            delegationTasks.AddRange(scenario.Delegations.Select(d => DelegationWithDsAsync(scenario, d, ct)));
        }

        await Task.WhenAll(zoneTasks).ConfigureAwait(false);
        var delegations = await Task.WhenAll(delegationTasks).ConfigureAwait(false);
        var asnRecords = scenarios.SelectMany(s => s.Scenario.Servers).Where(s => IPAddress.TryParse(s.Address, out _)).DistinctBy(s => s.Address)
            .Select(s => HierarchyZones.AsnRecord(IPAddress.Parse(s.Address!), s.Asn, s.Prefix));
        var tldText = HierarchyZones.Tld(serial, delegations, asnRecords);
        var tldFile = await signer.SignAsync(ScenarioValidator.LabTld, tldText, s_hierarchySigning, ct).ConfigureAwait(false);
        var tldDs = await signer.DsAsync(ScenarioValidator.LabTld, s_hierarchySigning, ct).ConfigureAwait(false);
        var rootFile = await signer.SignAsync(".", HierarchyZones.Root(serial, tldDs), s_hierarchySigning, ct).ConfigureAwait(false);
        var rootDs = await signer.DsAsync(".", s_hierarchySigning, ct).ConfigureAwait(false);
        await WriteAnchorsAsync(rootDs, ct).ConfigureAwait(false);

        AddHierarchyServer(plan, "hierarchy/root-a", "nsd", LabAddresses.RootA, ".", rootFile);
        AddHierarchyServer(plan, "hierarchy/root-b", "knot", LabAddresses.RootB, ".", rootFile);
        AddHierarchyServer(plan, "hierarchy/tld-a", "knot", LabAddresses.TldA, ScenarioValidator.LabTld, tldFile);
        AddHierarchyServer(plan, "hierarchy/tld-b", "nsd", LabAddresses.TldB, ScenarioValidator.LabTld, tldFile);
        return plan;
    }

    private void AddHierarchyServer(LabPlan plan, string id, string software, IPAddress address, string zone, string file)
    {
        var instance = NewInstance(plan, id, software, address, relayed: oneWayDelay > TimeSpan.Zero, faults: []);
        instance.Zones[zone] = file;
    }

    private Dictionary<string, ServerInstance> AddServers(LabPlan plan, Scenario scenario)
    {
        var instances = new Dictionary<string, ServerInstance>(StringComparer.OrdinalIgnoreCase);
        foreach (var server in scenario.Servers)
        {
            var address = IPAddress.Parse(server.Address!);
            var id = $"{scenario.ShortName}/{server.Name}";
            switch (server.Software)
            {
                case "none":
                    plan.Silent.Add(server.Address!);
                    break;
                case "fault":
                    var faults = server.Faults ?? [];
                    if (server.Backend is "none")
                    {
                        plan.Proxies.Add(new ProxyPlanEntry(id, address, null, oneWayDelay, faults));
                    }
                    else
                    {
                        instances[server.Name!] = NewInstance(plan, id, server.Backend!, address, relayed: true, faults, server);
                    }

                    break;
                default:
                    instances[server.Name!] = NewInstance(plan, id, server.Software!, address, relayed: oneWayDelay > TimeSpan.Zero, faults: [], server);
                    break;
            }
        }

        return instances;
    }

    private ServerInstance NewInstance(
        LabPlan plan, string id, string software, IPAddress address, bool relayed, IReadOnlyList<FaultSpec> faults, ServerSpec? spec = null)
    {
        var bindAddress = relayed ? LabAddresses.Backend(address) : address;
        var instance = new ServerInstance(id, software, bindAddress, address)
        {
            AxfrOpen = spec?.AxfrOpen ?? false,
            Recursion = spec?.Recursion ?? false,
        };
        plan.Servers.Add(instance);
        if (relayed)
        {
            plan.Proxies.Add(new ProxyPlanEntry(id, address, bindAddress, oneWayDelay, faults));
        }

        return instance;
    }

    private async Task AddZonesAsync(EffectiveScenario scenario, Dictionary<string, ServerInstance> instances, CancellationToken ct)
    {
        var versions = await Task.WhenAll(scenario.Zones.Select(async zone =>
        {
            var source = Path.Combine(scenario.Scenario.Directory, zone.File!);
            var path = zone.Sign is null
                ? source
                : await signer.SignAsync(zone.Name!, await File.ReadAllTextAsync(source, ct).ConfigureAwait(false), zone.Sign, ct).ConfigureAwait(false);
            return (zone, path);
        })).ConfigureAwait(false);

        foreach (var (zone, path) in versions)
        {
            foreach (var name in zone.Servers!)
            {
                if (instances.TryGetValue(name, out var instance))
                {
                    instance.Zones[zone.Name!] = path;
                }
            }
        }
    }

    private async Task<(DelegationSpec, IReadOnlyList<string>)> DelegationWithDsAsync(EffectiveScenario scenario, DelegationSpec d, CancellationToken ct)
    {
        var sign = scenario.Zones.FirstOrDefault(z => string.Equals(z.Name, d.Zone, StringComparison.OrdinalIgnoreCase) && z.Sign is not null)?.Sign;
        IReadOnlyList<string> ds = d.Ds switch
        {
            "none" => [],
            "explicit" => d.DsRecords!,
            "mismatch" => [await signer.MismatchDsAsync(d.Zone!, sign, ct).ConfigureAwait(false)],
            _ when sign is null => [],
            _ => await signer.DsAsync(d.Zone!, sign, ct).ConfigureAwait(false),
        };
        return (d, ds);
    }

    private async Task WriteAnchorsAsync(IReadOnlyList<string> rootDs, CancellationToken ct)
    {
        await File.WriteAllTextAsync(layout.HintsFile, HierarchyZones.Hints(), ct).ConfigureAwait(false);
        await File.WriteAllTextAsync(layout.CheckProfileFile, LabCheckProfile.Json, ct).ConfigureAwait(false);
        var anchor = string.Concat(rootDs.Select(ds => $". IN DS {ds}\n"));
        await File.WriteAllTextAsync(layout.TrustAnchorFile, anchor, ct).ConfigureAwait(false);
        var keys = await signer.GetKeysAsync(".", s_hierarchySigning, ct).ConfigureAwait(false);
        var dnskeys = new List<string>();
        foreach (var key in keys.SepKeys)
        {
            dnskeys.AddRange((await File.ReadAllLinesAsync(key + ".key", ct).ConfigureAwait(false)).Where(l => !l.StartsWith(';')));
        }

        await File.WriteAllLinesAsync(layout.TrustAnchorKeyFile, dnskeys, ct).ConfigureAwait(false);
    }
}
