namespace Dnscert.Core.Catalog;

/// <summary>
/// How one catalogue entry is spelled in the vocabularies other tools speak, so an observation can be exported to or
/// imported from MISP, IntelMQ, X-ARF and the FIRST DNS Abuse Techniques Matrix without a lookup table per tool.
/// A null or empty member means that vocabulary has no fitting term (docs/threat-catalogue.md says which).
/// </summary>
/// <param name="MispTags">Machine tags in <c>namespace:predicate="value"</c> form from the MISP taxonomies.</param>
/// <param name="RsitTaxonomy">IntelMQ <c>classification.taxonomy</c> (RSIT-based).</param>
/// <param name="RsitType">IntelMQ <c>classification.type</c>; always belongs to <paramref name="RsitTaxonomy"/>.</param>
/// <param name="XarfCategory">X-ARF v4 category, e.g. <c>content</c>.</param>
/// <param name="XarfType">X-ARF v4 type within the category, e.g. <c>phishing</c>.</param>
/// <param name="FirstTechniqueUuid">UUID of the technique in the MISP galaxy <c>first-dns</c> cluster.</param>
/// <param name="FirstTechnique">The technique's name as the galaxy spells it.</param>
public sealed record ThreatMappings(
    IReadOnlyList<string> MispTags,
    string? RsitTaxonomy,
    string? RsitType,
    string? XarfCategory,
    string? XarfType,
    string? FirstTechniqueUuid,
    string? FirstTechnique)
{
    /// <summary>No mapping at all (the default for entries created without one).</summary>
    public static ThreatMappings None { get; } = new([], null, null, null, null, null, null);

    /// <summary>IntelMQ spelling <c>taxonomy/type</c>, or null.</summary>
    public string? Rsit => RsitType is null ? null : $"{RsitTaxonomy}/{RsitType}";

    /// <summary>X-ARF spelling <c>category/type</c>, or null.</summary>
    public string? Xarf => XarfType is null ? null : $"{XarfCategory}/{XarfType}";
}
