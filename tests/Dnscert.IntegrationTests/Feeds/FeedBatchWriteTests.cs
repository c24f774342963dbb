using System.Globalization;
using System.Text;
using Dnscert.Core;
using Dnscert.Core.Statistics;
using Dnscert.Core.Store;
using Dnscert.Feeds;
using Dnscert.Feeds.Ingestion;
using Dnscert.Feeds.Parsers;
using Dnscert.Feeds.PublicSuffix;
using Dnscert.IntegrationTests.Store;
using Dnscert.Store;
using Microsoft.Extensions.Time.Testing;

namespace Dnscert.IntegrationTests.Feeds;

/// <summary>
/// The batched feed write (one look-up per batch, multi-row writes, rollup deltas summed per batch) against the
/// per-indicator writer it replaced, on the same backend: two runs of a mixed feed set (duplicates within and across
/// feeds and runs, allow-listed entries, bad lines, an observation resolved between the runs) must leave the same
/// observations, provenance, evidence and rollups in both stores. Run on SQLite and on PostgreSQL (the subclasses).
/// </summary>
public abstract partial class FeedBatchWriteTests : IAsyncLifetime
{
    private static readonly DateTimeOffset s_t0 = new(2026, 7, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly PublicSuffixList s_psl = PublicSuffixList.Parse(new StringReader("com\nuk\nco.uk\nfr\nde\nexample.fr\nexample.de\n"));

    private readonly StoreBackend _batched;
    private readonly StoreBackend _reference;
    private readonly List<DnscertStore> _opened = [];
    private readonly string _allowFile = Path.Combine(Path.GetTempPath(), $"dnscert-allow-{Guid.CreateVersion7():N}.txt");
    private AllowList _allow = AllowList.Empty;

    protected FeedBatchWriteTests(Func<StoreBackend> backend)
    {
        ArgumentNullException.ThrowIfNull(backend);
        _batched = backend();
        _reference = backend();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await File.WriteAllTextAsync(_allowFile, ".good.com\n", Ct);
        _allow = AllowList.Load(_allowFile);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _opened)
        {
            await store.DisposeAsync();
        }

        await _batched.DisposeAsync();
        await _reference.DisposeAsync();
        File.Delete(_allowFile);
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task Batched_writes_leave_the_same_observations_provenance_evidence_and_rollups_as_one_by_one_writes()
    {
        var batched = await OpenAsync(_batched);
        var reference = await OpenAsync(_reference);
        var time = new FakeTimeProvider(s_t0);

        // Run 1: two feeds that share domains, with duplicates, an allow-listed name and bad lines.
        var (first, firstSummaries) = Ingest(time, FirstRun());
        Assert.Equal((13, 9, 3, 1), (firstSummaries[0].Lines, firstSummaries[0].Entries, firstSummaries[0].Rejected, firstSummaries[0].AllowListed));
        Assert.Equal(2, firstSummaries[0].Reasons["not a domain (single label)"]);
        Assert.Equal(2, firstSummaries[1].Rejected);
        var createdBatched = await new FeedObservationWriter(batched, time, batchSize: 4).WriteAsync(first.Indicators, Tlp.Amber, Ct);
        var createdReference = await PerIndicatorFeedWriter.WriteAsync(reference, time, first.Indicators, Tlp.Amber, Ct);
        Assert.Equal(createdReference, createdBatched);
        Assert.Equal(first.Indicators.Count, createdBatched);

        // Between the runs, the C2 domain is resolved; the next report of it must open a new observation.
        foreach (var store in new[] { batched, reference })
        {
            var c2 = await store.Observations.FindOpenAsync(Fingerprint("c2.example.de", "abuse.phishing"), Ct);
            Assert.NotNull(c2);
            await store.Observations.SaveAsync(c2 with { State = ObservationState.Resolved, LastSeen = s_t0.AddHours(2) }, Ct);
        }

        // Run 2, a day later: feed-a again with one new name, and feed-c, which reports known names and a new threat.
        time.SetUtcNow(s_t0.AddDays(1).AddHours(1));
        var (second, _) = Ingest(time, SecondRun());
        createdBatched = await new FeedObservationWriter(batched, time, batchSize: 1000).WriteAsync(second.Indicators, Tlp.Green, Ct);
        createdReference = await PerIndicatorFeedWriter.WriteAsync(reference, time, second.Indicators, Tlp.Green, Ct);
        Assert.Equal(createdReference, createdBatched);
        Assert.Equal(100 + 3, createdBatched);

        var observations = await SnapshotAsync(batched);
        Assert.Equal(await SnapshotAsync(reference), observations);

        // Every evidence id of every observation gives the same raw line in both stores, though the batched store
        // keeps feed lines inside the observations (migration 0011) and the reference in the evidence table.
        var evidence = await EvidenceAsync(batched, every: 1);
        Assert.Equal(await EvidenceAsync(reference, every: 1), evidence);
        Assert.Contains("text/plain http://pay.evil.co.uk/login.php", evidence);
        Assert.Equal(0, await _batched.ScalarAsync("SELECT COUNT(*) FROM evidence"));

        // What a user reads: one phishing observation for evil.co.uk from both feeds, first seen from feed-b's time,
        // last seen in run 2; the resolved C2 one plus a new open one.
        var evil = Assert.Single(observations, o => o.StartsWith("feed|abuse.phishing|Domain|evil.co.uk ", StringComparison.Ordinal));
        Assert.Contains("first 2026-06-28T10:00:00Z last 2026-07-02T09:00:00Z", evil, StringComparison.Ordinal);
        Assert.Contains("reported by feeds: feed-a, feed-b, feed-c", evil, StringComparison.Ordinal);
        Assert.Equal(2, observations.Count(o => o.StartsWith("feed|abuse.phishing|Domain|c2.example.de ", StringComparison.Ordinal)));
        Assert.Single(observations, o => o.StartsWith("feed|abuse.malware|Domain|evil.co.uk ", StringComparison.Ordinal));
        Assert.DoesNotContain(observations, o => o.Contains("good.com", StringComparison.Ordinal));

        // The rollups agree with the reference and with a rebuild from the observations themselves.
        var from = new DateOnly(2026, 6, 1);
        var to = new DateOnly(2026, 7, 31);
        var daily = await DailyAsync(batched, from, to);
        Assert.Equal(await DailyAsync(reference, from, to), daily);
        Assert.Equal(Describe(await reference.ObservationStatistics.ReadSummaryAsync(from, to, Ct)), Describe(await batched.ObservationStatistics.ReadSummaryAsync(from, to, Ct)));
        var summary = Describe(await batched.ObservationStatistics.ReadSummaryAsync(from, to, Ct));
        await batched.ObservationStatistics.RebuildAsync(Ct);
        Assert.Equal(daily, await DailyAsync(batched, from, to));
        Assert.Equal(summary, Describe(await batched.ObservationStatistics.ReadSummaryAsync(from, to, Ct)));
    }

    [Fact]
    public async Task Large_batches_written_in_fingerprint_order_and_through_staged_copy_match_one_by_one_writes()
    {
        // Thousands of rows per batch: PostgreSQL takes the binary COPY into a staging table (from 256 rows), SQLite its
        // one reused row statement; the second run updates most observations, adds some and reaches a resolved one.
        var batched = await OpenAsync(_batched);
        var reference = await OpenAsync(_reference);
        var time = new FakeTimeProvider(s_t0);
        var (first, _) = Ingest(time, LargeRun(0, 2_500));
        Assert.Equal(
            await PerIndicatorFeedWriter.WriteAsync(reference, time, first.Indicators, Tlp.Amber, Ct),
            await new FeedObservationWriter(batched, time, batchSize: 1_000).WriteAsync(first.Indicators, Tlp.Amber, Ct));
        foreach (var store in new[] { batched, reference })
        {
            var resolved = await store.Observations.FindOpenAsync(Fingerprint("n2001.example.fr", "abuse.phishing"), Ct);
            await store.Observations.SaveAsync(resolved! with { State = ObservationState.Resolved, LastSeen = s_t0.AddHours(1) }, Ct);
        }

        time.SetUtcNow(s_t0.AddDays(2));
        var (second, _) = Ingest(time, LargeRun(2_000, 3_000));
        var created = await new FeedObservationWriter(batched, time, batchSize: 1_000).WriteAsync(second.Indicators, Tlp.Amber, Ct);
        Assert.Equal(await PerIndicatorFeedWriter.WriteAsync(reference, time, second.Indicators, Tlp.Amber, Ct), created);
        // 500 new domains and 166 new URLs (n2500–n2999), and a new observation for the resolved n2001.example.fr.
        Assert.Equal(500 + 166 + 1, created);

        Assert.Equal(await SnapshotAsync(reference), await SnapshotAsync(batched));
        Assert.Equal(await EvidenceAsync(reference, every: 7), await EvidenceAsync(batched, every: 7));
        var from = new DateOnly(2026, 6, 1);
        var to = new DateOnly(2026, 7, 31);
        Assert.Equal(await DailyAsync(reference, from, to), await DailyAsync(batched, from, to));
        Assert.Equal(Describe(await reference.ObservationStatistics.ReadSummaryAsync(from, to, Ct)), Describe(await batched.ObservationStatistics.ReadSummaryAsync(from, to, Ct)));
    }

    [Fact]
    public async Task Migration_0011_moves_feed_lines_of_the_old_shape_into_their_observations_and_every_id_still_resolves()
    {
        // The old shape: one evidence row per raw line, observations without inline lines (the one-by-one writer still
        // writes that way), plus a manual observation citing one of the same lines, which must keep its row.
        var store = await OpenAsync(_batched);
        var time = new FakeTimeProvider(s_t0);
        var (first, _) = Ingest(time, FirstRun());
        await PerIndicatorFeedWriter.WriteAsync(store, time, first.Indicators, Tlp.Amber, Ct);
        var shared = EvidenceBlob.Create("text/plain", Encoding.UTF8.GetBytes("evil.co.uk,2026-06-28T10:00:00Z"));
        await store.Observations.SaveAsync(new Observation(Guid.CreateVersion7(), new Subject(SubjectKind.Domain, "evil.co.uk"), "abuse.phishing", Severity.Error,
            Tlp.Amber, s_t0, s_t0, ObservationState.Open, "manual|evil.co.uk", [shared.Sha256], "reported by hand"), Ct);
        await store.DisposeAsync();
        _opened.Remove(store);
        await _batched.ExecuteAsync("DELETE FROM schema_version WHERE version = 11");
        await _batched.ExecuteAsync("ALTER TABLE observations DROP COLUMN evidence_text");
        var oldRows = await _batched.ScalarAsync("SELECT COUNT(*) FROM evidence");
        Assert.True(oldRows > 250, $"{oldRows} evidence rows in the old shape");

        // Reopening applies 0011.
        var migrated = await OpenAsync(_batched);
        Assert.Equal(1, await _batched.ScalarAsync("SELECT COUNT(*) FROM schema_version WHERE version = 11"));
        Assert.Equal(1, await _batched.ScalarAsync("SELECT COUNT(*) FROM evidence"));
        Assert.Equal(0, await _batched.ScalarAsync("SELECT COUNT(*) FROM observations WHERE fingerprint LIKE 'feed|%' AND evidence_text IS NULL"));
        var evidence = await EvidenceAsync(migrated, every: 1);
        Assert.DoesNotContain(evidence, e => e.StartsWith("missing", StringComparison.Ordinal));
        Assert.Contains("text/plain http://pay.evil.co.uk/login.php", evidence);
        Assert.Equal(2, evidence.Count(e => e == "text/plain evil.co.uk,2026-06-28T10:00:00Z"));

        // A viewer sees a converted line only through an observation it may see (TLP:AMBER needs a signed-in member).
        var line = EvidenceBlob.Create("text/plain", Encoding.UTF8.GetBytes("phish.example.fr"));
        Assert.Equal(line, await migrated.Evidence.GetVisibleAsync(line.Sha256, Viewer.System, Ct));
        Assert.Null(await migrated.Evidence.GetVisibleAsync(line.Sha256, Viewer.Anonymous, Ct));

        // The batched writer goes on from the converted rows: known lines are not stored twice, new ones are added.
        time.SetUtcNow(s_t0.AddDays(1));
        var (second, _) = Ingest(time, SecondRun());
        await new FeedObservationWriter(migrated, time, batchSize: 100).WriteAsync(second.Indicators, Tlp.Amber, Ct);
        var evil = await migrated.Observations.FindOpenAsync(Fingerprint("evil.co.uk", "abuse.phishing"), Ct);
        var texts = new List<string>();
        foreach (var id in evil!.EvidenceIds)
        {
            texts.Add(Encoding.UTF8.GetString((await migrated.Evidence.GetAsync(id, Ct))!.Content.Span));
        }

        Assert.Equal(texts.Distinct().Count(), texts.Count);
        Assert.Contains("evil.co.uk", texts);
        Assert.Contains("www.evil.co.uk", texts);
        Assert.Equal(1, await _batched.ScalarAsync("SELECT COUNT(*) FROM evidence"));
    }

    [Fact]
    public async Task A_batch_with_a_fingerprint_twice_is_refused_and_writes_nothing()
    {
        var store = await OpenAsync(_batched);
        var time = new FakeTimeProvider(s_t0);
        var (ingestor, _) = Ingest(time, [("a", "plain", "x.example.fr\n")]);
        var indicator = Assert.Single(ingestor.Indicators);
        var candidate = new Observation(Guid.CreateVersion7(), indicator.Subject, indicator.ThreatTypeId, Severity.Warning, Tlp.Amber,
            s_t0, s_t0, ObservationState.Open, indicator.Fingerprint, [], "x");

        var e = await Assert.ThrowsAsync<ArgumentException>(() =>
            store.Observations.MergeOpenByFingerprintAsync([candidate, candidate with { Id = Guid.CreateVersion7() }], [], (stored, _) => stored, Ct));

        Assert.Contains(indicator.Fingerprint, e.Message, StringComparison.Ordinal);
        Assert.Equal(0, await _batched.ScalarAsync("SELECT COUNT(*) FROM observations"));
    }

    [Fact]
    public async Task A_process_killed_while_ingesting_leaves_each_batch_whole_or_absent_and_the_rollups_consistent()
    {
        var store = await OpenAsync(_batched);
        await store.DisposeAsync();
        _opened.Remove(store);

        var acknowledged = (await CrashChildProcess.RunAndKillAsync(_batched.ChildSpec, acknowledgements: 15, FeedCrashChild.TestName))
            .Where(a => a.EndsWith('.'))
            .Select(a => int.Parse(a.AsSpan(0, a.Length - 1), CultureInfo.InvariantCulture))
            .ToList();
        Assert.True(acknowledged.Count >= 15);

        var reopened = await OpenAsync(_batched);
        var whole = 0;
        for (var batch = 0; batch <= acknowledged.Max() + FeedObservationWriter.MaxBatchesInFlight + 2; batch++)
        {
            var stored = await _batched.ScalarAsync($"SELECT COUNT(*) FROM observations WHERE subject_value LIKE 'b{batch}-%'");
            Assert.True(stored is 0 or FeedCrashChild.DomainsPerBatch, $"batch {batch} was stored in part: {stored} of {FeedCrashChild.DomainsPerBatch} observations");
            Assert.True(stored > 0 || !acknowledged.Contains(batch), $"acknowledged batch {batch} is missing after kill -9");
            whole += stored > 0 ? 1 : 0;
        }

        // Every stored batch brought its evidence (its raw lines, inside its observations), and updated the one shared
        // observation rather than adding another.
        Assert.Equal((whole * FeedCrashChild.DomainsPerBatch) + 1, await _batched.ScalarAsync("SELECT COUNT(*) FROM observations"));
        Assert.Equal((whole * FeedCrashChild.DomainsPerBatch) + 1, await _batched.ScalarAsync("SELECT COUNT(*) FROM observations WHERE evidence_text IS NOT NULL"));
        var sample = await reopened.Observations.ListAsync(new ObservationQuery(SubjectValue: "b0-7.example.fr"), null, 10, Ct);
        foreach (var observation in sample.Items)
        {
            var line = await reopened.Evidence.GetAsync(Assert.Single(observation.EvidenceIds), Ct);
            Assert.Equal("b0-7.example.fr", Encoding.UTF8.GetString(line!.Content.Span));
        }

        // The rollups written batch by batch equal a rebuild from the surviving observations.
        var from = DateOnly.FromDateTime(DateTime.UnixEpoch).AddYears(50);
        var to = from.AddYears(20);
        var daily = await DailyAsync(reopened, from, to);
        Assert.NotEmpty(daily);
        await reopened.ObservationStatistics.RebuildAsync(Ct);
        Assert.Equal(await DailyAsync(reopened, from, to), daily);
    }

    private static IEnumerable<(string Feed, string Parser, string Text)> FirstRun()
    {
        var plain = new StringBuilder()
            .Append("www.evil.co.uk\nlogin.evil.co.uk\nhttp://pay.evil.co.uk/login.php\nshop.good.com\nco.uk\nlocalhost\nbad_-name.\n")
            .Append("198.51.100.7\nphish.example.fr\nphish.example.fr\n# a comment\nc2.example.de\nwww.phish.example.fr\n");
        yield return ("feed-a", "plain", plain.ToString());
        var csv = new StringBuilder("domain,first_seen\n")
            .Append("evil.co.uk,2026-06-28T10:00:00Z\nc2.example.de,2026-06-30T11:00:00Z\nc2.example.de,2026-06-29T09:00:00Z\n")
            .Append("not a domain,2026-06-30T11:00:00Z\nlate.example.de,not-a-time\n");
        for (var i = 0; i < 12; i++)
        {
            // Spread over several days, with repeats, so first and last seen differ and span days.
            csv.Append(CultureInfo.InvariantCulture, $"bulk{i % 9}.example.fr,2026-06-{20 + (i % 7):00}T0{i % 10}:00:00Z\n");
        }

        for (var i = 0; i < 250; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"gen{i}.example.fr,2026-06-{1 + (i % 28):00}T12:00:00Z\n");
        }

        yield return ("feed-b", "csv", csv.ToString());
    }

