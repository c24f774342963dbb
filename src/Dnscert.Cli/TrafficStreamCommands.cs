using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using Dnscert.Core;
using Dnscert.Traffic.Detections;
using Dnscert.Traffic.Detectors;
using Dnscert.Traffic.Dnstap;
using Dnscert.Traffic.Generator;

namespace Dnscert.Cli;

/// <summary>
/// <c>dnscert traffic generate|detect|listen</c>: synthetic attack traffic with ground truth, the detectors
/// over a dnstap file, and live dnstap from a name server. The <c>traffic</c> group itself is shared with
/// <c>traffic analyze</c>; <see cref="Build"/> makes it when this is the only part present.
/// </summary>
internal static class TrafficStreamCommands
{
    private static readonly JsonSerializerOptions s_json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static Command Build(CliContext context)
    {
        var traffic = new Command("traffic", "DNS traffic: generate attack traffic, detect attacks in captures and live dnstap.");
        AddTo(traffic, context);
        return traffic;
    }

    public static void AddTo(Command traffic, CliContext context)
    {
        ArgumentNullException.ThrowIfNull(traffic);
        traffic.Add(BuildGenerate(context));
        traffic.Add(BuildDetect(context));
        traffic.Add(BuildListen(context));
    }

    /// <summary>Parses <c>90s</c>, <c>10m</c>, <c>2h</c> or a plain TimeSpan.</summary>
    internal static TimeSpan ParseDuration(string text)
    {
        if (text.Length > 1 && double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0)
        {
            switch (text[^1])
            {
                case 's': return TimeSpan.FromSeconds(value);
                case 'm': return TimeSpan.FromMinutes(value);
                case 'h': return TimeSpan.FromHours(value);
            }
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) && span > TimeSpan.Zero
            ? span
            : throw new DnscertException($"'{text}' is not a duration (examples: 90s, 10m, 1h).");
    }

    private static Command BuildGenerate(CliContext context)
    {
        var output = new Option<FileInfo>("--out") { Description = "Output file; the ground truth goes to FILE.truth.json.", Required = true };
        var format = new Option<string>("--format") { Description = "pcap or dnstap.", DefaultValueFactory = _ => "pcap" };
        var seed = new Option<int>("--seed") { Description = "Seed: the same seed gives the same file.", DefaultValueFactory = _ => 1 };
        var duration = new Option<string>("--duration") { Description = "Length of the capture (90s, 10m, 1h).", DefaultValueFactory = _ => "10m" };
        var attacks = new Option<string>("--attacks") { Description = $"Comma-separated: {string.Join(",", TrafficGenerator.Attacks)}, all or none.", DefaultValueFactory = _ => "all" };
        var rate = new Option<double>("--benign-rate") { Description = "Benign queries per second.", DefaultValueFactory = _ => 100 };
        var generate = new Command("generate", "Write synthetic resolver traffic with scripted attacks, deterministic from the seed.") { output, format, seed, duration, attacks, rate };
        generate.SetAction(async (parse, ct) =>
        {
            var formatText = parse.GetValue(format)!;
            var kind = formatText switch
            {
                "pcap" => TrafficGeneratorFormat.Pcap,
                "dnstap" => TrafficGeneratorFormat.Dnstap,
                _ => throw new DnscertException($"--format '{formatText}' is neither pcap nor dnstap."),
            };
            var attackText = parse.GetValue(attacks)!;
            IReadOnlyList<string> chosen = attackText switch
            {
                "all" => TrafficGenerator.Attacks,
                "none" or "" => [],
                _ => attackText.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            };
            TrafficScript script;
            try
            {
                var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
                script = TrafficGenerator.Build(parse.GetValue(seed), start, ParseDuration(parse.GetValue(duration)!), chosen, parse.GetValue(rate));
            }
            catch (ArgumentException e)
            {
                throw new DnscertException(e.Message);
            }

            var file = parse.GetValue(output)!;
            int count;
            await using (var stream = file.Create())
            {
                count = await TrafficGenerator.WriteAsync(script, kind, stream, ct).ConfigureAwait(false);
            }

            await File.WriteAllTextAsync(file.FullName + ".truth.json", TrafficGenerator.GroundTruthJson(script), ct).ConfigureAwait(false);
            await context.Output.WriteLineAsync($"Wrote {count} messages ({script.GroundTruth.Count} attacks) to {file.FullName}; ground truth in {file.FullName}.truth.json.").ConfigureAwait(false);
            return 0;
        });
        return generate;
    }

