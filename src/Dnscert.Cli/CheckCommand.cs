using System.CommandLine;
using System.Globalization;
using Dnscert.Checks;
using Dnscert.Checks.Engine;
using Dnscert.Checks.Messages;
using Dnscert.Checks.Output;
using Dnscert.Core;
using Dnscert.Dns;

namespace Dnscert.Cli;

/// <summary><c>dnscert check ZONE</c>: delegation, name server, consistency and zone checks from the root down.</summary>
internal static class CheckCommand
{
    /// <summary>Exit code when a message at ERROR or above was emitted.</summary>
    public const int ProblemsFoundExitCode = 1;

    public static Command Build(CliContext context)
    {
        var zone = new Argument<string?>("zone") { Description = "The zone to check, e.g. example.org.", Arity = ArgumentArity.ZeroOrOne };
        var from = new Option<FileInfo?>("--from") { Description = "Check every zone listed in this file (one per line) in one process; JSON Lines with --json." };
        var only = new Option<string[]>("--test") { Description = "Run only this check (e.g. DNSSEC01) or module (e.g. Syntax); repeat. The engine still gathers every fact." };
        var parallel = new Option<int>("--parallel") { Description = "With --from: zones checked at the same time.", DefaultValueFactory = _ => 32 };
        var hints = new Option<FileInfo?>("--hints") { Description = "Root hints file (default: IANA's root servers). The lab writes one: /tmp/dnscert-lab/hints.zone." };
        var level = new Option<string>("--level")
        {
            Description = "Lowest severity to show: debug, info, notice, warning, error, critical.",
            DefaultValueFactory = _ => "notice",
        };
        level.AcceptOnlyFromAmong("debug", "info", "notice", "warning", "error", "critical");
        var timeout = new Option<double>("--timeout") { Description = "Seconds to wait for one answer from one server.", DefaultValueFactory = _ => 2 };
        var retries = new Option<int>("--retries") { Description = "Send a UDP query that timed out again, up to this many times (default 0)." };
        var rate = new Option<double>("--rate") { Description = "At most this many queries per second to one server address (default: no limit beyond 16 in flight)." };
        var ipv4 = new Option<bool>("--ipv4") { Description = "Use IPv4 (on unless --ipv6 alone is given)." };
        var ipv6 = new Option<bool>("--ipv6") { Description = "Use IPv6 (on unless --ipv4 alone is given)." };
        var ns = new Option<string[]>("--ns") { Description = "Check as if delegated to this name server (NAME or NAME/IP; repeat), as before a delegation.", AllowMultipleArgumentsPerToken = false };
        var recordFile = new Option<FileInfo?>("--record") { Description = "Save every query and answer of the run to this file." };
        var profileFile = new Option<FileInfo?>("--profile") { Description = "A profile (JSON) that changes tag severities and disables checks; see docs/checks.md." };
        var replayFile = new Option<FileInfo?>("--replay") { Description = "Answer every query from a file saved with --record: the same run, offline." };
        var ds = new Option<string[]>("--ds") { Description = "A DS record the parent would publish (KEYTAG,ALG,DIGESTTYPE,DIGEST; repeat); replaces the parent's DS set." };
        var trustAnchor = new Option<FileInfo?>("--trust-anchor")
        {
            Description = "Root trust anchor for the chain of trust (DS or DNSKEY records of '.', presentation format; the lab writes trust-anchor.ds). Default: IANA's root KSKs, used only with IANA's root servers.",
        };
        var asnBase = new Option<string?>("--asn-base")
        {
            Description = "IP-to-ASN data for CONNECTIVITY03/04, Team Cymru's DNS format (default asnlookup.zonemaster.net; the lab profile names the lab's; none: off).",
        };
        var asnSource = new Option<string?>("--asn-source")
        {
            Description = "Where CONNECTIVITY03/04 look up origin ASNs: cymru (DNS, default) or ripe (RIPE RIS whois over TCP port 43).",
        };
        asnSource.AcceptOnlyFromAmong("cymru", "ripe");
        var asnWhois = new Option<string?>("--asn-whois")
        {
            Description = "The RIS whois server for --asn-source ripe: HOST, HOST:PORT or ADDRESS[:PORT] (default riswhois.ripe.net, port 43).",
        };
        var check = new Command("check", "Check a zone: delegation, name servers, consistency, zone content (exit 1 when something is at ERROR or above).")
        {
            zone, hints, level, timeout, ipv4, ipv6, ns, ds, trustAnchor, recordFile, replayFile, profileFile, from, parallel, only, retries, rate, asnBase, asnSource, asnWhois,
        };
        check.SetAction(async (parse, ct) =>
        {
            var bulk = parse.GetValue(from);
            if (bulk is null && parse.GetValue(zone) is null)
            {
                throw new DnscertException("Name a zone to check, or give --from FILE with one zone per line.");
            }

            if (bulk is not null && (parse.GetValue(zone) is not null || parse.GetValue(ns) is { Length: > 0 } || parse.GetValue(ds) is { Length: > 0 } || parse.GetValue(recordFile) is not null || parse.GetValue(replayFile) is not null))
            {
                throw new DnscertException("--from checks the zones of a file: it does not combine with a zone argument, --ns, --ds, --record or --replay.");
            }

            if (parse.GetValue(parallel) is < 1 or > 1024)
            {
                throw new DnscertException("--parallel must be between 1 and 1024.");
            }

            var (v4, v6) = (parse.GetValue(ipv4), parse.GetValue(ipv6));
            var options = new CheckOptions
            {
                QueryTimeout = TimeSpan.FromSeconds(parse.GetValue(timeout)),
                UseIPv4 = v4 || !v6,
                UseIPv6 = v6 || !v4,
                Trace = parse.GetValue(GlobalOptions.Verbose) ? context.Error : null,
                Retries = parse.GetValue(retries),
                RatePerServer = parse.GetValue(rate),
                TrustAnchor = parse.GetValue(trustAnchor) is { } anchorFile ? TrustAnchor.Load(anchorFile.FullName) : null,
            };
            if (parse.GetValue(asnBase) is { } asnBaseName)
            {
                options.AsnBase = asnBaseName;
            }

            if (parse.GetValue(asnSource) is { } source)
            {
                options.AsnSource = source == "ripe" ? AsnSource.Ripe : AsnSource.Cymru;
            }

            if (parse.GetValue(asnWhois) is { } whoisServer)
            {
                options.AsnWhoisServer = whoisServer;
            }

            if (options.Check() is { Count: > 0 } problems)
            {
                throw new DnscertException(string.Join(" ", problems));
            }

            var checks = Selected(parse.GetValue(only) ?? []);
            if (bulk is not null)
            {
                var bulkRoots = parse.GetValue(hints) is { } hintsFile ? RootHints.Load(hintsFile.FullName) : IanaRootHints.Addresses;
                var bulkProfile = parse.GetValue(profileFile) is { } bulkProfilePath ? CheckProfile.Load(bulkProfilePath.FullName) : null;
                var bulkTexts = MessageTexts.For(parse.GetValue(GlobalOptions.Lang) ?? MessageTexts.English);
                return await new BulkCheck(context, options, bulkRoots, bulkProfile, bulkTexts, parse.GetValue(GlobalOptions.Json), parse.GetValue(parallel), checks)
                    .RunAsync(bulk.FullName, ct).ConfigureAwait(false);
            }

            if (!DomainName.TryParse(AbsoluteName(parse.GetValue(zone)!), out var name))
            {
                throw new DnscertException($"'{parse.GetValue(zone)}' is not a domain name.");
            }

            var nsValues = parse.GetValue(ns) ?? [];
            var dsValues = parse.GetValue(ds) ?? [];
            var undelegated = nsValues.Length > 0 || dsValues.Length > 0 ? UndelegatedData.Parse(nsValues, dsValues) : null;
            var record = parse.GetValue(recordFile) is null ? null : new ExchangeRecording();
            var replay = parse.GetValue(replayFile) is { } replayPath ? await ExchangeRecording.LoadAsync(replayPath.FullName, ct).ConfigureAwait(false) : null;
            var roots = replay is { Roots.Count: > 0 } ? replay.Roots
                : parse.GetValue(hints) is { } file ? RootHints.Load(file.FullName) : IanaRootHints.Addresses;
            var profile = parse.GetValue(profileFile) is { } profilePath ? CheckProfile.Load(profilePath.FullName) : null;
            var run = await new CheckRunner(context.Time, options, record, replay, profile).RunAsync(name, roots, checks, undelegated, ct).ConfigureAwait(false);
            if (record is not null)
            {
                await record.SaveAsync(parse.GetValue(recordFile)!.FullName, name.ToString(), roots, run.Started, ct).ConfigureAwait(false);
            }
            var minimum = Enum.Parse<Severity>(parse.GetValue(level)!, ignoreCase: true);
            var texts = MessageTexts.For(parse.GetValue(GlobalOptions.Lang) ?? MessageTexts.English);
            if (parse.GetValue(GlobalOptions.Json))
            {
                await context.Output.WriteLineAsync(CheckJson.Serialize(run, texts)).ConfigureAwait(false);
            }
            else
            {
                await CheckText.WriteAsync(context.Output, run, minimum, context.Output == Console.Out && !Console.IsOutputRedirected, texts).ConfigureAwait(false);
            }

            return run.Messages.Any(m => m.Severity >= Severity.Error) ? ProblemsFoundExitCode : 0;
        });
        return check;
    }

    /// <summary>The checks named by --test (check ids or module names, any case), or all of them.</summary>
    private static IReadOnlyList<ICheck> Selected(string[] names)
    {
        if (names.Length == 0)
        {
            return CheckCatalog.All;
        }

        var selected = new List<ICheck>();
        foreach (var name in names.SelectMany(n => n.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            var matches = CheckCatalog.All.Where(c => string.Equals(c.Id, name, StringComparison.OrdinalIgnoreCase) || string.Equals(c.Module, name, StringComparison.OrdinalIgnoreCase)).ToList();
            if (matches.Count == 0)
            {
                throw new DnscertException($"--test {name}: no check or module has that name (checks: {string.Join(", ", CheckCatalog.All.Select(c => c.Id))}).");
            }

            selected.AddRange(matches.Where(m => !selected.Contains(m)));
        }

        return selected;
    }

    private static string AbsoluteName(string text) => text.EndsWith('.') ? text : text + ".";

    internal static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
