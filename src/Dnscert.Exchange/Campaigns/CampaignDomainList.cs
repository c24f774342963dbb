using System.Text;

namespace Dnscert.Exchange.Campaigns;

/// <summary>
/// Reads the domain list of a campaign (a file or a form field): one name per line, blank lines and lines starting
/// with <c>#</c> ignored. Bounded before anything is kept: at most <see cref="MaxBytes"/> of text, lines of at most
/// <see cref="MaxLineLength"/> characters and <see cref="Campaign.MaxDomains"/> names; beyond a bound it throws
/// <see cref="ExchangeFormatException"/> naming the source and line. Each name's syntax is checked later, one by
/// one, by <see cref="Campaign.Plan"/>, so one bad line never rejects the list.
/// </summary>
public static class CampaignDomainList
{
    /// <summary>The largest list read (8 MiB: 100,000 names of 80 characters).</summary>
    public const int MaxBytes = 8 * 1024 * 1024;

    /// <summary>The longest line read; a domain name has at most 253 characters, so longer lines are garbage.</summary>
    public const int MaxLineLength = 1024;

    /// <summary>The lines of <paramref name="text"/>, with comments blanked so line numbers stay those of the source.</summary>
    public static IReadOnlyList<string> Read(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentException.ThrowIfNullOrEmpty(source);
        if (Encoding.UTF8.GetByteCount(text) > MaxBytes)
        {
            throw new ExchangeFormatException($"{source}: the domain list is larger than {MaxBytes} bytes.");
        }

        var lines = new List<string>();
        var names = 0;
        var number = 0;
        foreach (var range in text.AsSpan().Split('\n'))
        {
            number++;
            var line = text.AsSpan()[range].TrimEnd('\r');
            if (line.Length > MaxLineLength)
            {
                throw new ExchangeFormatException($"{source} line {number}: a line of {line.Length} characters (at most {MaxLineLength}).");
            }

            var trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed[0] == '#')
            {
                lines.Add("");
                continue;
            }

            if (++names > Campaign.MaxDomains)
            {
                throw new ExchangeFormatException($"{source} line {number}: more than {Campaign.MaxDomains} domain names.");
            }

            lines.Add(trimmed.ToString());
        }

        return lines;
    }
}
