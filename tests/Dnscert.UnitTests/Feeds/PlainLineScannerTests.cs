using System.Globalization;
using System.Text;
using CsCheck;
using Dnscert.Core.Store;
using Dnscert.Feeds;
using Dnscert.Feeds.Ingestion;
using Dnscert.Feeds.Parsers;
using Dnscert.Feeds.PublicSuffix;
using Microsoft.Extensions.Time.Testing;

namespace Dnscert.UnitTests.Feeds;

/// <summary>
/// The byte scanner of plain lists against the parser's own item path: every line must give the same entry or the same
/// rejection with the same reason, and the run the same counts and indicators. Lines are random mixes of the shapes
/// the scanner classifies itself and of what it must hand to the parser (whitespace, comments, defanged and
/// non-ASCII text, bad bytes, NULs, over-long lines, ports, queries, dot segments).
/// </summary>
public sealed class PlainLineScannerTests
{
    private static readonly PublicSuffixList s_psl = PublicSuffixList.Parse(new StringReader(PublicSuffixListTests.SmallList));
    private static readonly FeedLimits s_limits = new() { MaxLineLength = 60, MaxEntries = 400 };

    private static readonly string[] s_pieces =
    [
        "www", "evil", "co", "uk", "com", "jp", "kawasaki", "city", "ck", "xn--p1ai", "blogspot", "-", "_", ".", "..", "0", "1", "255", "256",
        "01", "198", "51", "http://", "https://", "HTTP://", "hxxp://", "ftp://", "/", "//", "/./", "/../", "login", ".php", "?q=1", "#x",
        "#", ";", " ", "\t", "\r", ":", "8080", "[.]", "*.", "0.0.0.0 ", "::1", "é", "\u00a0", "\0", "E", "Z", "~", "%41", "\u2028", "a", "z9",
    ];

    private static readonly Gen<string> s_line = Gen.OneOf(
        Gen.Int[0, s_pieces.Length - 1].Array[1, 12].Select(parts => string.Concat(parts.Select(p => s_pieces[p]))),
        Gen.Char["abcXYZ019.-_/:# \t\r\u00e9\0"].Array[0, 70].Select(chars => new string(chars)),
        Gen.Int[0, 300].Select(i => string.Create(CultureInfo.InvariantCulture, $"www{i % 7}.n{i % 40}.co.uk")),
        Gen.Int[0, 300].Select(i => string.Create(CultureInfo.InvariantCulture, $"http://n{i % 40}.evil.com/login/{i}.php")),
        Gen.Int[0, 300].Select(i => string.Create(CultureInfo.InvariantCulture, $"198.51.{i % 3}.{i % 260}")));

