using System.CommandLine;
using System.Globalization;
using System.Text;
using Dnscert.Core;
using Dnscert.Dns;
using Dnscert.Traffic;
using Dnscert.Traffic.Decode;
using Dnscert.Traffic.Detectors;
using Dnscert.Traffic.Readers;
using Dnscert.Traffic.Stats;
using Dnscert.Traffic.Writers;

namespace Dnscert.Cli;

/// <summary>
/// <c>traffic analyze</c> and <c>traffic synthesize</c> without the store: compiled into <c>dnscert</c> (which adds
/// <c>--store</c> and its options to analyze) and into the native <c>dnscert-traffic</c> executable
/// (src/Dnscert.TrafficTool), so both read a capture with the same code and print the same report.
/// </summary>
internal static class TrafficAnalysisCommands
{
    /// <summary>Parses a bucket width such as <c>30s</c>, <c>1m</c>, <c>5m</c>, <c>1h</c>.</summary>
    public static TimeSpan ParseDuration(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Length >= 2 && long.TryParse(trimmed.AsSpan(0, trimmed.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0 && value <= 1_000_000)
        {
            switch (char.ToLowerInvariant(trimmed[^1]))
            {
                case 's':
                    return TimeSpan.FromSeconds(value);
                case 'm':
                    return TimeSpan.FromMinutes(value);
                case 'h':
                    return TimeSpan.FromHours(value);
                case 'd':
                    return TimeSpan.FromDays(value);
                default:
                    break;
            }
        }

        throw new DnscertException($"'{text}' is not a duration such as 30s, 1m, 5m or 1h.");
    }

    public static IReadOnlyList<int> ParsePorts(string text)
    {
        var ports = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
            {
                throw new DnscertException($"--ports: '{part}' is not a port number (1-65535).");
            }

            ports.Add(port);
        }

        return ports.Count == 0 ? throw new DnscertException("--ports needs at least one port.") : ports;
    }
    /// <summary>
    /// The <c>analyze</c> command. <paramref name="addStore"/> (dnscert only) adds the store options to the command and
    /// returns what reads them before the capture is read (a bad option fails first) and gives the step that saves the
    /// finished report; without it the command has no <c>--store</c>.
    /// </summary>
    public static Command BuildAnalyze(CliContext context, Func<Command, Func<ParseResult, Func<TrafficReport, CancellationToken, Task>>>? addStore = null)
    {
        var files = new Argument<FileInfo[]>("file") { Description = "pcap, pcapng or dnstap (Frame Streams) files, optionally gzip-compressed; read in order as one stream.", Arity = ArgumentArity.OneOrMore };
        var json = new Option<bool>("--json") { Description = "Write the full result as JSON on standard output." };
        var csv = new Option<DirectoryInfo?>("--csv") { Description = "Also write CSV files (per-bucket counts, top lists, malformed) into this directory." };
        var bucket = new Option<string>("--bucket") { Description = "Statistics time bucket (capture time): 30s, 1m, 5m, 1h.", DefaultValueFactory = _ => "1m" };
        var ports = new Option<string>("--ports") { Description = "Comma-separated UDP/TCP ports carrying DNS.", DefaultValueFactory = _ => "53" };
        var window = new Option<string>("--window") { Description = "Detection window of the detectors (capture time), as in traffic detect.", DefaultValueFactory = _ => "10s" };
        var analyze = new Command("analyze", "Count DNS messages by qtype, rcode, transport, EDNS and size per time bucket, list top talkers and names, count malformed packets and run every traffic detector.")
        {
            files, json, csv, bucket, ports, window,
        };
        var readStore = addStore?.Invoke(analyze);
        analyze.SetAction(async (parse, ct) =>
        {
            var save = readStore?.Invoke(parse);
            var paths = parse.GetValue(files)!.Select(f => f.FullName).ToList();
            foreach (var path in paths)
            {
                if (!File.Exists(path))
                {
                    throw new DnscertException($"{path}: no such file.");
                }
            }

            var readerOptions = TrafficReaderOptions.Default with { Ports = ParsePorts(parse.GetValue(ports)!) };
            var statsOptions = StatisticsOptions.Default with { BucketWidth = ParseDuration(parse.GetValue(bucket)!) };
            var report = Analyze(paths, readerOptions, statsOptions, ParseDuration(parse.GetValue(window)!), new ConsoleProgress(context.Error, context.ErrorIsTerminal), context.ErrorIsTerminal, ct);
            if (save is not null)
            {
                await save(report, ct).ConfigureAwait(false);
            }

            if (parse.GetValue(csv) is { } directory)
            {
                var written = TrafficReportCsv.Write(directory.FullName, report);
                await context.Error.WriteLineAsync($"Wrote {written.Count} CSV files to {directory.FullName}.").ConfigureAwait(false);
            }

            if (parse.GetValue(json))
            {
                using var buffer = new MemoryStream();
                TrafficReportJson.Write(buffer, report);
                await context.Output.WriteLineAsync(Encoding.UTF8.GetString(buffer.ToArray())).ConfigureAwait(false);
            }
            else
            {
                await context.Output.WriteAsync(Summary(report)).ConfigureAwait(false);
            }

            return 0;
        });
        return analyze;
    }

