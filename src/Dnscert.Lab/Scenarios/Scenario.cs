namespace Dnscert.Lab.Scenarios;

/// <summary>A scenario that passed validation: its id (path under lab/scenarios), folder and definition.</summary>
public sealed record Scenario(string Id, string Directory, ScenarioFile Definition)
{
    /// <summary>The last path segment; unique across the lab, accepted wherever an id is.</summary>
    public string ShortName => Id[(Id.LastIndexOf('/') + 1)..];

    /// <summary>The zone under test: the first zone of the scenario.</summary>
    public string MainZone => Definition.Zones![0].Name!;

    public IReadOnlyList<ServerSpec> Servers => Definition.Servers!;

    public ServerSpec Server(string name) =>
        Servers.First(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));
}
