namespace Dnscert.Exchange.Campaigns;

/// <summary>
/// Which stakeholder runs the registry responsible for a domain. The coordination routing (TLD registry by suffix)
/// implements it; <see cref="SuffixRegistryMap"/> is the plain suffix table for the CLI and tests.
/// </summary>
public interface IRegistryResolver
{
    /// <summary>The stakeholder id of the registry for <paramref name="domain"/> (lower case, no final dot), or null.</summary>
    string? RegistryFor(string domain);
}
