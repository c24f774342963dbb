using System.Globalization;
using Dnscert.Core;

namespace Dnscert.Feeds.PublicSuffix;

/// <summary>
/// The Public Suffix List algorithm (publicsuffix.org/list: the longest matching rule wins, wildcards match one
/// label, exception rules win over everything and remove one label, an unlisted TLD is a public suffix by the implicit
/// <c>*</c> rule). Hand-written because no PSL library is served by our NuGet registry. Rules are stored in punycode, so
/// input must be ASCII lower-case (what <see cref="Parsers.IndicatorText"/> produces). The rules sit in a trie of
/// labels read from the right, so a look-up hashes each label of the name once and stops at the first label no rule
/// continues with (a million feed lines cost three or four short look-ups each, not one hash of every suffix in three
/// sets); lookups allocate nothing.
/// </summary>
public sealed class PublicSuffixList
{
    /// <summary>Where Debian's <c>publicsuffix</c> package puts the list.</summary>
    public const string DebianPath = "/usr/share/publicsuffix/public_suffix_list.dat";

    /// <summary>Most rules read; the real list has about 10,000.</summary>
    private const int MaxRules = 1_000_000;

    private readonly Node _root;

    private PublicSuffixList(Node root, int ruleCount)
    {
        _root = root;
        RuleCount = ruleCount;
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
        var root = new Node();
        var seen = new HashSet<(string, Kind)>();
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

            if (seen.Count >= MaxRules)
            {
                throw new DnscertException($"Public Suffix List has more than {MaxRules} rules (line {lineNumber}).");
            }

            var rule = text.ToString();
            var kind = Kind.Rule;
            if (rule.StartsWith('!'))
            {
                kind = Kind.Exception;
                rule = rule[1..];
            }
            else if (rule.StartsWith("*.", StringComparison.Ordinal))
            {
                kind = Kind.Wildcard;
                rule = rule[2..];
            }

            string ascii;
            try
            {
                ascii = idn.GetAscii(rule).ToLowerInvariant();
            }
            catch (ArgumentException)
            {
                throw new DnscertException($"Public Suffix List line {lineNumber}: '{rule}' is not a valid rule.");
            }

            if (seen.Add((ascii, kind)))
            {
                root.Insert(ascii).Kinds |= kind;
            }
        }

        return new PublicSuffixList(root, seen.Count);
    }

    /// <summary>The public suffix of <paramref name="domain"/> (lower-case ASCII, no final dot).</summary>
    public ReadOnlySpan<char> GetPublicSuffix(ReadOnlySpan<char> domain) => domain[PublicSuffixStart(domain)..];

    /// <summary>The registrable domain (public suffix plus one label), or null when <paramref name="domain"/> is itself a public suffix.</summary>
    public string? GetRegistrableDomain(string domain)
    {
        ArgumentNullException.ThrowIfNull(domain);
        var start = RegistrableStart(domain);
        return start < 0 ? null : start == 0 ? domain : domain[start..];
    }

    /// <summary>Where the registrable domain of <paramref name="domain"/> starts, or -1 when it is itself a public suffix.</summary>
    internal int RegistrableStart(ReadOnlySpan<char> domain)
    {
        var suffix = PublicSuffixStart(domain);
        if (suffix == 0)
        {
            return -1;
        }

        var dot = domain[..(suffix - 1)].LastIndexOf('.');
        return dot + 1;
    }

    /// <summary>
    /// Where the public suffix starts: the longest candidate suffix that is an exception (then minus its leftmost label),
    /// a rule, or the child of a wildcard; a candidate of the same length is an exception before anything else, as the
    /// algorithm says. Walking from the right ends at the first label no rule continues with, because every longer
    /// candidate would need that label's node (a wildcard of one label more needs the node of its parent).
    /// </summary>
    private int PublicSuffixStart(ReadOnlySpan<char> domain)
    {
        var node = _root;
        var end = domain.Length;
        var best = domain.LastIndexOf('.') + 1; // the implicit "*" rule: the last label
        while (end > 0)
        {
            var dot = domain[..end].LastIndexOf('.');
            var start = dot + 1;
            if ((node.Kinds & Kind.Wildcard) != 0)
            {
                best = start;
            }

            var child = node.Find(domain[start..end]);
            if (child is null)
            {
                break;
            }

            if ((child.Kinds & Kind.Exception) != 0)
            {
                // An exception rule: the public suffix is the rule minus its leftmost label.
                best = end < domain.Length ? end + 1 : start;
            }
            else if ((child.Kinds & Kind.Rule) != 0)
            {
                best = start;
            }

            if (dot < 0)
            {
                break;
            }

            node = child;
            end = dot;
        }

        return best;
    }

    [Flags]
    private enum Kind : byte
    {
        None = 0,
        Rule = 1,
        Wildcard = 2,
        Exception = 4,
    }

    /// <summary>One label of the trie; children are keyed by label text and looked up by span.</summary>
    private sealed class Node
    {
        private Dictionary<string, Node>? _children;
        private Dictionary<string, Node>.AlternateLookup<ReadOnlySpan<char>> _lookup;

        public Kind Kinds { get; set; }

        public Node? Find(ReadOnlySpan<char> label) =>
            _children is not null && _lookup.TryGetValue(label, out var child) ? child : null;

        /// <summary>The node of <paramref name="name"/> (labels from the right), created as needed.</summary>
        public Node Insert(string name)
        {
            var node = this;
            var end = name.Length;
            while (true)
            {
                var dot = name.AsSpan(0, end).LastIndexOf('.');
                var label = name[(dot + 1)..end];
                if (node._children is null)
                {
                    node._children = new Dictionary<string, Node>(StringComparer.Ordinal);
                    node._lookup = node._children.GetAlternateLookup<ReadOnlySpan<char>>();
                }

                if (!node._children.TryGetValue(label, out var child))
                {
                    child = new Node();
                    node._children.Add(label, child);
                }

                node = child;
                if (dot < 0)
                {
                    return node;
                }

                end = dot;
            }
        }
    }
}
