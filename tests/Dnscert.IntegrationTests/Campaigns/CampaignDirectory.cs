using Dnscert.Coordination.Stakeholders;
using Dnscert.Core.Store;

namespace Dnscert.IntegrationTests.Campaigns;

/// <summary>
/// The fictional directory of the campaign tests: the shipped sample (its TLD registry runs .test, in English) plus a
/// fictional registry of the second level co.test that reads French, so one lab-TLD list splits over two parties.
/// </summary>
public static class CampaignDirectory
{
    public const string FrenchRegistry = "registry-cotest";

    public static async Task ImportAsync(IStakeholderRepository repository, CancellationToken ct)
    {
        var french = new Stakeholder(
            FrenchRegistry,
            "Registre co.test (fictif)",
            StakeholderType.TldRegistry,
            Constituency.Empty with { DomainSuffixes = ["co.test"] },
            [new Contact("Sécurité", "securite@co-test.example")],
            ["fr"],
            null,
            new Dictionary<string, CapabilityFunctions>(),
            []);
        await StakeholderDirectory.ImportAsync(repository, [.. StakeholderDirectory.Sample(), french], ct);
    }

    /// <summary>A DGA-like list over both registries with one name of each kind that is not sent.</summary>
    public static string Domains(string prefix) => string.Join(
        '\n',
        $"# {prefix} generated names",
        $"{prefix}qzkx1.test",
        $"{prefix}qzkx2.test",
        $"{prefix}wpl9.co.test",
        $"{prefix}QZKX1.test.",
        $"{prefix}nowhere.zz",
        "not a name",
        "");
}
