namespace Dnscert.Lab.Scenarios;

/// <summary>A switchable alternative: replaces the delegations and zone files it names.</summary>
public sealed class VariantSpec
{
    public string? Description { get; set; }

    public List<DelegationSpec>? Delegations { get; set; }

    /// <summary>Zone versions that replace all versions of the same zone name.</summary>
    public List<ZoneSpec>? Zones { get; set; }
}
