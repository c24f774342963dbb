namespace Dnscert.Lab.Scenarios;

/// <summary>A scenario that passed validation: its id (path under lab/scenarios), folder and definition.</summary>
public sealed record Scenario(string Id, string Directory, ScenarioFile Definition)
{
    /// <summary>The last path segment; unique across the lab, accepted wherever an id is.</summary>
    public string ShortName => Id[(Id.LastIndexOf('/') + 1)..];

    /// <summary>The zone under test: the first zone of the scenario, or its first delegation when nothing serves it.</summary>
    public string MainZone => Definition.Zones is { Count: > 0 } zones ? zones[0].Name! : Definition.Delegations![0].Zone!;

    /// <summary>The address a probe's <c>server</c> names: a scenario server, or a server of the lab hierarchy.</summary>
    public string ProbeAddress(string server) =>
        ProbeTargets.Hierarchy.TryGetValue(server, out var address) ? address.ToString() : Server(server).Address!;

    public IReadOnlyList<ServerSpec> Servers => Definition.Servers!;

    public ServerSpec Server(string name) =>
        Servers.First(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));
}
