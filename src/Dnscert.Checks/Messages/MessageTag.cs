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

    public string Format(IReadOnlyDictionary<string, string> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        return Placeholder().Replace(Template, m => arguments.TryGetValue(m.Groups[1].Value, out var v) ? v : m.Value);
    }

    [GeneratedRegex(@"\{([a-z_]+)\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}
