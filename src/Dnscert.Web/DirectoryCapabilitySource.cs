using Dnscert.Coordination.Stakeholders;
using Dnscert.Core.Statistics;
using Dnscert.Core.Store;
using Dnscert.Reports.Gaps;

namespace Dnscert.Web;

/// <summary>
/// The gap analysis's capabilities, read from the stakeholder directory of the store: one capability per organisation,
/// threat type and function it states. An organisation's regions come from its constituency: the region of each
/// domain suffix's TLD and of each country (a ccTLD names its country); one with neither serves the world.
/// </summary>
public sealed class DirectoryCapabilitySource(IDnscertStore store) : ICapabilitySource
{
    public async Task<IReadOnlyList<Capability>> ListAsync(CancellationToken cancellationToken = default)
    {
        var capabilities = new List<Capability>();
        foreach (var stakeholder in await StakeholderDirectory.LoadAsync(store.Stakeholders, cancellationToken).ConfigureAwait(false))
        {
            var regions = RegionsOf(stakeholder.Constituency);
            foreach (var (threat, functions) in stakeholder.Capabilities)
            {
                foreach (var function in Enum.GetValues<CapabilityFunction>().Where(f => functions.HasFlag(FlagOf(f))))
                {
                    capabilities.Add(new Capability(stakeholder.Id, threat, function, regions, stakeholder.Languages));
                }
            }
        }

        return capabilities;
    }

    private static List<string> RegionsOf(Constituency constituency)
    {
        var tlds = constituency.DomainSuffixes.Select(s => s.TrimEnd('.').Split('.')[^1].ToLowerInvariant())
            .Concat(constituency.Countries.Select(c => c.ToLowerInvariant()));
        var regions = tlds.Select(Regions.RegionOf).Where(r => r != Regions.Unknown).Distinct(StringComparer.Ordinal).ToList();
        return regions.Count == 0 ? [Regions.Global] : regions;
    }

    private static CapabilityFunctions FlagOf(CapabilityFunction function) => function switch
    {
        CapabilityFunction.Detect => CapabilityFunctions.Detect,
        CapabilityFunction.Analyse => CapabilityFunctions.Analyse,
        CapabilityFunction.Mitigate => CapabilityFunctions.Mitigate,
        CapabilityFunction.Coordinate => CapabilityFunctions.Coordinate,
        _ => CapabilityFunctions.Train,
    };
}
