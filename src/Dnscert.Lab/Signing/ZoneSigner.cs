using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dnscert.Lab.Runtime;
using Dnscert.Lab.Scenarios;

namespace Dnscert.Lab.Signing;

/// <summary>
/// Signs lab zones with BIND's real tools (dnssec-keygen, dnssec-signzone, dnssec-dsfromkey). Keys are made
/// once per zone per lab run and kept in the state folder, so a switch re-signs with the same keys and the
/// DS in the parent stays valid. Signed output is cached by the hash of its inputs, so an unchanged zone
/// is not signed again.
/// </summary>
public sealed class ZoneSigner(string stateDirectory, DateTimeOffset labStart)
{
    private readonly string _keysDirectory = Path.Combine(stateDirectory, "keys");
    private readonly string _signedDirectory = Path.Combine(stateDirectory, "zones", "signed");
    private readonly ConcurrentDictionary<string, Lazy<Task<ZoneKeys>>> _keys = new(StringComparer.OrdinalIgnoreCase);

    // Key generation and signing are CPU-bound child processes: a few more than the cores keeps them busy.
    private static readonly SemaphoreSlim s_tools = new(Environment.ProcessorCount + 2);

    public Task<ZoneKeys> GetKeysAsync(string zone, SignSpec sign, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(sign);
        var lazy = _keys.GetOrAdd(zone, z => new Lazy<Task<ZoneKeys>>(() => LoadOrCreateKeysAsync(z, sign, ct)));
        return lazy.Value;
    }

