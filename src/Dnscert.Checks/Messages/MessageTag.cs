using System.Text;
using System.Text.RegularExpressions;
using Dnscert.Core;
using Dnscert.Core.Catalog;

namespace Dnscert.Checks.Messages;

/// <summary>
/// One message a check can emit, declared once: its tag (Zonemaster's name where the meaning is the same),
/// default severity, threat type (none for purely informative tags), English text with named arguments
/// in braces, and advice.
/// </summary>
public sealed partial record MessageTag(string Name, Severity Severity, ThreatType? Threat, string Template, string? Advice = null)
{
    /// <summary>The argument names the template uses, in order of appearance.</summary>
    public IReadOnlyList<string> ArgumentNames { get; } = [.. Placeholder().Matches(Template).Select(m => m.Groups[1].Value).Distinct()];

    public string Format(IReadOnlyDictionary<string, string> arguments) => FormatTemplate(Template, arguments);

    /// <summary>
    /// Fills <c>{name}</c> placeholders (<c>{[a-z][a-z0-9_]*}</c>) of any template (English or translated) from the
    /// arguments; a placeholder without an argument stays as it is.
    /// </summary>
    /// <remarks>
    /// Hand-written rather than <c>Regex.Replace</c> with an evaluator: the monitor formats some 70 texts per zone run,
    /// and the regex's match objects and delegate were a visible share of serve's CPU. <c>MessageTagTests</c> compares
    /// the two on random templates.
    /// </remarks>
    public static string FormatTemplate(string template, IReadOnlyDictionary<string, string> arguments)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(arguments);
        var open = template.IndexOf('{', StringComparison.Ordinal);
        if (open < 0)
        {
            return template;
        }

        var text = new StringBuilder(template.Length + 32);
        var copied = 0;
        var span = template.AsSpan();
        while (open >= 0)
        {
            var end = PlaceholderEnd(span, open);
            if (end > 0 && arguments.TryGetValue(template[(open + 1)..end], out var value))
            {
                text.Append(span[copied..open]).Append(value);
                copied = end + 1;
                open = template.IndexOf('{', copied);
            }
            else
            {
                // Not a placeholder, or one without an argument: it stays, and the scan goes on after its brace.
                open = template.IndexOf('{', open + 1);
            }
        }

        return text.Append(span[copied..]).ToString();
    }

    /// <summary>The index of the closing brace of a placeholder that opens at <paramref name="open"/>, or -1.</summary>
    private static int PlaceholderEnd(ReadOnlySpan<char> template, int open)
    {
        var i = open + 1;
        if (i >= template.Length || template[i] is < 'a' or > 'z')
        {
            return -1;
        }

        for (i++; i < template.Length; i++)
        {
            var c = template[i];
            if (c == '}')
            {
                return i;
            }

            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '_'))
            {
                return -1;
            }
        }

        return -1;
    }

    /// <summary>The placeholder names of any template, for comparing a translation with its English original.</summary>
    public static IReadOnlySet<string> PlaceholdersOf(string? template) =>
        template is null ? new HashSet<string>() : Placeholder().Matches(template).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);

    [GeneratedRegex(@"\{([a-z][a-z0-9_]*)\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}
