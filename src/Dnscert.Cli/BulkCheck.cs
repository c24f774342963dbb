using System.Diagnostics;
using System.Net;
using Dnscert.Checks;
using Dnscert.Checks.Engine;
using Dnscert.Checks.Messages;
using Dnscert.Checks.Output;
using Dnscert.Core;
using Dnscert.Dns;
using Dnscert.Dns.Transport;

namespace Dnscert.Cli;

/// <summary>
/// <c>dnscert check --from FILE</c>: many zones in one process, several at a time. One process saves the start-up
/// and JIT that dominate a single check on a fast network, and zones wait on different servers concurrently.
/// Output is one result per zone as it finishes (JSON Lines with --json), then a summary on standard error.
/// </summary>
internal sealed class BulkCheck(CliContext context, CheckOptions options, IReadOnlyList<IPAddress> roots, CheckProfile? profile, MessageTexts texts, bool json, int parallel, IReadOnlyList<ICheck> checks)
{
    /// <summary>Longest line accepted in a zone list: a domain name is at most 253 characters.</summary>
    private const int MaxLineLength = 1024;

    private readonly Lock _write = new();

    public async Task<int> RunAsync(string path, CancellationToken ct)
    {
        if (!File.Exists(path))
        {
            throw new DnscertException($"--from {path}: no such file.");
        }

        var (checkedZones, withErrors, rejected, queries) = (0, 0, 0, 0L);
        var clock = Stopwatch.StartNew();
        // One transport for every zone: its few shared UDP sockets (and their receive threads) serve all the runs.
        using var transport = new DnsClientTransport(context.Time, sharedUdpSockets: DnsClientTransport.DefaultSharedUdpSockets);
        await Parallel.ForEachAsync(ReadZonesAsync(path, ct), new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = ct }, async (entry, token) =>
        {
            if (entry.Error is not null)
            {
                Interlocked.Increment(ref rejected);
                await WriteAsync(context.Error, $"dnscert: {path}:{entry.Line}: {entry.Error}").ConfigureAwait(false);
                return;
            }

            var run = await new CheckRunner(context.Time, options, profile: profile, transport: transport).RunAsync(entry.Zone, roots, checks, null, token).ConfigureAwait(false);
            Interlocked.Increment(ref checkedZones);
            Interlocked.Add(ref queries, run.Queries);
            if (run.Messages.Any(m => m.Severity >= Severity.Error))
            {
                Interlocked.Increment(ref withErrors);
            }

            await WriteAsync(context.Output, json ? CheckJson.Serialize(run, texts) : Summary(run)).ConfigureAwait(false);
        }).ConfigureAwait(false);
        var seconds = Math.Max(clock.Elapsed.TotalSeconds, 0.001);
        await context.Error.WriteLineAsync(CheckCommand.Invariant(
            $"Checked {checkedZones} zones in {seconds:0.0} s ({checkedZones / seconds:0.0} zones/s, {queries / seconds:0} queries/s); {withErrors} with an error or worse; {rejected} lines rejected.")).ConfigureAwait(false);
        return withErrors > 0 ? CheckCommand.ProblemsFoundExitCode : 0;
    }

    private static string Summary(CheckRun run)
    {
        var counts = Enum.GetValues<Severity>().Reverse().Where(s => s >= Severity.Notice)
            .Select(s => CheckCommand.Invariant($"{run.Messages.Count(m => m.Severity == s)} {s.ToString().ToLowerInvariant()}"));
        var worst = run.Messages.Where(m => m.Severity >= Severity.Warning).OrderByDescending(m => m.Severity).Select(m => m.Tag.Name).Distinct().Take(5);
        return CheckCommand.Invariant($"{run.Zone}: {string.Join(", ", counts)}; {run.Queries} queries in {run.Elapsed.TotalSeconds:0.00} s{(worst.Any() ? " — " + string.Join(" ", worst) : "")}");
    }

    /// <summary>Whole lines only: results of zones finishing together must not interleave.</summary>
    private Task WriteAsync(TextWriter writer, string line)
    {
        lock (_write)
        {
            writer.WriteLine(line);
        }

        return Task.CompletedTask;
    }

    /// <summary>One zone per line; blank lines and <c>#</c> comments skipped; a bad line is reported and skipped, never fatal.</summary>
    private static async IAsyncEnumerable<ZoneEntry> ReadZonesAsync(string path, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var number = 0;
        await foreach (var raw in File.ReadLinesAsync(path, ct).ConfigureAwait(false))
        {
            number++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            if (line.Length > MaxLineLength)
            {
                yield return new ZoneEntry(number, default, $"line is {line.Length} characters long; a zone name has at most 253.");
                continue;
            }

            var text = line.EndsWith('.') ? line : line + ".";
            yield return DomainName.TryParse(text, out var zone)
                ? new ZoneEntry(number, zone, null)
                : new ZoneEntry(number, default, $"'{line}' is not a domain name.");
        }
    }

    private readonly record struct ZoneEntry(int Line, DomainName Zone, string? Error);
}
