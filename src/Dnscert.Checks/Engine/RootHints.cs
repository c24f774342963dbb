using System.Net;
using Dnscert.Core;

namespace Dnscert.Checks.Engine;

/// <summary>
/// Root server addresses from a hints file (the A/AAAA lines of a named.root-style file). A token scan of a
/// tiny file: the zone-file parser is not needed for four record types in a known layout.
/// </summary>
public static class RootHints
{
    public const long MaxFileBytes = 64 * 1024;

    public static IReadOnlyList<IPAddress> Load(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new DnscertException($"hints file '{path}' does not exist.");
        }

        if (info.Length > MaxFileBytes)
        {
            throw new DnscertException($"hints file '{path}' is {info.Length} bytes; a hints file is at most {MaxFileBytes}.");
        }

        var addresses = new List<IPAddress>();
        foreach (var line in File.ReadLines(path))
        {
            var text = line.Split(';')[0];
            var tokens = text.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            for (var i = 0; i + 1 < tokens.Length; i++)
            {
                if ((tokens[i] is "A" or "AAAA") && IPAddress.TryParse(tokens[i + 1], out var address))
                {
                    addresses.Add(address);
                }
            }
        }

        return addresses.Count > 0 ? addresses : throw new DnscertException($"hints file '{path}' names no root server address.");
    }
}