    private static Command BuildDetect(CliContext context)
    {
        var file = new Argument<FileInfo>("file") { Description = "A dnstap Frame Streams file." };
        var window = new Option<string>("--window") { Description = "Detection window.", DefaultValueFactory = _ => "10s" };
        var detect = new Command("detect", "Run every detector over a dnstap file; one JSON line per detection.") { file, window };
        detect.SetAction(async (parse, ct) =>
        {
            var pipeline = DetectorPipeline.CreateDefault(ParseDuration(parse.GetValue(window)!));
            var found = new List<Detection>();
            DnstapTransactionDecoder decoder;
            await using (var stream = parse.GetValue(file)!.OpenRead())
            {
                try
                {
                    decoder = await DnstapFileReader.ReadAsync(stream, t => found.AddRange(pipeline.Observe(t)), ct).ConfigureAwait(false);
                }
                catch (DnstapFormatException e)
                {
                    throw new DnscertException($"{parse.GetValue(file)!.FullName}: {e.Message}");
                }
            }

            found.AddRange(pipeline.Complete());
            foreach (var detection in found)
            {
                await context.Output.WriteLineAsync(ToJson(detection)).ConfigureAwait(false);
            }

            await context.Error.WriteLineAsync($"{decoder.Decoded} transactions, {decoder.Skipped} skipped, {decoder.MalformedDns} malformed DNS; {found.Count} detections.").ConfigureAwait(false);
            return 0;
        });
        return detect;
    }

    private static Command BuildListen(CliContext context)
    {
        var address = new Option<string>("--dnstap") { Description = "unix:PATH or tcp:HOST:PORT to receive dnstap on.", Required = true };
        var window = new Option<string>("--window") { Description = "Detection window.", DefaultValueFactory = _ => "10s" };
        var store = new Option<bool>("--store") { Description = "Also save the statistics (every minute of capture time, for the dashboard's traffic page) and the detections as observations, marked --tlp (AMBER by default), in the store given by --data or --postgres." };
        var retention = new Option<string>("--retention") { Description = "With --store: delete stored traffic statistics older than this (30d, 90d).", DefaultValueFactory = _ => "90d" };
        var listen = new Command("listen", "Receive live dnstap, run every detector, print one JSON line per detection until interrupted.") { address, window, store, retention };
        StoreAccess.AddTo(listen);
        var readSharing = TrafficSharing.AddTo(listen);
        listen.SetAction(async (parse, ct) =>
        {
            var pipeline = DetectorPipeline.CreateDefault(ParseDuration(parse.GetValue(window)!));
            var sharing = readSharing(parse);
            await using var dnscertStore = parse.GetValue(store) ? await StoreAccess.OpenAsync(parse, context, ct).ConfigureAwait(false) : null;
            if (dnscertStore is not null)
            {
                await sharing.CheckAsync(dnscertStore, ct).ConfigureAwait(false);
            }

            var mapper = dnscertStore is null ? null : new DetectionObservationMapper(dnscertStore.Observations, dnscertStore.Evidence, sharing.Tlp);
            var toStore = Channel.CreateBounded<Detection>(new BoundedChannelOptions(1024) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
            var saving = Task.Run(async () =>
            {
                await foreach (var detection in toStore.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
                {
                    await mapper!.SaveAsync(detection, CancellationToken.None).ConfigureAwait(false);
                }
            }, CancellationToken.None);
            var session = dnscertStore is null ? null : new ListenStatistics(dnscertStore, $"dnstap {parse.GetValue(address)}", context.Time, TrafficCommands.ParseDuration(parse.GetValue(retention)!), sharing);
            await using var listener = DnstapListener.Bind(parse.GetValue(address)!);
            await context.Error.WriteLineAsync($"Listening for dnstap on {parse.GetValue(address)}.").ConfigureAwait(false);
            var accept = listener.AcceptAsync(ct);
            var decoder = await listener.ConsumeAsync(t =>
            {
                var found = pipeline.Observe(t);
                session?.Add(t, found);
                foreach (var detection in found)
                {
                    context.Output.WriteLine(ToJson(detection));
                    if (mapper is not null)
                    {
                        toStore.Writer.TryWrite(detection);
                    }
                }
            }, ct).ConfigureAwait(false);
            await accept.ConfigureAwait(false);
            var last = pipeline.Complete();
            foreach (var detection in last)
            {
                await context.Output.WriteLineAsync(ToJson(detection)).ConfigureAwait(false);
                if (mapper is not null)
                {
                    toStore.Writer.TryWrite(detection);
                }
            }

            toStore.Writer.TryComplete();
            await saving.ConfigureAwait(false);
            if (session is not null)
            {
                await session.CompleteAsync(last).ConfigureAwait(false);
            }
            if (dnscertStore is not null)
            {
                await dnscertStore.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            }

            await context.Error.WriteLineAsync($"{listener.Received} frames, {listener.Dropped} dropped, {decoder.Decoded} transactions, {listener.RejectedConnections} connections rejected{(listener.LastError is null ? string.Empty : ": " + listener.LastError)}.").ConfigureAwait(false);
            return 0;
        });
        return listen;
    }

    private static string ToJson(Detection detection) => JsonSerializer.Serialize(new
    {
        detector = detection.DetectorId,
        threat_type = detection.ThreatType.Id,
        severity = detection.Severity.ToString(),
        subject = detection.Subject.ToString(),
        window_start = detection.WindowStart,
        window_end = detection.WindowEnd,
        summary = detection.Summary,
        metrics = detection.Metrics.ToDictionary(m => m.Key, m => m.Value),
        samples = detection.SampleMessages.Count,
    }, s_json);
}
