using Dnscert.Lab.Scenarios;

namespace Dnscert.Lab.Plan;

/// <summary>A scenario with one of its variants applied: the zone versions and delegations that are served.</summary>
public sealed record EffectiveScenario(Scenario Scenario, string Variant, IReadOnlyList<ZoneSpec> Zones, IReadOnlyList<DelegationSpec> Delegations)
{
    public const string DefaultVariant = "default";

    public static EffectiveScenario Of(Scenario scenario, string? variant)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var d = scenario.Definition;
        if (variant is null or DefaultVariant)
        {
            return new EffectiveScenario(scenario, DefaultVariant, d.Zones ?? [], d.Delegations ?? []);
        }

        if (d.Variants is null || !d.Variants.TryGetValue(variant, out var v))
        {
            var known = d.Variants is null ? "none" : string.Join(", ", d.Variants.Keys.Prepend(DefaultVariant));
            throw new Core.DnscertException($"scenario {scenario.Id} has no variant '{variant}' (variants: {known}).");
        }

        var replacedZones = (v.Zones ?? []).Select(z => z.Name!).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var zones = (d.Zones ?? []).Where(z => !replacedZones.Contains(z.Name!)).Concat(v.Zones ?? []).ToList();
        var replacedDelegations = (v.Delegations ?? []).Select(x => x.Zone!).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var delegations = (d.Delegations ?? []).Where(x => !replacedDelegations.Contains(x.Zone!)).Concat(v.Delegations ?? []).ToList();
        return new EffectiveScenario(scenario, variant, zones, delegations);
    }
}