    private static IEnumerable<(string Feed, string Parser, string Text)> SecondRun()
    {
        yield return ("feed-a", "plain", "www.evil.co.uk\nnew.example.fr\nbulk3.example.fr\nc2.example.de\n");
        yield return ("feed-c", "plain", "evil.co.uk\nbulk5.example.fr\n");
        yield return ("feed-m", "malware", "evil.co.uk\n");

        // Enough for multi-row statements on PostgreSQL (100 rows each) in one batch: 150 updates and 100 new.
        yield return ("feed-g", "plain", string.Concat(Enumerable.Range(100, 250).Select(i => string.Create(CultureInfo.InvariantCulture, $"www.gen{i}.example.fr\n"))));
    }

    /// <summary>Two feeds over names n{from}..n{to}: plain lines with duplicates and bad lines, and a CSV with times.</summary>
    private static IEnumerable<(string Feed, string Parser, string Text)> LargeRun(int from, int to)
    {
        var plain = new StringBuilder();
        var csv = new StringBuilder("domain,first_seen\n");
        for (var i = from; i < to; i++)
        {
            plain.Append(CultureInfo.InvariantCulture, $"www.n{i}.example.fr\n");
            if (i % 3 == 0)
            {
                plain.Append(CultureInfo.InvariantCulture, $"http://n{i}.example.fr/login/{i}.php\nbad_-name{i}.\n");
                csv.Append(CultureInfo.InvariantCulture, $"n{i}.example.fr,2026-06-{1 + (i % 28):00}T0{i % 10}:00:00Z\n");
            }
        }

        yield return ("feed-p", "plain", plain.ToString());
        yield return ("feed-q", "csv", csv.ToString());
    }

