using Dnscert.Core;

namespace Dnscert.Feeds.Ingestion;

/// <summary>
/// Registrable domain to registrar id (IANA id or any id the team uses), from a file of <c>domain,registrar</c>
/// lines, typically exported from a registry's database or RDAP lookups done elsewhere. dnscert does not query RDAP.
/// </summary>
public sealed class RegistrarMap
{
    private const int MaxEntries = 50_000_000;
    private readonly Dictionary<string, string> _byDomain = new(StringComparer.Ordinal);

    public static RegistrarMap Empty { get; } = new();

    public int Count => _byDomain.Count;

    public static RegistrarMap Load(string path)
    {
        var map = new RegistrarMap();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var comma = line.IndexOf(',', StringComparison.Ordinal);
            if (comma <= 0 || comma == line.Length - 1)
            {
                throw new DnscertException($"{path} line {lineNumber}: expected 'domain,registrar'.");
            }

            if (map._byDomain.Count >= MaxEntries)
            {
                throw new DnscertException($"{path}: more than {MaxEntries} entries.");
            }

            map._byDomain[line[..comma].Trim().ToLowerInvariant().TrimEnd('.')] = line[(comma + 1)..].Trim();
        }

        return map;
    }

    public string? Find(string registrableDomain) => _byDomain.GetValueOrDefault(registrableDomain);
}
