using System.CommandLine;
using System.Globalization;
using System.Threading.Channels;
using Dnscert.Core;
using Dnscert.Core.Catalog;
using Dnscert.Feeds;
using Dnscert.Feeds.Configuration;
using Dnscert.Feeds.Ingestion;
using Dnscert.Feeds.Parsers;
using Dnscert.Feeds.PublicSuffix;
using Dnscert.Feeds.Scheduling;

namespace Dnscert.Cli;

/// <summary><c>dnscert feeds list|validate|ingest</c>: abuse feeds into observations (docs/feeds.md).</summary>
internal static class FeedsCommands
{
    /// <summary>
    /// Distinct indicators per chunk of a pipelined ingest; 0 is the whole run in one chunk. Measured on today's stored
    /// shape (docs/benchmarks.md, seventh session): chunks of 250,000 and 100,000 cost 10 and 18 s more CPU on a fresh
    /// SQLite store than one chunk, because the global fingerprint order keeps the indexes growing at one end, while
    /// the overlap can save at most the parse's 1.5 s.
    /// </summary>
    internal const int DefaultChunkIndicators = 0;

    public static Command Build(CliContext context)
    {
        var feeds = new Command("feeds", "Abuse feeds: parse, reduce to registrable domains, de-duplicate, store as observations.");
        feeds.Add(BuildList(context));
        feeds.Add(BuildValidate(context));
        feeds.Add(BuildIngest(context));
        return feeds;
    }

    /// <summary>The <c>feeds</c> command with <c>ingest</c> alone, for <see cref="DnscertApp"/>'s short path of <c>dnscert feeds ingest</c>.</summary>
    internal static Command BuildIngestOnly(CliContext context)
    {
        var feeds = new Command("feeds", "Abuse feeds: parse, reduce to registrable domains, de-duplicate, store as observations.");
        feeds.Add(BuildIngest(context));
        return feeds;
    }

    /// <summary>The feeds.json option of list, ingest, serve and demo (schemas/feeds.schema.json).</summary>
    internal static Option<FileInfo?> FeedsFileOption() => new("--feeds") { Description = "feeds.json: the configured feeds (docs/feeds.md, schemas/feeds.schema.json)." };