    /// <summary>Reads the captures through one decoder into statistics and every catalogued detector.</summary>
    public static TrafficReport Analyze(IReadOnlyList<string> paths, TrafficReaderOptions readerOptions, StatisticsOptions statsOptions, TimeSpan detectionWindow, ConsoleProgress? progress, bool showBar, CancellationToken cancellationToken)
    {
        var statistics = new TrafficStatistics(statsOptions);
        // Detectors keep their own windows (10 s by default, as `traffic detect` and `listen`), not the statistics
        // bucket: their baselines learn over windows, and a one-minute window would hide a short attack in its average.
        var pipeline = DetectorPipeline.CreateDefault(detectionWindow);
        var detections = new List<Detection>();
        void Handle(in DnsTransaction transaction)
        {
            statistics.Add(transaction);
            pipeline.Observe(transaction, detections);
        }

        var reader = new TrafficReader(readerOptions, Handle);
        var totalBytes = paths.Sum(p => new FileInfo(p).Length);
        long doneBefore = 0;
        foreach (var path in paths)
        {
            var size = new FileInfo(path).Length;
            var name = Path.GetFileName(path);
            progress?.Phase($"Reading {name} ({size / 1024 / 1024} MiB)");
            if (Dnscert.Traffic.Dnstap.DnstapCaptureReader.IsFrameStream(path))
            {
                // A dnstap file (as BIND's dnstap-output file or Knot's mod-dnstap sink write it) goes into the same counts,
                // statistics and detectors as a capture.
                Dnscert.Traffic.Dnstap.DnstapCaptureReader.ReadFile(path, reader.Counts, Handle, cancellationToken: cancellationToken);
            }
            else
            {
                reader.ReadFile(path, offset =>
                {
                    if (showBar && totalBytes > 0)
                    {
                        var done = doneBefore + Math.Min(offset, size);
                        progress?.Advance((int)(done * 1000 / totalBytes), 1000, name);
                    }
                }, cancellationToken);
            }

            doneBefore += size;
        }

        reader.Finish();
        detections.AddRange(pipeline.Complete());

        return new TrafficReport(paths, reader.Counts, statistics, detections);
    }

