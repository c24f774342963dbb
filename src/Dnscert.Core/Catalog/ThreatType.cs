namespace Dnscert.Core.Catalog;

/// <summary>One entry of the threat catalogue: a stable dotted id, its family and a title.</summary>
public sealed record ThreatType(string Id, string Family, string Title)
{
    public override string ToString() => Id;
}
