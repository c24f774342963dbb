namespace Dnscert.Core.Catalog;

/// <summary>
/// One entry of the threat catalogue: a stable dotted id, its family and a title, plus how other vocabularies name it
/// (<see cref="Mappings"/>, an init property so the three-argument constructor keeps working for existing callers).
/// </summary>
public sealed record ThreatType(string Id, string Family, string Title)
{
    public ThreatMappings Mappings { get; init; } = ThreatMappings.None;

    public override string ToString() => Id;
}
