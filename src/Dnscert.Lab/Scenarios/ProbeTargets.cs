using System.Net;

namespace Dnscert.Lab.Scenarios;

/// <summary>Names a probe may use for the lab hierarchy, to check what the parent or the root publishes.</summary>
public static class ProbeTargets
{
    public static readonly IReadOnlyDictionary<string, IPAddress> Hierarchy = new Dictionary<string, IPAddress>(StringComparer.OrdinalIgnoreCase)
    {
        ["root-a"] = LabAddresses.RootA,
        ["root-b"] = LabAddresses.RootB,
        ["tld-a"] = LabAddresses.TldA,
        ["tld-b"] = LabAddresses.TldB,
    };
}