    /// <summary>Signs <paramref name="unsignedText"/> and returns the path of the signed master file.</summary>
    public async Task<string> SignAsync(string zone, string unsignedText, SignSpec sign, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(unsignedText);
        ArgumentNullException.ThrowIfNull(sign);
        var keys = await GetKeysAsync(zone, sign, ct).ConfigureAwait(false);
        var inception = labStart + RelativeTime.Parse(sign.Inception, SignDefaults.Inception);
        var expiration = labStart + RelativeTime.Parse(sign.Expiration, SignDefaults.Expiration);
        var input = new StringBuilder(unsignedText);
        if (!unsignedText.EndsWith('\n'))
        {
            input.Append('\n');
        }

        foreach (var key in keys.All)
        {
            input.Append(await File.ReadAllTextAsync(key + ".key", ct).ConfigureAwait(false));
        }

        var nsec3 = sign.Nsec3 is null ? "nsec" : $"nsec3:{sign.Nsec3.Iterations}:{sign.Nsec3.Salt}:{sign.Nsec3.OptOut}";
        var inputText = input.ToString();
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            $"{zone}\n{nsec3}\n{Stamp(inception)}\n{Stamp(expiration)}\n{sign.Sep}\n{inputText}")))[..24];
        var output = Path.Combine(_signedDirectory, $"{zone.TrimEnd('.')}.{hash}.signed");
        if (File.Exists(output))
        {
            return output;
        }

        Directory.CreateDirectory(_signedDirectory);
        var inputPath = output + ".in";
        await File.WriteAllTextAsync(inputPath, inputText, ct).ConfigureAwait(false);
        var args = new List<string> { "-q", "-o", zone, "-f", output + ".tmp", "-s", Stamp(inception), "-e", Stamp(expiration) };

        // Post-signing verification refuses expired windows and zones without a SEP key: exactly the
        // faults some scenarios plant on purpose, so it is only kept for ordinary signing.
        if (expiration <= labStart || !sign.Sep)
        {
            args.Add("-P");
        }

        if (!sign.Sep)
        {
            args.Add("-z");
        }

        if (sign.Nsec3 is { } n3)
        {
            args.AddRange(["-3", string.IsNullOrEmpty(n3.Salt) ? "-" : n3.Salt, "-H", n3.Iterations.ToString(CultureInfo.InvariantCulture)]);
            if (n3.OptOut)
            {
                args.Add("-A");
            }
        }

        foreach (var ksk in keys.SepKeys)
        {
            args.AddRange(["-k", ksk + ".key"]);
        }

        args.Add(inputPath);
        args.AddRange(keys.ZoneSigningKeys.Select(k => k + ".key"));
        await RunBoundedAsync("dnssec-signzone", args, Path.GetDirectoryName(keys.All.First())!, ct).ConfigureAwait(false);
        File.Move(output + ".tmp", output, overwrite: true);
        File.Delete(inputPath);
        return output;
    }

    /// <summary>DS RDATA (SHA-256) of the zone's SEP keys, or of its only key when it has no SEP key.</summary>
    public async Task<IReadOnlyList<string>> DsAsync(string zone, SignSpec sign, CancellationToken ct)
    {
        var keys = await GetKeysAsync(zone, sign, ct).ConfigureAwait(false);
        var source = keys.SepKeys.Count > 0 ? keys.SepKeys : keys.ZoneSigningKeys;
        var ds = new List<string>();
        foreach (var key in source)
        {
            ds.Add(await DsOfKeyAsync(key, ct).ConfigureAwait(false));
        }

        return ds;
    }

    /// <summary>DS of a key made for the zone but never published in it: "DS matches no DNSKEY".</summary>
    public async Task<string> MismatchDsAsync(string zone, SignSpec? sign, CancellationToken ct)
    {
        var directory = Path.Combine(_keysDirectory, zone.TrimEnd('.'), "unpublished");
        Directory.CreateDirectory(directory);
        var existing = Directory.GetFiles(directory, "K*.key").FirstOrDefault();
        var key = existing is not null
            ? existing[..^4]
            : await KeygenAsync(directory, zone, sign?.Algorithm ?? "ECDSAP256SHA256", sign?.Bits, sep: true, ct).ConfigureAwait(false);
        return await DsOfKeyAsync(key, ct).ConfigureAwait(false);
    }

    private static async Task<string> DsOfKeyAsync(string key, CancellationToken ct)
    {
        var result = await RunBoundedAsync("dnssec-dsfromkey", ["-2", key + ".key"], null, ct).ConfigureAwait(false);
        var line = result.StandardOutput.Trim();
        var at = line.IndexOf(" DS ", StringComparison.Ordinal);
        return at < 0 ? throw new Core.DnscertException($"dnssec-dsfromkey printed no DS record for {key}: '{line}'") : line[(at + 4)..].Trim();
    }

    private async Task<ZoneKeys> LoadOrCreateKeysAsync(string zone, SignSpec sign, CancellationToken ct)
    {
        var directory = Path.Combine(_keysDirectory, zone.TrimEnd('.'));
        Directory.CreateDirectory(directory);
        var manifest = Path.Combine(directory, "keys.txt");
        if (File.Exists(manifest))
        {
            var lines = await File.ReadAllLinesAsync(manifest, ct).ConfigureAwait(false);
            return new ZoneKeys(zone,
                lines.Where(l => l.StartsWith("sep ", StringComparison.Ordinal)).Select(l => l[4..]).ToList(),
                lines.Where(l => l.StartsWith("zsk ", StringComparison.Ordinal)).Select(l => l[4..]).ToList());
        }

        var algorithm = sign.Algorithm ?? "ECDSAP256SHA256";
        ZoneKeys keys;
        if (sign.Sep)
        {
            var kskTask = KeygenAsync(directory, zone, algorithm, sign.Bits, sep: true, ct);
            var zskTask = KeygenAsync(directory, zone, algorithm, sign.Bits, sep: false, ct);
            keys = new ZoneKeys(zone, [await kskTask.ConfigureAwait(false)], [await zskTask.ConfigureAwait(false)]);
        }
        else
        {
            keys = new ZoneKeys(zone, [], [await KeygenAsync(directory, zone, algorithm, sign.Bits, sep: false, ct).ConfigureAwait(false)]);
        }

        var text = string.Join('\n', keys.SepKeys.Select(k => "sep " + k).Concat(keys.ZoneSigningKeys.Select(k => "zsk " + k)));
        await File.WriteAllTextAsync(manifest, text + "\n", ct).ConfigureAwait(false);
        return keys;
    }

    private static async Task<string> KeygenAsync(string directory, string zone, string algorithm, int? bits, bool sep, CancellationToken ct)
    {
        var args = new List<string> { "-q", "-K", directory, "-a", algorithm, "-n", "ZONE", "-L", "3600" };
        if (algorithm.Contains("RSA", StringComparison.Ordinal))
        {
            args.AddRange(["-b", (bits ?? 2048).ToString(CultureInfo.InvariantCulture)]);
        }

        if (sep)
        {
            args.AddRange(["-f", "KSK"]);
        }

        args.Add(zone);
        var result = await RunBoundedAsync("dnssec-keygen", args, directory, ct).ConfigureAwait(false);
        var name = result.StandardOutput.Trim();
        return Path.Combine(directory, name);
    }

    private static async Task<ToolResult> RunBoundedAsync(string tool, IReadOnlyList<string> args, string? directory, CancellationToken ct)
    {
        await s_tools.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            return await ToolRunner.RunCheckedAsync(tool, args, directory, cancellationToken: ct).ConfigureAwait(false);
        }
        finally
        {
            s_tools.Release();
        }
    }

    private static string Stamp(DateTimeOffset t) => t.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
}
