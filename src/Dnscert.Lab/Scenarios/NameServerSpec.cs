namespace Dnscert.Lab.Scenarios;

/// <summary>One NS record in the parent, with the glue addresses the parent publishes for it.</summary>
public sealed class NameServerSpec
{
    public string? Name { get; set; }

    /// <summary>Glue; published only for names at or below the delegated zone, as a real parent does.</summary>
    public List<string>? Addresses { get; set; }
}