    private static string Summary(TrafficReport report)
    {
        var s = report.Statistics;
        var t = s.Totals;
        var c = report.Counts;
        var text = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        text.AppendLine(inv, $"Files: {string.Join(", ", report.Files.Select(Path.GetFileName))}");
        text.AppendLine(inv, $"Frames: {c.Frames:N0} ({c.Bytes:N0} bytes); DNS messages: {c.Messages:N0}; skipped: {c.NonIp:N0} non-IP, {c.OtherProtocols:N0} other protocols, {c.OtherPorts:N0} other ports");
        if (s.First is { } first && s.Last is { } last)
        {
            text.AppendLine(inv, $"Capture time: {first.UtcDateTime:yyyy-MM-dd HH:mm:ss.fff} to {last.UtcDateTime:yyyy-MM-dd HH:mm:ss.fff} UTC ({s.Buckets.Count} bucket(s) of {s.Options.BucketWidth.TotalSeconds:0} s)");
        }

        text.AppendLine(inv, $"Queries: {t.Queries:N0}  Responses: {t.Responses:N0}  UDP: {t.Transports[(int)TrafficTransport.Udp]:N0}  TCP: {t.Transports[(int)TrafficTransport.Tcp]:N0}");
        text.AppendLine(inv, $"EDNS: {t.Edns:N0} (DO bit {t.DnssecOk:N0})  TC responses: {t.Truncated:N0} ({(t.Responses == 0 ? 0 : 100.0 * t.Truncated / t.Responses):0.##} %)  IP fragments: {c.Fragments:N0} ({c.Reassembled:N0} datagrams reassembled)");
        text.AppendLine(inv, $"Unique clients: ~{t.UniqueClients.Estimate():N0}  unique qnames: ~{t.UniqueQnames.Estimate():N0}  (HyperLogLog, ±{t.UniqueClients.StandardError * 100:0.##} % standard error)");
        AppendCodes(text, "RCODEs", t.ResponseCodes, DnsCodeNames.ResponseCode);
        AppendCodes(text, "QTYPEs (queries)", t.QueryTypes, DnsCodeNames.QueryType);
        text.AppendLine(inv, $"Top query names (count ≤ true count + error; any name over {s.TopQnames.Total / s.Options.TopCapacity:N0} queries is listed):");
        foreach (var item in s.TopQnames.Top(10))
        {
            text.AppendLine(inv, $"  {item.Count,12:N0}  {item.Key}{(item.Error > 0 ? $"  (error ≤ {item.Error:N0})" : string.Empty)}");
        }

        text.AppendLine("Top second-level domains:");
        foreach (var item in s.TopSecondLevelDomains.Top(10))
        {
            text.AppendLine(inv, $"  {item.Count,12:N0}  {item.Key}{(item.Error > 0 ? $"  (error ≤ {item.Error:N0})" : string.Empty)}");
        }

        text.AppendLine("Top talkers (queries by client /24 or /48):");
        foreach (var (item, _) in s.TopClientNetworks.Top(10))
        {
            text.AppendLine(inv, $"  {item.Count,12:N0}  {item.Key}/{(item.Key.IsIPv6 ? 48 : 24)}{(item.Error > 0 ? $"  (error ≤ {item.Error:N0})" : string.Empty)}");
        }

        var malformed = c.Malformed.NonZero();
        text.AppendLine(inv, $"Malformed: {c.Malformed.Total:N0}");
        foreach (var (reason, count) in malformed)
        {
            text.AppendLine(inv, $"  {count,12:N0}  {reason}");
        }

        foreach (var note in c.Notes)
        {
            text.AppendLine(inv, $"Note: {note}");
        }

        text.AppendLine(inv, $"Detections: {report.Detections.Count} ({DetectorCatalog.Factories.Count} detector(s) run)");
        foreach (var detection in report.Detections)
        {
            text.AppendLine(inv, $"  [{detection.Severity}] {detection.ThreatType.Id} {detection.Subject} {detection.WindowStart.UtcDateTime:HH:mm:ss}-{detection.WindowEnd.UtcDateTime:HH:mm:ss}: {detection.Summary}");
        }

        return text.ToString();
    }

    private static void AppendCodes(StringBuilder text, string title, Dictionary<int, long> counts, Func<int, string> name)
    {
        text.Append(title).Append(':');
        foreach (var (code, count) in counts.OrderByDescending(p => p.Value).ThenBy(p => p.Key).Take(15))
        {
            text.Append(CultureInfo.InvariantCulture, $" {name(code)}={count:N0}");
        }

        if (counts.Count > 15)
        {
            text.Append(CultureInfo.InvariantCulture, $" (+{counts.Count - 15} more)");
        }

        text.AppendLine();
    }

