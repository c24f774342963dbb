using System.Globalization;
using System.Net;

namespace Dnscert.Checks.Rules;

/// <summary>
/// One TXT string of Team Cymru's IP-to-ASN DNS service (also served by asnlookup.zonemaster.net):
/// <c>"ASN [ASN…] | prefix | country | registry | date"</c>. Parsed by hand: it is five fields split on '|', and a
/// strict reader that names what is wrong is shorter than any dependency.
/// </summary>
public sealed record CymruOriginRecord(IReadOnlyList<long> Asns, IPNetwork Prefix)
{
    private const int MaxLength = 1024;
    private const int MaxAsns = 64;

    public static bool TryParse(string text, out CymruOriginRecord? record, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        record = null;
        if (text.Length > MaxLength)
        {
            error = $"the record is {text.Length} characters long (at most {MaxLength})";
            return false;
        }

        var fields = text.Split('|', StringSplitOptions.TrimEntries);
        if (fields.Length < 2)
        {
            error = $"\"{text}\" has no '|'-separated prefix field";
            return false;
        }

        var asns = new List<long>();
        foreach (var token in fields[0].Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!long.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var asn) || asn is < 1 or > uint.MaxValue || asns.Count == MaxAsns)
            {
                error = $"\"{token}\" is not an AS number";
                return false;
            }

            asns.Add(asn);
        }

        if (asns.Count == 0)
        {
            error = $"\"{text}\" names no AS number";
            return false;
        }

        if (!IPNetwork.TryParse(fields[1], out var prefix) || !IPAddress.TryParse(fields[1].Split('/')[0], out var first) || !first.Equals(prefix.BaseAddress))
        {
            error = $"\"{fields[1]}\" is not a CIDR prefix";
            return false;
        }

        record = new CymruOriginRecord(asns, prefix);
        error = null;
        return true;
    }

    /// <summary>Of several records, the one with the most specific prefix (the spec's rule); the error of the first bad one when none parses.</summary>
    public static CymruOriginRecord? MostSpecific(IEnumerable<string> texts, out string? error)
    {
        ArgumentNullException.ThrowIfNull(texts);
        CymruOriginRecord? best = null;
        error = null;
        foreach (var text in texts)
        {
            if (TryParse(text, out var record, out var problem))
            {
                if (best is null || record!.Prefix.PrefixLength > best.Prefix.PrefixLength)
                {
                    best = record;
                }
            }
            else
            {
                error ??= problem;
            }
        }

        return best;
    }
}
