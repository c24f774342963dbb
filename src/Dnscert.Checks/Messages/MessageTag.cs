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

    /// <summary>Fills <c>{name}</c> placeholders of any template (English or translated) from the arguments.</summary>
    public static string FormatTemplate(string template, IReadOnlyDictionary<string, string> arguments)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(arguments);
        return Placeholder().Replace(template, m => arguments.TryGetValue(m.Groups[1].Value, out var v) ? v : m.Value);
    }

    /// <summary>The placeholder names of any template, for comparing a translation with its English original.</summary>
    public static IReadOnlySet<string> PlaceholdersOf(string? template) =>
        template is null ? new HashSet<string>() : Placeholder().Matches(template).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);

    [GeneratedRegex(@"\{([a-z][a-z0-9_]*)\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}
