using System.Globalization;
using System.Net;

namespace Dnscert.Checks.Rules;

/// <summary>
/// The answer of RIPE's RIS whois server (riswhois.ripe.net) to <c>-F -M &lt;address&gt;</c>: comment lines that start
/// with '%', then one line per route, "ORIGIN-AS PREFIX SEEN-BY-PEERS" separated by white space. Parsed by hand: the
/// format is three fields per line, and a strict reader with limits that names the bad line is shorter than any
/// dependency. Of the routes that cover the address, the most specific wins (a resolver's router picks it too).
/// </summary>
public sealed record RisWhoisRecord(long Asn, IPNetwork Prefix)
{
    /// <summary>Lines read at most; a RIS answer for one address has a few.</summary>
    public const int MaxLines = 2000;

    /// <summary>Characters per line at most.</summary>
    public const int MaxLineLength = 1024;

    /// <summary>
    /// The most specific route covering <paramref name="address"/>; null with a null <paramref name="error"/> when the
    /// answer has no route at all (the address is not announced), null with an error naming the line when a route
    /// line does not parse or the answer is out of bounds.
    /// </summary>
    public static RisWhoisRecord? Parse(string text, IPAddress address, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(address);
        RisWhoisRecord? best = null;
        error = null;
        var lineNumber = 0;
        var routes = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            if (lineNumber > MaxLines)
            {
                error = $"the answer has more than {MaxLines} lines";
                return null;
            }

            var line = raw.TrimEnd('\r');
            if (line.Length > MaxLineLength)
            {
                error = $"line {lineNumber} is {line.Length} characters long (at most {MaxLineLength})";
                return null;
            }

            if (line.Length == 0 || line.StartsWith('%') || string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var fields = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            var asText = fields[0].StartsWith("AS", StringComparison.OrdinalIgnoreCase) ? fields[0][2..] : fields[0];
            if (!long.TryParse(asText, NumberStyles.None, CultureInfo.InvariantCulture, out var asn) || asn is < 1 or > uint.MaxValue)
            {
                error = $"line {lineNumber}: \"{Shorten(fields[0])}\" is not an AS number";
                return null;
            }

            if (fields.Length < 2 || !IPNetwork.TryParse(fields[1], out var prefix) || !IPAddress.TryParse(fields[1].Split('/')[0], out var first) || !first.Equals(prefix.BaseAddress))
            {
                error = $"line {lineNumber}: \"{Shorten(fields.Length < 2 ? line : fields[1])}\" is not a CIDR prefix";
                return null;
            }

            routes++;
            if (prefix.Contains(address) && (best is null || prefix.PrefixLength > best.Prefix.PrefixLength))
            {
                best = new RisWhoisRecord(asn, prefix);
            }
        }

        if (best is null && routes > 0)
        {
            error = $"none of the {routes} routes in the answer covers {address}";
        }

        return best;
    }

    private static string Shorten(string text) => text.Length <= 64 ? text : text[..64] + "…";
}
