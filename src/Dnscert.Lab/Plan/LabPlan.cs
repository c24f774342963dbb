namespace Dnscert.Lab.Plan;

/// <summary>Everything the lab will run, computed from the scenarios before anything starts.</summary>
public sealed class LabPlan
{
    public List<ServerInstance> Servers { get; } = [];

    public List<ProxyPlanEntry> Proxies { get; } = [];

    /// <summary>Addresses a scenario names where nothing listens on purpose (servers with software <c>none</c>).</summary>
    public List<string> Silent { get; } = [];

    public required string HintsFile { get; init; }

    public required string TrustAnchorFile { get; init; }
}
