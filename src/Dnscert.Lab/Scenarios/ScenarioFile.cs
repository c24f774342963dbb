namespace Dnscert.Lab.Scenarios;

/// <summary>
/// The JSON form of <c>lab/scenarios/&lt;Module&gt;/&lt;CHECKID&gt;/&lt;name&gt;/scenario.json</c>, as written by hand.
/// Validation turns it into a <see cref="Scenario"/>; see docs/lab.md for every field.
/// </summary>
public sealed class ScenarioFile
{
    public string? Description { get; set; }

    /// <summary>The planted fault in a few words, or null for a healthy scenario.</summary>
    public string? Fault { get; set; }

    public List<ServerSpec>? Servers { get; set; }

    public List<ZoneSpec>? Zones { get; set; }

    public List<DelegationSpec>? Delegations { get; set; }

    /// <summary>Message tags a correct checker must emit.</summary>
    public List<string>? Expect { get; set; }

    /// <summary>Message tags a correct checker must not emit.</summary>
    public List<string>? Forbid { get; set; }

    /// <summary>True when every tag not in <see cref="Expect"/> is forbidden (Zonemaster's convention).</summary>
    public bool ForbidOthers { get; set; }

    /// <summary>Queries that prove the planted fault is really served.</summary>
    public List<ProbeSpec>? Verify { get; set; }

    /// <summary>Alternative delegations or zone files, switched with <c>dnscert lab switch</c>.</summary>
    public Dictionary<string, VariantSpec>? Variants { get; set; }
}