    private (FeedIngestor Ingestor, List<IngestSummary> Summaries) Ingest(TimeProvider time, IEnumerable<(string Feed, string Parser, string Text)> feeds)
    {
        var ingestor = new FeedIngestor(s_psl, _allow, null, time);
        var summaries = new List<IngestSummary>();
        foreach (var (feed, parser, text) in feeds)
        {
            var (feedParser, threat) = ParserOf(parser);
            using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
            summaries.Add(ingestor.Ingest(feedParser, stream, new FeedSource(feed, threat, Tlp.Amber), Ct));
        }

        return (ingestor, summaries);
    }

    private static (IFeedParser Parser, string Threat) ParserOf(string parser) => parser switch
    {
        "csv" => (FeedParserCatalog.Create("csv", CsvColumns.Parse("value=domain,time=first_seen")), "abuse.phishing"),
        "malware" => (FeedParserCatalog.Create("plain"), "abuse.malware"),
        _ => (FeedParserCatalog.Create("plain"), "abuse.phishing"),
    };

    private static string Fingerprint(string domain, string threat) => FeedIngestor.FingerprintOf(new Subject(SubjectKind.Domain, domain), threat);

    /// <summary>Every observation as one line without its id (ids are random per store), sorted.</summary>
    private static async Task<List<string>> SnapshotAsync(DnscertStore store)
    {
        var lines = new List<string>();
        ObservationCursor? after = null;
        do
        {
            var page = await store.Observations.ListAsync(new ObservationQuery(), after, 1000, Ct);
            lines.AddRange(page.Items.Select(o => string.Create(CultureInfo.InvariantCulture,
                $"{o.Fingerprint} {o.Subject.Kind}:{o.Subject.Value} {o.ThreatTypeId} {o.Severity} {o.Tlp} {o.State} first {o.FirstSeen.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ} last {o.LastSeen.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ} evidence [{string.Join(",", o.EvidenceIds)}] {o.Summary}")));
            after = page.Next;
        }
        while (after is not null);
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    /// <summary>
    /// The media type and text behind every evidence id of every <paramref name="every"/>-th observation (in fingerprint
    /// order), as <see cref="IEvidenceRepository.GetAsync"/> gives them, sorted.
    /// </summary>
    private static async Task<List<string>> EvidenceAsync(DnscertStore store, int every)
    {
        var observations = new List<Observation>();
        ObservationCursor? after = null;
        do
        {
            var page = await store.Observations.ListAsync(new ObservationQuery(), after, 1000, Ct);
            observations.AddRange(page.Items);
            after = page.Next;
        }
        while (after is not null);
        var lines = new List<string>();
        foreach (var observation in observations.OrderBy(o => o.Fingerprint, StringComparer.Ordinal).ThenBy(o => o.FirstSeen).Where((_, i) => i % every == 0))
        {
            foreach (var id in observation.EvidenceIds)
            {
                var blob = await store.Evidence.GetAsync(id, Ct);
                lines.Add(blob is null ? $"missing {id}" : $"{blob.MediaType} {Encoding.UTF8.GetString(blob.Content.Span)}");
            }
        }

        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    private static async Task<List<string>> DailyAsync(DnscertStore store, DateOnly from, DateOnly to) =>
        [.. (await store.ObservationStatistics.ReadDailyAsync(from, to, Ct)).Select(c => $"{c.Key} {c.Value}").Order(StringComparer.Ordinal)];

    private static string Describe(PeriodSummary summary) =>
        string.Join("\n", summary.Totals.Select(t => $"{t.Key} {t.Value}").Order(StringComparer.Ordinal))
        + "\n" + string.Join("\n", summary.Days.Select(d => d.ToString()).Order(StringComparer.Ordinal));

    private async Task<DnscertStore> OpenAsync(StoreBackend backend)
    {
        await backend.RequireAsync();
        var store = await StoreFactory.OpenAsync(backend.Options(), cancellationToken: Ct);
        _opened.Add(store);
        return store;
    }
}
