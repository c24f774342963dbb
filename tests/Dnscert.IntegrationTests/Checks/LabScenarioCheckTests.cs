using Dnscert.Checks;
using Dnscert.Checks.Engine;
using Dnscert.Dns;
using Dnscert.IntegrationTests.Infrastructure;
using Dnscert.Lab.Scenarios;

namespace Dnscert.IntegrationTests.Checks;

/// <summary>
/// The check engine against every lab scenario, on the real servers: each expected tag that the catalogue
/// implements must be emitted and each forbidden one must not. Tags the catalogue does not implement yet
/// are listed in docs/checks.md under "Not yet".
/// </summary>
public sealed class LabScenarioCheckTests(LabFixture lab)
{
    private static readonly Lazy<ScenarioSet> s_scenarios = new(() => ScenarioLoader.LoadAll(TestEnvironment.ScenarioRoot));

    public static TheoryData<string> Scenarios()
    {
        var data = new TheoryData<string>();
        foreach (var s in s_scenarios.Value.Scenarios)
        {
            data.Add(s.Id);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task The_check_engine_emits_the_expected_tags_and_none_of_the_forbidden(string id)
    {
        lab.RequireUp();
        var scenario = s_scenarios.Value.Find(id)!;
        var run = await new CheckRunner(TimeProvider.System, new CheckOptions { AsnBase = Dnscert.Lab.Plan.HierarchyZones.AsnBase, TrustAnchor = TrustAnchor.Load(lab.TrustAnchorFile) }).RunAsync(
            DomainName.Parse(scenario.MainZone), RootHints.Load(lab.HintsFile), CheckCatalog.All, null, TestContext.Current.CancellationToken);
        var emitted = run.Messages.Select(m => m.Tag.Name).ToHashSet(StringComparer.Ordinal);
        var known = CheckCatalog.TagsByName;
        var missing = (scenario.Definition.Expect ?? []).Where(known.ContainsKey).Where(t => !emitted.Contains(t)).ToList();
        var wrong = (scenario.Definition.Forbid ?? []).Where(emitted.Contains).ToList();
        Assert.True(missing.Count == 0 && wrong.Count == 0,
            $"{id}: missing {string.Join(",", missing)}; forbidden but emitted {string.Join(",", wrong)}; emitted: {string.Join(",", emitted.Order())}");
    }
}
