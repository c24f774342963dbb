using System.Globalization;
using Dnscert.Core;

namespace Dnscert.Reports.Statistics;

/// <summary>
/// Reads the number of registered domains per TLD from a text file: one <c>TLD SIZE</c> pair per line, <c>#</c>
/// comments. Rates are only computed for TLDs listed here. Bounded: file size, line count, label and number ranges;
/// errors name the file and line.
/// </summary>
public static class TldSizes
{
    public const int MaxBytes = 1024 * 1024;
    public const int MaxEntries = 20_000;

    public static IReadOnlyDictionary<string, long> Parse(string text, string name)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > MaxBytes)
        {
            throw new DnscertException($"{name}: {text.Length} characters; the limit is {MaxBytes}.");
        }

        var sizes = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
        var lineNumber = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var line = raw.Split('#')[0].Trim();
            if (line.Length == 0)
            {
                continue;
            }

            var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 2)
            {
                throw new DnscertException($"{name} line {lineNumber}: expected 'TLD SIZE', found {parts.Length} fields.");
            }

            var tld = parts[0].Trim('.').ToLowerInvariant();
            if (tld.Length is 0 or > 63 || !tld.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            {
                throw new DnscertException($"{name} line {lineNumber}: '{parts[0]}' is not a TLD label.");
            }

            if (!long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var size) || size is < 1 or > 10_000_000_000)
            {
                throw new DnscertException($"{name} line {lineNumber}: size '{parts[1]}' must be a whole number from 1 to 10000000000.");
            }

            if (sizes.Count >= MaxEntries && !sizes.ContainsKey(tld))
            {
                throw new DnscertException($"{name} line {lineNumber}: more than {MaxEntries} TLDs.");
            }

            sizes[tld] = size;
        }

        return sizes;
    }
}