    public static Command BuildSynthesize(CliContext context)
    {
        var file = new Argument<FileInfo>("file") { Description = "pcap file to write." };
        var packets = new Option<int>("--packets") { Description = "Packets to write (queries and responses alternate).", DefaultValueFactory = _ => 1_000_000 };
        var synthesize = new Command("synthesize", "Write a synthetic DNS pcap (benchmarks).") { file, packets };
        synthesize.Hidden = true;
        synthesize.SetAction(async (parse, ct) =>
        {
            var count = parse.GetValue(packets);
            var path = parse.GetValue(file)!.FullName;
            try
            {
                WriteSyntheticCapture(path, count);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new DnscertException($"{path}: cannot write: {ex.Message}", ex);
            }

            await context.Error.WriteLineAsync($"Wrote {count} packets.").ConfigureAwait(false);
            return 0;
        });
        return synthesize;
    }

    /// <summary>
    /// A deterministic mix for benchmarks: 10,000 clients in 127.61.x.y, 50,000 names under 20 zones, A/AAAA/MX/TXT
    /// queries over UDP with EDNS, each followed by its response (NOERROR with one answer, or NXDOMAIN).
    /// </summary>
    public static void WriteSyntheticCapture(string path, int packets)
    {
        using var writer = new PcapWriter(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20), LinkType.Ethernet);
        var server = PacketAddress.FromIPv4([127, 61, 0, 1]);
        var types = new[] { RRType.A, RRType.AAAA, RRType.MX, RRType.TXT };
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var random = new Random(61);
        var message = new byte[512];
        for (var i = 0; i < packets; i += 2)
        {
            var client = PacketAddress.FromIPv4([127, 61, (byte)(1 + (i / 2 % 100)), (byte)(i / 200 % 100)]);
            var name = DomainName.Parse($"host{random.Next(2500)}.zone{random.Next(20)}.example.");
            var type = types[random.Next(types.Length)];
            var id = (ushort)i;
            var port = (ushort)(1024 + (i % 60000));
            var time = start.AddTicks(i * 5000L);
            var length = BuildMessage(message, id, name, type, response: false, nxdomain: false);
            writer.Write(time, PacketBuilder.UdpFrame(LinkType.Ethernet, client, port, server, 53, message.AsSpan(0, length)));
            if (i + 1 < packets)
            {
                length = BuildMessage(message, id, name, type, response: true, nxdomain: random.Next(10) == 0);
                writer.Write(time.AddTicks(2000), PacketBuilder.UdpFrame(LinkType.Ethernet, server, 53, client, port, message.AsSpan(0, length)));
            }
        }
    }

    private static int BuildMessage(byte[] buffer, ushort id, DomainName name, RRType type, bool response, bool nxdomain)
    {
        var span = buffer.AsSpan();
        span.Clear();
        span[0] = (byte)(id >> 8);
        span[1] = (byte)id;
        span[2] = (byte)(response ? 0x85 : 0x01);
        span[3] = (byte)(nxdomain ? 3 : 0);
        span[5] = 1;
        var at = 12;
        at += name.WriteTo(span[at..]);
        span[at++] = (byte)((ushort)type >> 8);
        span[at++] = (byte)type;
        span[at++] = 0;
        span[at++] = 1;
        if (response && !nxdomain)
        {
            span[7] = 1;
            // Answer: pointer to the question name, type A-sized RDATA for every type (benchmark data, not a zone).
            span[at++] = 0xC0;
            span[at++] = 12;
            span[at++] = 0;
            span[at++] = 1;
            span[at++] = 0;
            span[at++] = 1;
            span[at + 3] = 60;
            at += 4;
            span[at++] = 0;
            span[at++] = 4;
            span[at++] = 127;
            span[at++] = 61;
            span[at++] = 0;
            span[at++] = 1;
        }

        // OPT: root owner, type 41, 1232-byte payload, DO bit on queries.
        span[11] = 1;
        span[at++] = 0;
        span[at++] = 0;
        span[at++] = 41;
        span[at++] = 1232 >> 8;
        span[at++] = 1232 & 0xFF;
        span[at++] = 0;
        span[at++] = 0;
        span[at++] = response ? (byte)0 : (byte)0x80;
        span[at++] = 0;
        span[at++] = 0;
        span[at++] = 0;
        return at;
    }
}
