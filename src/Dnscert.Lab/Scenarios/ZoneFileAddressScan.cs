using System.Net;

namespace Dnscert.Lab.Scenarios;

/// <summary>
/// Finds A and AAAA data in a master file that is not a loopback address, so that no scenario can send a
/// checker off the machine. A token scan, not a parser: lab zone files are small and hand-written, and
/// this runs before any tool touches them. It errs towards refusing.
/// </summary>
public static class ZoneFileAddressScan
{
    public const long MaxZoneFileBytes = 16 * 1024 * 1024;

    /// <summary>Returns "line N: address" for every non-loopback address found.</summary>
    public static IReadOnlyList<string> FindForeignAddresses(string path)
    {
        var found = new List<string>();
        var lineNumber = 0;
        foreach (var rawLine in File.ReadLines(path))
        {
            lineNumber++;
            var line = StripComment(rawLine);
            var tokens = line.Split([' ', '\t', '(', ')'], StringSplitOptions.RemoveEmptyEntries);
            for (var i = 0; i + 1 < tokens.Length; i++)
            {
                var type = tokens[i];
                if (!type.Equals("A", StringComparison.OrdinalIgnoreCase) && !type.Equals("AAAA", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                var value = tokens[i + 1];
                if (IPAddress.TryParse(value, out var address))
                {
                    if (!LabAddresses.IsLoopback(address))
                    {
                        found.Add($"line {lineNumber}: {value}");
                    }
                }
            }
        }

        return found;
    }

    private static string StripComment(string line)
    {
        var inQuotes = false;
        for (var i = 0; i < line.Length; i++)
        {
            switch (line[i])
            {
                case '\\':
                    i++;
                    break;
                case '"':
                    inQuotes = !inQuotes;
                    break;
                case ';' when !inQuotes:
                    return line[..i];
            }
        }

        return line;
    }
}
