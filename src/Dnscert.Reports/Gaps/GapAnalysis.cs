using Dnscert.Core.Statistics;
using Dnscert.Reports.Statistics;

namespace Dnscert.Reports.Gaps;

/// <summary>
/// The coverage matrix threat type × region: every cell where something was observed, with who can detect, analyse,
/// mitigate, coordinate and train for it there. Cells are ranked by severity weight so the worst gaps come first.
/// </summary>
public static class GapAnalysis
{
    public static IReadOnlyList<GapCell> Analyse(StatisticsCalculator statistics, IReadOnlyList<Capability> capabilities)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        ArgumentNullException.ThrowIfNull(capabilities);
        var cells = new List<GapCell>();
        var byTld = statistics.ThreatByRegionAndTld();
        foreach (var ((threat, region), (affected, weight)) in statistics.ThreatByRegion())
        {
            var capable = new Dictionary<CapabilityFunction, IReadOnlyList<string>>();
            foreach (var group in capabilities
                .Where(c => string.Equals(c.ThreatTypeId, threat, StringComparison.Ordinal) && Covers(c, region))
                .GroupBy(c => c.Function))
            {
                capable[group.Key] = [.. group.Select(c => c.Organisation).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
            }

            var able = capabilities.Where(c => string.Equals(c.ThreatTypeId, threat, StringComparison.Ordinal) && Covers(c, region)).ToList();
            cells.Add(new GapCell(threat, region, affected, weight, capable) { Languages = LanguagesOf(byTld.GetValueOrDefault((threat, region)) ?? [], able) });
        }

        return [.. cells.OrderByDescending(c => c.IsGap).ThenByDescending(c => c.Weight).ThenByDescending(c => c.IsLanguageGap).ThenByDescending(c => c.Affected)
            .ThenBy(c => c.ThreatTypeId, StringComparer.Ordinal).ThenBy(c => c.Region, StringComparer.Ordinal)];
    }

    /// <summary>
    /// The languages of the affected TLDs with their affected counts, and per language the organisations able to act
    /// (any function for this threat and region) that list it among their languages.
    /// </summary>
    private static List<GapLanguage> LanguagesOf(IReadOnlyList<KeyValuePair<string, long>> tlds, List<Capability> able)
    {
        var affected = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
        foreach (var (tld, count) in tlds)
        {
            foreach (var language in ConstituencyLanguages.Of(tld))
            {
                affected[language] = affected.GetValueOrDefault(language) + count;
            }
        }

        return [.. affected.OrderByDescending(a => a.Value).ThenBy(a => a.Key, StringComparer.Ordinal).Select(a => new GapLanguage(
            a.Key,
            a.Value,
            [.. able.Where(c => c.Languages.Contains(a.Key, StringComparer.OrdinalIgnoreCase)).Select(c => c.Organisation).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)]))];
    }

    private static bool Covers(Capability capability, string region) =>
        capability.Regions.Any(r => string.Equals(r, region, StringComparison.OrdinalIgnoreCase) || string.Equals(r, Regions.Global, StringComparison.OrdinalIgnoreCase));
}
