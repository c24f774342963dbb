using System.Net;

namespace Dnscert.Lab.Runtime;

/// <summary>
/// BIND listens only on addresses that an interface carries (it scans interfaces), unlike NSD and Knot,
/// which bind any 127.x address directly. For BIND servers the lab adds each address to <c>lo</c> as a /32
/// and removes exactly those it added at <c>lab down</c>.
/// </summary>
public static class LoopbackAddresses
{
    public static async Task<IReadOnlyList<string>> EnsureAsync(IEnumerable<IPAddress> addresses, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        var present = await PresentAsync(ct).ConfigureAwait(false);
        var added = new List<string>();
        foreach (var address in addresses.Select(a => a.ToString()).Distinct(StringComparer.Ordinal))
        {
            if (present.Contains(address))
            {
                continue;
            }

            await ToolRunner.RunCheckedAsync("ip", ["-4", "addr", "add", address + "/32", "dev", "lo"], cancellationToken: ct).ConfigureAwait(false);
            added.Add(address);
        }

        return added;
    }

    public static async Task RemoveAsync(IEnumerable<string> addresses, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        var present = await PresentAsync(ct).ConfigureAwait(false);
        foreach (var address in addresses.Where(present.Contains))
        {
            await ToolRunner.RunCheckedAsync("ip", ["-4", "addr", "del", address + "/32", "dev", "lo"], cancellationToken: ct).ConfigureAwait(false);
        }
    }

    public static async Task<HashSet<string>> PresentAsync(CancellationToken ct)
    {
        var result = await ToolRunner.RunCheckedAsync("ip", ["-4", "-o", "addr", "show", "dev", "lo"], cancellationToken: ct).ConfigureAwait(false);

        // Lines look like: "1: lo    inet 127.53.1.1/32 scope host lo ..."
        return result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(f => Array.IndexOf(f, "inet") is var i and >= 0 && i + 1 < f.Length ? f[i + 1].Split('/')[0] : null)
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
    }
}