    private static Command BuildList(CliContext context)
    {
        var file = FeedsFileOption();
        var list = new Command("list", "List the feed parsers, and with --feeds the configured feeds.") { file };
        list.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(file) is { } feedsFile)
            {
                foreach (var f in FeedsFile.Load(feedsFile.FullName))
                {
                    await context.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"{f.Id}  {f.Format}  every {f.Interval:c}  {f.ThreatTypeId}  TLP:{f.Tlp.ToString().ToUpperInvariant()}  confidence {(f.Confidence is { } c ? c : "-")}  licence {f.Licence}{(f.Enabled ? "" : "  (disabled)")}  {f.Location}")).ConfigureAwait(false);
                }

                return 0;
            }

            foreach (var (id, description) in FeedParserCatalog.Parsers)
            {
                await context.Output.WriteLineAsync($"{id,-8} {description}").ConfigureAwait(false);
            }

            return 0;
        });
        return list;
    }

    private static Command BuildValidate(CliContext context)
    {
        var file = new Argument<FileInfo>("file") { Description = "The feeds.json to check against schemas/feeds.schema.json and the threat catalogue." };
        var validate = new Command("validate", "Check a feeds.json; errors name the JSON pointer of what is wrong.") { file };
        validate.SetAction(async (parse, ct) =>
        {
            var feeds = FeedsFile.Load(parse.GetValue(file)!.FullName);
            var missing = feeds.Where(f => f.File is { } path && !File.Exists(path)).Select(f => $"{f.Id}: file {f.File} does not exist").ToList();
            foreach (var line in missing)
            {
                await context.Error.WriteLineAsync($"dnscert: warning: {line}.").ConfigureAwait(false);
            }

            await context.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{parse.GetValue(file)!.FullName}: {feeds.Count} feed(s), valid.")).ConfigureAwait(false);
            return 0;
        });
        return validate;
    }

    private static Command BuildIngest(CliContext context)
    {
        var source = new Argument<string?>("source") { Description = "Feed file, or an http(s) URL (or --feeds).", Arity = ArgumentArity.ZeroOrOne };
        var parser = new Option<string?>("--parser") { Description = "Parser id (dnscert feeds list); required with a source." };
        var feedsFile = FeedsFileOption();
        var feed = new Option<string?>("--feed") { Description = "Feed id recorded as provenance (default: the file name or URL host)." };
        var columns = new Option<string?>("--columns") { Description = "CSV columns: value=NAME|INDEX[,threat=...][,time=...][,kind=auto|domain|url|ip][,delimiter=,][,header=true]." };
        var threat = new Option<string>("--threat") { Description = "Threat id for entries that carry none.", DefaultValueFactory = _ => ThreatTypes.MaliciousRegistration.Id };
        var tlp = new Option<string>("--tlp") { Description = "TLP of the observations: clear, green, amber, amber+strict, red.", DefaultValueFactory = _ => "amber" };
        var allow = new Option<FileInfo?>("--allow") { Description = "Allow-list file: exact names, and .suffix or *.suffix lines." };
        var registrars = new Option<FileInfo?>("--registrars") { Description = "File of 'domain,registrar' lines to attribute domains to registrars." };
        var psl = new Option<FileInfo?>("--psl") { Description = $"Public Suffix List file (default {PublicSuffixList.DebianPath})." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Parse and de-duplicate only; write nothing." };
        var chunk = new Option<int>("--chunk") { Description = "Distinct indicators handed to the store at a time while the rest of the feed is parsed (0: the whole feed in one chunk, written in one fingerprint order).", DefaultValueFactory = _ => DefaultChunkIndicators };
        var ingest = new Command("ingest", "Read one feed, or every enabled feed of --feeds once, and store the entries as observations.") { source, parser, feedsFile, feed, columns, threat, tlp, allow, registrars, psl, dryRun, chunk };
        StoreAccess.AddTo(ingest);
        ingest.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(feedsFile) is { } configured)
            {
                return await IngestConfiguredAsync(parse, context, FeedsFile.Load(configured.FullName), parse.GetValue(psl), ct).ConfigureAwait(false);
            }

            if (parse.GetValue(source) is null || parse.GetValue(parser) is null)
            {
                throw new DnscertException("feeds ingest needs a source and --parser, or --feeds FILE.");
            }

            var threatId = parse.GetValue(threat)!;
            if (ThreatTypes.All.All(t => t.Id != threatId))
            {
                throw new DnscertException($"--threat '{threatId}' is not in the threat catalogue (dnscert catalog threats).");
            }

            var marking = CliValues.Tlp(parse.GetValue(tlp)!);
            var csv = parse.GetValue(columns) is { } c ? CsvColumns.Parse(c) : null;
            var feedParser = FeedParserCatalog.Create(parse.GetValue(parser)!, csv);
            var list = PublicSuffixList.Load(parse.GetValue(psl)?.FullName ?? PublicSuffixList.DebianPath);
            var allowList = parse.GetValue(allow) is { } a ? AllowList.Load(a.FullName) : AllowList.Empty;
            var registrarMap = parse.GetValue(registrars) is { } r ? RegistrarMap.Load(r.FullName) : RegistrarMap.Empty;
            var location = parse.GetValue(source)!;
            var isUrl = location.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || location.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
            var feedId = parse.GetValue(feed) ?? (isUrl ? new Uri(location).Host : Path.GetFileName(location));
            var ingestor = new FeedIngestor(list, allowList, registrarMap, context.Time);

            if (!isUrl && !File.Exists(location))
            {
                throw new DnscertException($"Feed file {location} not found.");
            }

            // A whole local file in one run keeps nearly all it allocates until the end: no collections meanwhile.
            using var pause = !isUrl && parse.GetValue(chunk) == 0 ? IngestCollectionPause.Start(new FileInfo(location).Length) : null;

            // The store opens (and migrates) on another thread while this one parses; then it writes each chunk of
            // distinct indicators while this thread parses the next (a bounded channel of two chunks).
            var opening = parse.GetValue(dryRun) ? null : Task.Run(() => StoreAccess.OpenAsync(parse, context, ct, bulk: true), ct);
            var chunks = Channel.CreateBounded<IReadOnlyList<Indicator>>(new BoundedChannelOptions(2) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });
            var writing = opening is null ? null : Task.Run(() => WriteChunksAsync(opening, chunks, marking, context.Time, wholeFeed: parse.GetValue(chunk) == 0, ct), ct);
            if (parse.GetValue(chunk) < 0)
            {
                throw new DnscertException("--chunk must be 0 (the whole feed) or a number of indicators.");
            }

            var chunkSize = opening is null || parse.GetValue(chunk) == 0 ? int.MaxValue : parse.GetValue(chunk);
            var publish = opening is null ? static _ => { } : (Action<IReadOnlyList<Indicator>>)(c => Publish(chunks.Writer, c, ct));
            IngestSummary summary;
            try
            {
                if (isUrl)
                {
                    using var fetcher = new FeedFetcher(FeedFetchLimits.Default);
                    var fetched = await fetcher.FetchAsync(new Uri(location), null, ct).ConfigureAwait(false);
                    await using var body = fetched.Content!;
                    summary = ingestor.Ingest(feedParser, body, new FeedSource(feedId, threatId, marking), chunkSize, publish, ct);
                }
                else
                {
                    await using var file = File.OpenRead(location);
                    summary = ingestor.Ingest(feedParser, file, new FeedSource(feedId, threatId, marking), chunkSize, publish, ct);
                }

                if (opening is not null)
                {
                    Publish(chunks.Writer, ingestor.TakeChunk(), ct);
                    chunks.Writer.Complete();
                }
            }
            catch (Exception e) when (opening is not null)
            {
                chunks.Writer.TryComplete();
                try
                {
                    // The store's side ends once the channel is closed. When it closed the channel itself (it failed),
                    // its error is the one to report; else the parse's error is.
                    await writing!.ConfigureAwait(false);
                }
                catch (Exception stored) when (e is ChannelClosedException && stored is not OperationCanceledException)
                {
                    await CloseQuietlyAsync(opening).ConfigureAwait(false);
                    throw;
                }
                catch (Exception stored) when (stored is not OutOfMemoryException)
                {
                    // The parse's error below is the one that stopped the run.
                }

                await CloseQuietlyAsync(opening).ConfigureAwait(false);
                throw;
            }

            var line = summary.Describe();
            if (opening is not null)
            {
                await using var store = await opening.ConfigureAwait(false);
                var created = await writing!.ConfigureAwait(false);
                await store.FlushAsync(ct).ConfigureAwait(false);
                line += string.Create(CultureInfo.InvariantCulture, $", {created:N0} new observations ({ingestor.DistinctIndicators - created:N0} updated) in {store.Description}");
            }
            else
            {
                line += string.Create(CultureInfo.InvariantCulture, $", {ingestor.DistinctIndicators:N0} distinct indicators (dry run, nothing stored)");
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

    /// <summary>The store's side of a pipelined ingest; closing the channel when it stops (done or failed) unblocks the parse.</summary>
    private static async Task<int> WriteChunksAsync(Task<Dnscert.Store.DnscertStore> opening, Channel<IReadOnlyList<Indicator>> chunks, Core.Store.Tlp tlp, TimeProvider time, bool wholeFeed, CancellationToken ct)
    {
        try
        {
            var store = await opening.ConfigureAwait(false);
            // One chunk (the default) is the whole feed: a fresh or small SQLite store then gets it as one bulk load.
            var writer = new FeedObservationWriter(store, time) { BulkLoadFrom = wholeFeed ? FeedObservationWriter.DefaultBulkLoadFrom : int.MaxValue };
            return await writer.WriteAsync(chunks.Reader, tlp, ct).ConfigureAwait(false);
        }
        finally
        {
            chunks.Writer.TryComplete();
        }
    }

    /// <summary>Hands a chunk to the store's side, waiting (this is the parse thread) while two chunks are queued.</summary>
    private static void Publish(ChannelWriter<IReadOnlyList<Indicator>> writer, IReadOnlyList<Indicator> chunk, CancellationToken ct)
    {
        while (!writer.TryWrite(chunk))
        {
            if (!writer.WaitToWriteAsync(ct).AsTask().GetAwaiter().GetResult())
            {
                throw new ChannelClosedException("the store stopped taking feed indicators");
            }
        }
    }

    /// <summary>Closes a store opened for a run whose parse failed; the parse's error is the one reported.</summary>
    private static async Task CloseQuietlyAsync(Task<Dnscert.Store.DnscertStore> opening)
    {
        try
        {
            await (await opening.ConfigureAwait(false)).DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Whatever the store's own failure, the parse error that stopped the run is the one to report.
        }
    }

    /// <summary>Runs every enabled feed of a feeds.json once, through the scheduler's own code, storing each feed's status.</summary>
    private static async Task<int> IngestConfiguredAsync(ParseResult parse, CliContext context, IReadOnlyList<FeedDefinition> feeds, FileInfo? psl, CancellationToken ct)
    {
        var list = PublicSuffixList.Load(psl?.FullName ?? PublicSuffixList.DebianPath);
        await using var store = await StoreAccess.OpenAsync(parse, context, ct).ConfigureAwait(false);
        using var fetcher = new FeedFetcher(FeedFetchLimits.Default);
        var scheduler = new FeedScheduler(feeds, store, list, fetcher, context.Time);
        var statuses = (await store.FeedStatus.ListAsync(ct).ConfigureAwait(false)).ToDictionary(s => s.FeedId, StringComparer.Ordinal);
        var failed = 0;
        foreach (var feed in feeds.Where(f => f.Enabled))
        {
            var result = await scheduler.RunAsync(feed, statuses.GetValueOrDefault(feed.Id), ct).ConfigureAwait(false);
            if (result.Succeeded)
            {
                await context.Output.WriteLineAsync($"{feed.Id}: {result.Status.LastSummary}.").ConfigureAwait(false);
            }
            else
            {
                failed++;
                await context.Error.WriteLineAsync($"dnscert: feed {feed.Id} failed: {result.Error!.Message}").ConfigureAwait(false);
            }
        }

        await store.FlushAsync(ct).ConfigureAwait(false);
        if (failed > 0)
        {
            throw new DnscertException(string.Create(CultureInfo.InvariantCulture, $"{failed} of {feeds.Count(f => f.Enabled)} feed(s) failed; the others were stored."));
        }

        return 0;
    }
}