    private static (IngestSummary Summary, List<string> Indicators) Run(byte[] feed, bool scanner, int chunk = int.MaxValue)
    {
        var ingestor = new FeedIngestor(s_psl, null, null, new FakeTimeProvider(new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero))) { UseByteScanner = scanner };
        var chunks = new List<Indicator>();
        var summary = ingestor.Ingest(new PlainListParser(s_limits), new MemoryStream(feed), new FeedSource("f", "abuse.phishing", Tlp.Amber), chunk, chunks.AddRange, TestContext.Current.CancellationToken);
        chunks.AddRange(ingestor.TakeChunk());
        return (summary, Describe(chunks));
    }

    /// <summary>The indicators merged by fingerprint as the store merges chunks: evidence in order without repeats, feeds, first and last seen, reports.</summary>
    private static List<string> Describe(IEnumerable<Indicator> indicators) =>
        [.. indicators.GroupBy(i => i.Fingerprint, StringComparer.Ordinal)
            .Select(g => $"{g.Key} reg={g.First().RegistrableDomain} tld={g.First().Tld} reports={g.Sum(i => i.Reports)} feeds={string.Join(",", g.SelectMany(i => i.Feeds).Distinct())} "
                + $"first={g.Min(i => i.FirstSeen):O} last={g.Max(i => i.LastSeen):O} evidence=[{string.Join("|", g.SelectMany(i => i.Evidence).Distinct())}]")
            .Order(StringComparer.Ordinal)];

    private static string Describe(IngestSummary s) =>
        $"{s.Lines} {s.Entries} {s.Rejected} {s.AllowListed} {s.NewIndicators} [{string.Join(";", s.Reasons.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Key}={r.Value}"))}] "
        + string.Join("\n", s.Rejections.Select(r => $"{r.Line}:{r.Reason}:{r.Raw}"));

    [Fact]
    public void Random_and_hostile_lines_get_the_parsers_outcome_and_reason_from_the_byte_scanner()
    {
        Gen.Select(s_line.Array[0, 60], Gen.Int[0, 3]).Sample((lines, ending) =>
        {
            var text = string.Join(ending switch { 0 => "\n", 1 => "\r\n", 2 => "\n\n", _ => "\n#\n" }, lines) + (ending == 3 ? "" : "\n");
            var bytes = Encoding.UTF8.GetBytes(text);
            var expected = Run(bytes, scanner: false);
            var actual = Run(bytes, scanner: true);
            Assert.Equal(Describe(expected.Summary), Describe(actual.Summary));
            Assert.Equal(expected.Indicators, actual.Indicators);
        }, iter: 3000);
    }

    [Fact]
    public void Invalid_UTF_8_byte_order_marks_and_NULs_are_read_as_the_parser_reads_them()
    {
        Gen.Select(Gen.Byte.Array[0, 120], Gen.Int[0, 3]).Sample((random, prefix) =>
        {
            var bom = prefix switch { 0 => [], 1 => [0xEF, 0xBB, 0xBF], 2 => [0xFF, 0xFE], _ => new byte[] { 0xFE, 0xFF } };
            var bytes = bom.Concat(Encoding.ASCII.GetBytes("evil.com\n")).Concat(random).Concat(Encoding.ASCII.GetBytes("\nwww.evil.co.uk\n")).ToArray();
            Assert.Equal(Describe(Run(bytes, scanner: false).Summary), Describe(Run(bytes, scanner: true).Summary));
            Assert.Equal(Run(bytes, scanner: false).Indicators, Run(bytes, scanner: true).Indicators);
        }, iter: 2000);
    }

    [Fact]
    public void A_line_longer_than_the_read_block_is_rejected_from_a_prefix_and_the_next_line_is_read()
    {
        var feed = Encoding.ASCII.GetBytes("evil.com\n" + new string('a', 3 * 1024 * 1024) + "\nwww.other.co.uk\n" + new string('b', 2 * 1024 * 1024));
        var (summary, indicators) = Run(feed, scanner: true);
        Assert.Equal(Describe(Run(feed, scanner: false).Summary), Describe(summary));
        Assert.Equal(2, summary.Reasons["line longer than 60 characters"]);
        Assert.Equal(new string('a', 60), summary.Rejections[0].Raw);
        Assert.Equal(4, summary.Lines);
        Assert.Equal(2, indicators.Count);
    }

    [Fact]
    public void The_item_limit_stops_the_scan_with_one_rejection()
    {
        var feed = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 1000).Select(i => $"n{i}.com\n")));
        var (summary, indicators) = Run(feed, scanner: true);
        Assert.Equal(Describe(Run(feed, scanner: false).Summary), Describe(summary));
        Assert.Equal(400, indicators.Count);
        Assert.Equal(1, summary.Reasons["item limit 400 reached; rest of feed ignored"]);
    }

    [Fact]
    public void Chunks_of_a_run_add_up_to_the_whole_run()
    {
        // Duplicates spread over the whole feed, more than five raw lines for some indicators, word-for-word repeats.
        Gen.Select(s_line.Array[1, 200], Gen.Int[1, 40]).Sample((lines, chunk) =>
        {
            var bytes = Encoding.UTF8.GetBytes(string.Join("\n", lines.Concat(lines.Take(30)).Concat(lines.Take(10))) + "\n");
            var whole = Run(bytes, scanner: true);
            var chunked = Run(bytes, scanner: true, chunk);
            Assert.Equal(Describe(whole.Summary), Describe(chunked.Summary));
            Assert.Equal(whole.Indicators, chunked.Indicators);
        }, iter: 500);
    }

    [Fact]
    public void Each_chunk_holds_each_indicator_once_and_at_most_five_raw_lines_per_indicator_over_the_run()
    {
        var lines = Enumerable.Range(0, 300).Select(i => $"www{i % 11}.n{i % 13}.com").ToList();
        var ingestor = new FeedIngestor(s_psl, null, null, TimeProvider.System);
        var chunks = new List<IReadOnlyList<Indicator>>();
        ingestor.Ingest(new PlainListParser(), new MemoryStream(Encoding.ASCII.GetBytes(string.Join("\n", lines))), new FeedSource("f", "abuse.phishing", Tlp.Amber), 5, chunks.Add, TestContext.Current.CancellationToken);
        chunks.Add(ingestor.TakeChunk());

        Assert.True(chunks.Count > 10);
        Assert.All(chunks, c => Assert.Equal(c.Count, c.Select(i => i.Fingerprint).Distinct().Count()));
        Assert.Equal(13, ingestor.DistinctIndicators);
        foreach (var group in chunks.SelectMany(c => c).GroupBy(i => i.Fingerprint))
        {
            Assert.InRange(group.Sum(i => i.Reports), 300 / 13, (300 / 13) + 1);
            Assert.Equal(Indicator.MaxEvidenceLines, group.Sum(i => i.Evidence.Count));
        }
    }
}
