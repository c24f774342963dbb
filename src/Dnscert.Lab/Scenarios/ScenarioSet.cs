namespace Dnscert.Lab.Scenarios;

/// <summary>The scenarios that loaded, and the errors of those that did not.</summary>
public sealed record ScenarioSet(string Root, IReadOnlyList<Scenario> Scenarios, IReadOnlyList<ScenarioError> Errors)
{
    /// <summary>Finds a scenario by full id (<c>Basic/BASIC01/healthy</c>) or short name (<c>healthy</c>).</summary>
    public Scenario? Find(string idOrName) =>
        Scenarios.FirstOrDefault(s => string.Equals(s.Id, idOrName, StringComparison.OrdinalIgnoreCase))
        ?? Scenarios.FirstOrDefault(s => string.Equals(s.ShortName, idOrName, StringComparison.OrdinalIgnoreCase));
}
