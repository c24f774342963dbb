using System.Globalization;
using System.Text;
using System.Threading.Channels;
using Dnscert.Core.Store;
using Dnscert.Feeds;
using Dnscert.Feeds.Ingestion;
using Microsoft.Extensions.Time.Testing;

namespace Dnscert.IntegrationTests.Feeds;

/// <summary>The pipelined write: chunks of a feed handed to the store while the rest is parsed, against one pass.</summary>
public abstract partial class FeedBatchWriteTests
{
    [Fact]
    public async Task A_feed_written_in_chunks_while_it_is_parsed_stores_what_one_pass_stores()
    {
        // The same feeds through the pipeline (chunks of 37 distinct indicators handed over a bounded channel while the
        // parse goes on, batches of 16) and in one pass: duplicates spread over many chunks, more than five raw lines
        // for some indicators, word-for-word repeats, times out of order, then a second run that updates most of them.
        var pipelined = await OpenAsync(_batched);
        var reference = await OpenAsync(_reference);
        var time = new FakeTimeProvider(s_t0);
        foreach (var run in new[] { SpreadRun(0), SpreadRun(1) })
        {
            var (whole, wholeSummaries) = Ingest(time, run);
            var expectedCreated = await new FeedObservationWriter(reference, time, batchSize: 1000).WriteAsync(whole.Indicators, Tlp.Amber, Ct);

            var chunked = new FeedIngestor(s_psl, _allow, null, time);
            var chunks = Channel.CreateBounded<IReadOnlyList<Indicator>>(new BoundedChannelOptions(2) { SingleReader = true, SingleWriter = true });
            var writing = new FeedObservationWriter(pipelined, time, batchSize: 16).WriteAsync(chunks.Reader, Tlp.Amber, Ct);
            var summaries = await Task.Run(() =>
            {
                var list = new List<IngestSummary>();
                foreach (var (feed, parser, text) in run)
                {
                    var (feedParser, threat) = ParserOf(parser);
                    using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
                    list.Add(chunked.Ingest(feedParser, stream, new FeedSource(feed, threat, Tlp.Amber), 37, c => chunks.Writer.WriteAsync(c, Ct).AsTask().GetAwaiter().GetResult(), Ct));
                }

                chunks.Writer.WriteAsync(chunked.TakeChunk(), Ct).AsTask().GetAwaiter().GetResult();
                chunks.Writer.Complete();
                return list;
            }, Ct);
            var created = await writing;

            Assert.Equal(wholeSummaries.Select(s => s.Describe()), summaries.Select(s => s.Describe()));
            Assert.Equal(wholeSummaries.Select(s => s.NewIndicators), summaries.Select(s => s.NewIndicators));
            Assert.Equal(whole.DistinctIndicators, chunked.DistinctIndicators);
            Assert.Equal(expectedCreated, created);
            time.Advance(TimeSpan.FromDays(1));
        }

        var observations = await SnapshotAsync(pipelined);
        Assert.Equal(await SnapshotAsync(reference), observations);
        Assert.Equal(await _reference.ScalarAsync("SELECT COUNT(*) FROM evidence"), await _batched.ScalarAsync("SELECT COUNT(*) FROM evidence"));
        // What a user reads: n0 was reported in many chunks of both runs, by both feeds, with five distinct raw lines kept
        // in run 1 (the plain feed's, read first) and the CSV feed's lines added by run 2: one observation with all of them.
        var n0 = Assert.Single(observations, o => o.StartsWith("feed|abuse.phishing|Domain|n0.example.fr ", StringComparison.Ordinal));
        Assert.Contains("reported by feeds: spread-csv, spread-plain", n0, StringComparison.Ordinal);
        Assert.True(n0[(n0.IndexOf("evidence [", StringComparison.Ordinal) + 10)..n0.IndexOf(']', StringComparison.Ordinal)].Split(',').Length > Indicator.MaxEvidenceLines, n0);
        var from = new DateOnly(2026, 6, 1);
        var to = new DateOnly(2026, 7, 31);
        Assert.Equal(await DailyAsync(reference, from, to), await DailyAsync(pipelined, from, to));
        Assert.Equal(Describe(await reference.ObservationStatistics.ReadSummaryAsync(from, to, Ct)), Describe(await pipelined.ObservationStatistics.ReadSummaryAsync(from, to, Ct)));
    }

    /// <summary>A plain feed and a CSV feed whose indicators recur all through the file (run 1 shifts the names and times).</summary>
    private static IEnumerable<(string Feed, string Parser, string Text)> SpreadRun(int run)
    {
        var plain = new StringBuilder();
        var csv = new StringBuilder("domain,first_seen\n");
        for (var i = 0; i < 1_500; i++)
        {
            var n = (i * 7 % 400) + (run * 100);
            plain.Append(CultureInfo.InvariantCulture, $"www{i % 9}.n{n}.example.fr\nn{n % 150}.example.fr\n");
            if (i % 4 == 0)
            {
                plain.Append(CultureInfo.InvariantCulture, $"http://n{n % 90}.example.fr/p/{i % 5}.php\n198.51.100.{i % 60}\nbad_-name{i}.\n");
                csv.Append(CultureInfo.InvariantCulture, $"n{n % 200}.example.fr,2026-06-{1 + ((i * 13) % 28):00}T{i % 24:00}:00:00Z\n");
            }
        }

        yield return ("spread-plain", "plain", plain.ToString());
        yield return ("spread-csv", "csv", csv.ToString());
    }
}
