using System.CommandLine;
using System.Globalization;
using Dnscert.Core;
using Dnscert.Core.Catalog;
using Dnscert.Core.Store;
using Dnscert.Feeds;
using Dnscert.Feeds.Ingestion;
using Dnscert.Feeds.Parsers;
using Dnscert.Feeds.PublicSuffix;

namespace Dnscert.Cli;

/// <summary><c>dnscert feeds list|ingest</c>: abuse feeds into observations (docs/feeds.md).</summary>
internal static class FeedsCommands
{
    public static Command Build(CliContext context)
    {
        var feeds = new Command("feeds", "Abuse feeds: parse, reduce to registrable domains, de-duplicate, store as observations.");
        feeds.Add(BuildList(context));
        feeds.Add(BuildIngest(context));
        return feeds;
    }

    private static Command BuildList(CliContext context)
    {
        var list = new Command("list", "List the feed parsers.");
        list.SetAction(async (parse, ct) =>
        {
            foreach (var (id, description) in FeedParserCatalog.Parsers)
            {
                await context.Output.WriteLineAsync($"{id,-8} {description}").ConfigureAwait(false);
            }

            return 0;
        });
        return list;
    }

    private static Command BuildIngest(CliContext context)
    {
        var source = new Argument<string>("source") { Description = "Feed file, or an http(s) URL." };
        var parser = new Option<string>("--parser") { Description = "Parser id (dnscert feeds list).", Required = true };
        var feed = new Option<string?>("--feed") { Description = "Feed id recorded as provenance (default: the file name or URL host)." };
        var columns = new Option<string?>("--columns") { Description = "CSV columns: value=NAME|INDEX[,threat=...][,time=...][,kind=auto|domain|url|ip][,delimiter=,][,header=true]." };
        var threat = new Option<string>("--threat") { Description = "Threat id for entries that carry none.", DefaultValueFactory = _ => ThreatTypes.MaliciousRegistration.Id };
        var tlp = new Option<string>("--tlp") { Description = "TLP of the observations: clear, green, amber, amber+strict, red.", DefaultValueFactory = _ => "amber" };
        var allow = new Option<FileInfo?>("--allow") { Description = "Allow-list file: exact names, and .suffix or *.suffix lines." };
        var registrars = new Option<FileInfo?>("--registrars") { Description = "File of 'domain,registrar' lines to attribute domains to registrars." };
        var psl = new Option<FileInfo?>("--psl") { Description = $"Public Suffix List file (default {PublicSuffixList.DebianPath})." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Parse and de-duplicate only; write nothing." };
        var ingest = new Command("ingest", "Read one feed and store its entries as observations.") { source, parser, feed, columns, threat, tlp, allow, registrars, psl, dryRun };
        StoreAccess.AddTo(ingest);
        ingest.SetAction(async (parse, ct) =>
        {
            var threatId = parse.GetValue(threat)!;
            if (ThreatTypes.All.All(t => t.Id != threatId))
            {
                throw new DnscertException($"--threat '{threatId}' is not in the threat catalogue (dnscert catalog threats).");
            }

            var marking = ParseTlp(parse.GetValue(tlp)!);
            var csv = parse.GetValue(columns) is { } c ? CsvColumns.Parse(c) : null;
            var feedParser = FeedParserCatalog.Create(parse.GetValue(parser)!, csv);
            var list = PublicSuffixList.Load(parse.GetValue(psl)?.FullName ?? PublicSuffixList.DebianPath);
            var allowList = parse.GetValue(allow) is { } a ? AllowList.Load(a.FullName) : AllowList.Empty;
            var registrarMap = parse.GetValue(registrars) is { } r ? RegistrarMap.Load(r.FullName) : RegistrarMap.Empty;
            var location = parse.GetValue(source)!;
            var isUrl = location.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || location.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
            var feedId = parse.GetValue(feed) ?? (isUrl ? new Uri(location).Host : Path.GetFileName(location));
            var ingestor = new FeedIngestor(list, allowList, registrarMap, context.Time);

            IngestSummary summary;
            if (isUrl)
            {
                using var fetcher = new FeedFetcher(FeedFetchLimits.Default);
                var fetched = await fetcher.FetchAsync(new Uri(location), null, ct).ConfigureAwait(false);
                await using var body = fetched.Content!;
                summary = ingestor.Ingest(feedParser, body, new FeedSource(feedId, threatId, marking), ct);
            }
            else
            {
                if (!File.Exists(location))
                {
                    throw new DnscertException($"Feed file {location} not found.");
                }

                await using var file = File.OpenRead(location);
                summary = ingestor.Ingest(feedParser, file, new FeedSource(feedId, threatId, marking), ct);
            }

            var line = summary.Describe();
            if (!parse.GetValue(dryRun))
            {
                await using var store = await StoreAccess.OpenAsync(parse, context, ct).ConfigureAwait(false);
                var created = await new FeedObservationWriter(store, context.Time).WriteAsync(ingestor.Indicators, marking, ct).ConfigureAwait(false);
                await store.FlushAsync(ct).ConfigureAwait(false);
                line += string.Create(CultureInfo.InvariantCulture, $", {created:N0} new observations ({ingestor.Indicators.Count - created:N0} updated) in {store.Description}");
            }
            else
            {
                line += string.Create(CultureInfo.InvariantCulture, $", {ingestor.Indicators.Count:N0} distinct indicators (dry run, nothing stored)");
            }

            await context.Output.WriteLineAsync(line + ".").ConfigureAwait(false);
            if (parse.GetValue(GlobalOptions.Verbose))
            {
                foreach (var rejection in summary.Rejections)
                {
                    await context.Output.WriteLineAsync($"  line {rejection.Line}: {rejection.Reason}: {rejection.Raw}").ConfigureAwait(false);
                }
            }

            return 0;
        });
        return ingest;
    }

    internal static Tlp ParseTlp(string text) => text.Trim().ToUpperInvariant() switch
    {
        "CLEAR" or "WHITE" => Tlp.Clear,
        "GREEN" => Tlp.Green,
        "AMBER" => Tlp.Amber,
        "AMBER+STRICT" or "AMBER-STRICT" => Tlp.AmberStrict,
        "RED" => Tlp.Red,
        _ => throw new DnscertException($"--tlp '{text}' is not clear, green, amber, amber+strict or red."),
    };
}
