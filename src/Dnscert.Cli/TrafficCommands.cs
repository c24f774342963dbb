using System.CommandLine;
using Dnscert.Traffic.Stats;

namespace Dnscert.Cli;

/// <summary>
/// <c>dnscert traffic</c>: analyze and synthesize (shared with <c>dnscert-traffic</c>, <see cref="TrafficAnalysisCommands"/>),
/// with <c>--store</c> added to analyze here, and the dnstap commands (<see cref="TrafficStreamCommands"/>).
/// </summary>
internal static class TrafficCommands
{
    public static Command Build(CliContext context)
    {
        var traffic = new Command("traffic", "Read DNS traffic captures: statistics, top talkers, malformed packets and attack detections.");
        traffic.Add(TrafficAnalysisCommands.BuildAnalyze(context, analyze => AddStore(analyze, context)));
        traffic.Add(TrafficAnalysisCommands.BuildSynthesize(context));
        TrafficStreamCommands.AddTo(traffic, context);
        return traffic;
    }

    /// <summary>Parses a bucket width such as <c>30s</c>, <c>1m</c>, <c>5m</c>, <c>1h</c>.</summary>
    internal static TimeSpan ParseDuration(string text) => TrafficAnalysisCommands.ParseDuration(text);

    /// <summary>Adds <c>--store</c>, <c>--retention</c>, the store and the sharing options to analyze; returns the step that saves a report.</summary>
    private static Func<ParseResult, Func<TrafficReport, CancellationToken, Task>> AddStore(Command analyze, CliContext context)
    {
        var store = new Option<bool>("--store") { Description = "Also save the statistics (for the dashboard's traffic page) and the detections as observations, marked --tlp (AMBER by default), in the store given by --data or --postgres." };
        var retention = new Option<string>("--retention") { Description = "With --store: delete stored traffic statistics older than this (30d, 90d).", DefaultValueFactory = _ => "90d" };
        analyze.Add(store);
        analyze.Add(retention);
        StoreAccess.AddTo(analyze);
        var readSharing = TrafficSharing.AddTo(analyze);
        return parse =>
        {
            var sharing = readSharing(parse);
            return parse.GetValue(store) ? (report, ct) => SaveAsync(parse, report, sharing, ct) : (_, _) => Task.CompletedTask;
        };

        async Task SaveAsync(ParseResult parse, TrafficReport report, TrafficSharing sharing, CancellationToken ct)
        {
            // The same observations `traffic listen --store` writes: one open observation per detector and subject.
            await using var dnscertStore = await StoreAccess.OpenAsync(parse, context, ct).ConfigureAwait(false);
            await sharing.CheckAsync(dnscertStore, ct).ConfigureAwait(false);
            var mapper = new Dnscert.Traffic.Detections.DetectionObservationMapper(dnscertStore.Observations, dnscertStore.Evidence, sharing.Tlp);
            foreach (var detection in report.Detections)
            {
                await mapper.SaveAsync(detection, ct).ConfigureAwait(false);
            }

            var id = await SaveStatisticsAsync(dnscertStore, report, context.Time, TrafficAnalysisCommands.ParseDuration(parse.GetValue(retention)!), sharing, ct).ConfigureAwait(false);
            await dnscertStore.FlushAsync(ct).ConfigureAwait(false);
            await context.Error.WriteLineAsync($"Stored the statistics (traffic capture {id}, TLP:{Dnscert.Coordination.Incidents.Incident.TlpLabel(sharing.Tlp)}) and {report.Detections.Count} detection(s) as observations in {dnscertStore.Description}.").ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Saves the statistics of one analysis for the dashboard (top-k lists, buckets, detection windows; marked and shared
    /// as <paramref name="sharing"/> says, like the observations) and deletes stored traffic statistics older than
    /// <paramref name="retention"/>.
    /// </summary>
    internal static async Task<Guid> SaveStatisticsAsync(Dnscert.Core.Store.IDnscertStore store, TrafficReport report, TimeProvider time, TimeSpan retention, TrafficSharing sharing, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var id = Guid.CreateVersion7(now);
        var source = string.Join(", ", report.Files.Select(Path.GetFileName));
        var capture = sharing.Apply(TrafficStoreRecords.Capture(id, source, sharing.Tlp, now, report.Statistics, report.Counts.Malformed.Total, report.Detections.Count));
        await store.Traffic.SaveAsync(capture, TrafficStoreRecords.Buckets(report.Statistics), TrafficStoreRecords.Detections(report.Detections), cancellationToken).ConfigureAwait(false);
        await store.Traffic.DeleteStoredBeforeAsync(now - retention, cancellationToken).ConfigureAwait(false);
        return id;
    }
}
