using System.Text;
using Dnscert.Core.Store;
using Dnscert.Feeds.Ingestion;
using Dnscert.Feeds.Parsers;
using Dnscert.Feeds.PublicSuffix;
using Microsoft.Extensions.Time.Testing;

namespace Dnscert.UnitTests.Feeds;

public sealed class FeedIngestorTests
{
    private static readonly PublicSuffixList s_psl = PublicSuffixList.Parse(new StringReader(PublicSuffixListTests.SmallList));
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero));

    private static MemoryStream Feed(string text) => new(Encoding.UTF8.GetBytes(text));

    [Fact]
    public void The_same_registrable_domain_from_two_feeds_is_one_indicator_with_both_feeds()
    {
        var ingestor = new FeedIngestor(s_psl, null, null, _time);
        var first = ingestor.Ingest(new PlainListParser(), Feed("www.evil.co.uk\nlogin.evil.co.uk\nother.example.com\n"), new FeedSource("feed-a", "abuse.phishing", Tlp.Amber), TestContext.Current.CancellationToken);
        _time.Advance(TimeSpan.FromHours(1));
        var second = ingestor.Ingest(new PlainListParser(), Feed("evil.co.uk\n"), new FeedSource("feed-b", "abuse.phishing", Tlp.Green), TestContext.Current.CancellationToken);

        Assert.Equal((3L, 3L, 2L), (first.Lines, first.Entries, first.NewIndicators));
        Assert.Equal(0, second.NewIndicators);
        var evil = ingestor.Indicators.Single(i => i.Subject == new Subject(SubjectKind.Domain, "evil.co.uk"));
        Assert.Equal(["feed-a", "feed-b"], evil.Feeds);
        Assert.Equal(3, evil.Reports);
        Assert.Equal(["www.evil.co.uk", "login.evil.co.uk", "evil.co.uk"], evil.Evidence);
        Assert.Equal(_time.GetUtcNow().AddHours(-1), evil.FirstSeen);
        Assert.Equal(_time.GetUtcNow(), evil.LastSeen);
        Assert.Equal("uk", evil.Tld);
    }

    [Fact]
    public void Different_threats_for_the_same_domain_stay_apart()
    {
        var ingestor = new FeedIngestor(s_psl, null, null, _time);
        ingestor.Ingest(new PlainListParser(), Feed("evil.com\n"), new FeedSource("a", "abuse.phishing", Tlp.Amber), TestContext.Current.CancellationToken);
        ingestor.Ingest(new PlainListParser(), Feed("evil.com\n"), new FeedSource("b", "abuse.spam", Tlp.Amber), TestContext.Current.CancellationToken);
        Assert.Equal(2, ingestor.Indicators.Count);
    }

    [Fact]
    public void Allow_listed_entries_are_counted_and_dropped()
    {
        var allow = new AllowList();
        allow.AddExact("good.com");
        allow.AddSuffix("cdn.example.com");
        var ingestor = new FeedIngestor(s_psl, allow, null, _time);
        var summary = ingestor.Ingest(new PlainListParser(), Feed("good.com\nwww.good.com\ncdn.example.com\na.b.cdn.example.com\nhttp://x.cdn.example.com/p\nbad.com\n"), new FeedSource("a", "abuse.malware", Tlp.Amber), TestContext.Current.CancellationToken);
        Assert.Equal(4, summary.AllowListed);
        Assert.Equal(["good.com", "bad.com"], ingestor.Indicators.Select(i => i.Subject.Value).Order(StringComparer.Ordinal).Reverse());
    }

    [Fact]
    public void Public_suffixes_and_bad_lines_are_rejected_and_summarised()
    {
        var ingestor = new FeedIngestor(s_psl, null, null, _time);
        var summary = ingestor.Ingest(new PlainListParser(), Feed("co.uk\nfoo.kawasaki.jp\nlocalhost\n300.1.1.1\nok.com\n"), new FeedSource("a", "abuse.spam", Tlp.Amber), TestContext.Current.CancellationToken);
        Assert.Equal("Read 5 lines: 1 entries, 4 rejected (2 × is a public suffix, 1 × bad IP address, 1 × not a domain (single label)), 0 allow-listed", summary.Describe());
    }

    [Fact]
    public void Registrars_are_attributed_from_the_mapping_file()
    {
        var path = Path.Combine(Path.GetTempPath(), $"dnscert-registrars-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, "# domain,registrar\nevil.com,9999\n");
        try
        {
            var ingestor = new FeedIngestor(s_psl, null, RegistrarMap.Load(path), _time);
            ingestor.Ingest(new PlainListParser(), Feed("www.evil.com\nfine.com\n"), new FeedSource("a", "abuse.spam", Tlp.Amber), TestContext.Current.CancellationToken);
            Assert.Equal("9999", ingestor.Indicators.Single(i => i.Subject.Value == "evil.com").Registrar);
            Assert.Null(ingestor.Indicators.Single(i => i.Subject.Value == "fine.com").Registrar);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
