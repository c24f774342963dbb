using System.Globalization;
using Dnscert.Core;

namespace Dnscert.Feeds.PublicSuffix;

/// <summary>
/// The Public Suffix List algorithm (publicsuffix.org/list: the longest matching rule wins, wildcards match one
/// label, exception rules win over everything and remove one label, an unlisted TLD is a public suffix by the implicit
/// <c>*</c> rule). Hand-written because no PSL library is served by our NuGet registry. Rules are stored in punycode, so
/// input must be ASCII lower-case (what <see cref="Parsers.IndicatorText"/> produces). Lookups allocate nothing.
/// </summary>
public sealed class PublicSuffixList
{
    /// <summary>Where Debian's <c>publicsuffix</c> package puts the list.</summary>
    public const string DebianPath = "/usr/share/publicsuffix/public_suffix_list.dat";

    /// <summary>Most rules read; the real list has about 10,000.</summary>
    private const int MaxRules = 1_000_000;

    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _rules;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _wildcards;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _exceptions;

    private PublicSuffixList(HashSet<string> rules, HashSet<string> wildcards, HashSet<string> exceptions)
    {
        _rules = rules.GetAlternateLookup<ReadOnlySpan<char>>();
        _wildcards = wildcards.GetAlternateLookup<ReadOnlySpan<char>>();
        _exceptions = exceptions.GetAlternateLookup<ReadOnlySpan<char>>();
        RuleCount = rules.Count + wildcards.Count + exceptions.Count;
    }

    public int RuleCount { get; }

    public static PublicSuffixList Load(string path, bool includePrivate = true)
    {
        if (!File.Exists(path))
        {
            throw new DnscertException($"Public Suffix List {path} not found (install Debian's publicsuffix package or pass --psl FILE).");
        }

        using var reader = new StreamReader(path);
        return Parse(reader, includePrivate);
    }

    /// <summary>Reads the list's text format; <paramref name="includePrivate"/> false keeps only the ICANN section.</summary>
    public static PublicSuffixList Parse(TextReader reader, bool includePrivate = true)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var idn = new IdnMapping();
        var rules = new HashSet<string>(StringComparer.Ordinal);
        var wildcards = new HashSet<string>(StringComparer.Ordinal);
        var exceptions = new HashSet<string>(StringComparer.Ordinal);
        var inPrivate = false;
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Contains("===BEGIN PRIVATE DOMAINS===", StringComparison.Ordinal))
            {
                inPrivate = true;
            }
            else if (line.Contains("===END PRIVATE DOMAINS===", StringComparison.Ordinal))
            {
                inPrivate = false;
            }

            // A rule is the first whitespace-delimited word of a line; comments start with //.
            var text = line.AsSpan().Trim();
            var space = text.IndexOfAny(' ', '\t');
            if (space > 0)
            {
                text = text[..space];
            }

            if (text.IsEmpty || text.StartsWith("//", StringComparison.Ordinal) || (inPrivate && !includePrivate))
            {
                continue;
            }

            if (rules.Count + wildcards.Count + exceptions.Count >= MaxRules)
            {
                throw new DnscertException($"Public Suffix List has more than {MaxRules} rules (line {lineNumber}).");
            }

            var rule = text.ToString();
            var set = rules;
            if (rule.StartsWith('!'))
            {
                set = exceptions;
                rule = rule[1..];
            }
            else if (rule.StartsWith("*.", StringComparison.Ordinal))
            {
                set = wildcards;
                rule = rule[2..];
            }

            try
            {
                set.Add(idn.GetAscii(rule).ToLowerInvariant());
            }
            catch (ArgumentException)
            {
                throw new DnscertException($"Public Suffix List line {lineNumber}: '{rule}' is not a valid rule.");
            }
        }

        return new PublicSuffixList(rules, wildcards, exceptions);
    }

    /// <summary>The public suffix of <paramref name="domain"/> (lower-case ASCII, no final dot).</summary>
    public ReadOnlySpan<char> GetPublicSuffix(ReadOnlySpan<char> domain)
    {
        // Walk suffixes from the longest (the whole name) to the TLD; the first match is the longest rule.
        var start = 0;
        while (true)
        {
            var candidate = domain[start..];
            if (_exceptions.Contains(candidate))
            {
                // An exception rule: the public suffix is the rule minus its leftmost label.
                var dot = candidate.IndexOf('.');
                return dot < 0 ? candidate : candidate[(dot + 1)..];
            }

            if (_rules.Contains(candidate))
            {
                return candidate;
            }

            var next = candidate.IndexOf('.');
            if (next >= 0 && _wildcards.Contains(candidate[(next + 1)..]))
            {
                // *.parent matches this candidate unless an exception exists, which we checked above at this length.
                return candidate;
            }

            if (next < 0)
            {
                return candidate; // the implicit "*" rule
            }

            start += next + 1;
        }
    }

    /// <summary>The registrable domain (public suffix plus one label), or null when <paramref name="domain"/> is itself a public suffix.</summary>
    public string? GetRegistrableDomain(string domain)
    {
        ArgumentNullException.ThrowIfNull(domain);
        var suffix = GetPublicSuffix(domain);
        if (suffix.Length >= domain.Length)
        {
            return null;
        }

        var head = domain.AsSpan(0, domain.Length - suffix.Length - 1);
        var dot = head.LastIndexOf('.');
        return dot < 0 ? domain : domain[(dot + 1)..];
    }
}
