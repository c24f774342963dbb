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
        foreach (var ((threat, region), (affected, weight)) in statistics.ThreatByRegion())
        {
            var capable = new Dictionary<CapabilityFunction, IReadOnlyList<string>>();
            foreach (var group in capabilities
                .Where(c => string.Equals(c.ThreatTypeId, threat, StringComparison.Ordinal) && Covers(c, region))
                .GroupBy(c => c.Function))
            {
                capable[group.Key] = [.. group.Select(c => c.Organisation).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
            }

            cells.Add(new GapCell(threat, region, affected, weight, capable));
        }

        return [.. cells.OrderByDescending(c => c.IsGap).ThenByDescending(c => c.Weight).ThenByDescending(c => c.Affected)
            .ThenBy(c => c.ThreatTypeId, StringComparer.Ordinal).ThenBy(c => c.Region, StringComparer.Ordinal)];
    }

    private static bool Covers(Capability capability, string region) =>
        capability.Regions.Any(r => string.Equals(r, region, StringComparison.OrdinalIgnoreCase) || string.Equals(r, Regions.Global, StringComparison.OrdinalIgnoreCase));
}
