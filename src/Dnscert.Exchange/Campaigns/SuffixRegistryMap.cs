namespace Dnscert.Exchange.Campaigns;

/// <summary>A table of domain suffixes (TLDs or registry-run second levels such as co.uk) to registry stakeholder ids; the longest matching suffix wins.</summary>
public sealed class SuffixRegistryMap : IRegistryResolver
{
    private readonly Dictionary<string, string> _bySuffix;

    public SuffixRegistryMap(IReadOnlyDictionary<string, string> bySuffix)
    {
        ArgumentNullException.ThrowIfNull(bySuffix);
        _bySuffix = bySuffix.ToDictionary(p => p.Key.Trim('.').ToLowerInvariant(), p => p.Value, StringComparer.Ordinal);
    }

    public string? RegistryFor(string domain)
    {
        ArgumentNullException.ThrowIfNull(domain);
        var name = domain.TrimEnd('.').ToLowerInvariant();
        while (name.Length > 0)
        {
            if (_bySuffix.TryGetValue(name, out var registry))
            {
                return registry;
            }

            var dot = name.IndexOf('.', StringComparison.Ordinal);
            if (dot < 0)
            {
                return null;
            }

            name = name[(dot + 1)..];
        }

        return null;
    }
}
