using Dnscert.Core;
using Dnscert.Feeds.Parsers;

namespace Dnscert.Feeds.Ingestion;

/// <summary>
/// Known false positives: exact names (<c>example.com</c>) and suffixes (<c>.example.net</c> or <c>*.example.net</c>,
/// which cover the name itself and everything below). Applies to domains and to the host of URLs.
/// </summary>
public sealed class AllowList
{
    private const int MaxEntries = 1_000_000;

    private readonly HashSet<string> _exact = new(StringComparer.Ordinal);
    private readonly HashSet<string> _suffixes = new(StringComparer.Ordinal);

    public static AllowList Empty { get; } = new();

    public int Count => _exact.Count + _suffixes.Count;

    public static AllowList Load(string path)
    {
        var list = new AllowList();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            var text = line.Trim();
            if (text.Length == 0 || text[0] == '#')
            {
                continue;
            }

            if (list.Count >= MaxEntries)
            {
                throw new DnscertException($"{path}: more than {MaxEntries} allow-list entries.");
            }

            var suffix = text.StartsWith('.') || text.StartsWith("*.", StringComparison.Ordinal);
            if (IndicatorText.TryNormaliseDomain(text.TrimStart('*').TrimStart('.'), out var name) is { } reason)
            {
                throw new DnscertException($"{path} line {lineNumber}: '{text}': {reason}.");
            }

            (suffix ? list._suffixes : list._exact).Add(name!);
        }

        return list;
    }

    public void AddExact(string name) => _exact.Add(name);

    public void AddSuffix(string name) => _suffixes.Add(name);

    /// <summary>True when <paramref name="host"/> (normalised) is allow-listed.</summary>
    public bool Allows(string host) => Allows(host.AsSpan());

    /// <summary>True when <paramref name="host"/> (normalised) is allow-listed; no string is made.</summary>
    public bool Allows(ReadOnlySpan<char> host)
    {
        if (_exact.GetAlternateLookup<ReadOnlySpan<char>>().Contains(host))
        {
            return true;
        }

        if (_suffixes.Count == 0)
        {
            return false;
        }

        var lookup = _suffixes.GetAlternateLookup<ReadOnlySpan<char>>();
        var span = host;
        while (true)
        {
            if (lookup.Contains(span))
            {
                return true;
            }

            var dot = span.IndexOf('.');
            if (dot < 0)
            {
                return false;
            }

            span = span[(dot + 1)..];
        }
    }
}
