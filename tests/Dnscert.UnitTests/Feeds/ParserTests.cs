using CsCheck;
using Dnscert.Core.Store;
using Dnscert.Feeds;
using Dnscert.Feeds.Parsers;

namespace Dnscert.UnitTests.Feeds;

public sealed class PlainListParserTests : FeedParserTestBase
{
    protected override IFeedParser CreateParser() => new PlainListParser(SmallLimits);

    protected override string Sample => "# a test feed\nphish.example.com\n\nmalware.example.net # note\n0.0.0.0 c2.example.org\n";

    [Fact]
    public void Urls_addresses_and_defanged_values_are_classified_by_shape()
    {
        var items = Parse("hxxps://login.bank-example[.]com/x?y=1\n192.0.2.7\n2001:db8::1\nEXAMPLE.ORG.\n");
        Assert.Equal(
            [(SubjectKind.Url, "https://login.bank-example.com/x?y=1"), (SubjectKind.IpAddress, "192.0.2.7"), (SubjectKind.IpAddress, "2001:db8::1"), (SubjectKind.Domain, "example.org")],
            items.Select(i => (i.Entry!.Kind, i.Entry.Value)));
        Assert.Equal("login.bank-example.com", items[0].Entry!.Host);
    }

    [Fact]
    public void Bad_lines_are_rejected_with_their_line_number_and_reason()
    {
        var items = Parse("good.example\nlocalhost\n999.1.1.1\nbad_-.exa mple\n-x.example\n");
        Assert.Equal("good.example", items[0].Entry!.Value);
        Assert.Equal([(2L, "not a domain (single label)"), (3L, "bad IP address"), (4L, "more than one value on the line"), (5L, "label starts or ends with a hyphen")],
            items.Skip(1).Select(i => (i.Rejection!.Line, i.Rejection.Reason)));
    }

    [Fact]
    public void Generated_domains_round_trip()
    {
        var label = Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789"], 1, 20];
        string[] tlds = ["com", "net", "example"];
        Gen.Select(label, label, Gen.Int[0, tlds.Length - 1].Select(i => tlds[i])).Sample((a, b, tld) =>
        {
            var name = $"{a}.{b}.{tld}";
            var entry = Assert.Single(Parse(name.ToUpperInvariant() + "\n")).Entry;
            return entry is not null && entry.Value == name;
        }, iter: 300);
    }
}

public sealed class CsvFeedParserTests : FeedParserTestBase
{
    protected override IFeedParser CreateParser() => new CsvFeedParser(CsvColumns.Parse("value=domain,threat=category,time=first_seen"), SmallLimits);

    protected override string Sample => "first_seen,domain,category\n2026-11-01T10:00:00Z,phish.example.com,phishing\n2026-11-02,\"malware.example.net\",malware-distribution\n# comment\n2026-11-03,c2.example.org,\"c2-server\"\n";

    [Fact]
    public void Threat_and_time_columns_are_read()
    {
        var entries = Parse(Sample).Select(i => i.Entry!).ToList();
        Assert.Equal(["abuse.phishing", "abuse.malware", "abuse.botnet-c2"], entries.Select(e => e.ThreatTypeId));
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 10, 0, 0, TimeSpan.Zero), entries[0].SeenAt);
    }

    [Fact]
    public void Quoted_fields_follow_RFC_4180()
    {
        Assert.Equal(["a", "b,c", "d\"e", ""], CsvFeedParser.Split("a,\"b,c\",\"d\"\"e\",", ','));
        Assert.Null(CsvFeedParser.Split("a,b\"c", ','));
        Assert.Null(CsvFeedParser.Split("\"a\"b", ','));
    }

    [Fact]
    public void A_quoted_line_break_keeps_the_record_together()
    {
        var parser = new CsvFeedParser(CsvColumns.Parse("value=1,threat=2,header=false"), SmallLimits);
        using var stream = new MemoryStream("\"note\nspanning lines\",x.example.com,spam\ny.example.com\n"u8.ToArray());
        var items = parser.Parse(stream, TestContext.Current.CancellationToken).ToList();
        Assert.Equal("x.example.com", items[0].Entry!.Value);
        Assert.Equal("abuse.spam", items[0].Entry!.ThreatTypeId);
        Assert.Equal("only 1 column(s), value is column 1", items[1].Rejection!.Reason);
    }

    [Fact]
    public void A_header_without_the_named_column_is_one_clear_rejection()
    {
        var rejection = Parse("when,what\n1,2\n")[0].Rejection!;
        Assert.Equal("header has no column 'domain'", rejection.Reason);
    }

    [Fact]
    public void Semicolon_delimiter_and_index_columns()
    {
        var parser = new CsvFeedParser(CsvColumns.Parse("value=0,delimiter=semicolon,kind=url"), SmallLimits);
        using var stream = new MemoryStream("http://a.example/x;y\nnot a url;z\n"u8.ToArray());
        var items = parser.Parse(stream, TestContext.Current.CancellationToken).ToList();
        Assert.Equal("http://a.example/x", items[0].Entry!.Value);
        Assert.Equal("bad URL", items[1].Rejection!.Reason);
    }

    [Fact]
    public void Bad_column_syntax_is_a_user_error() =>
        Assert.Throws<Dnscert.Core.DnscertException>(() => CsvColumns.Parse("value"));
}

public sealed class IntelMqParserTests : FeedParserTestBase
{
    protected override IFeedParser CreateParser() => new IntelMqParser(SmallLimits);

    protected override string Sample => """
        {"feed.name": "test", "source.fqdn": "phish.example.com", "classification.taxonomy": "fraud", "classification.type": "phishing", "time.source": "2026-11-01T00:00:00+00:00"}
        {"source.fqdn": "malware.example.net", "classification.type": "malware-distribution"}
        {"source.fqdn": "c2.example.org", "source.ip": "192.0.2.1", "classification.type": "c2-server"}
        """;

    [Fact]
    public void Fields_map_to_the_catalogue_and_fall_back_from_fqdn_to_url_to_ip()
    {
        var items = Parse("""
            {"source.url": "http://x.example.com/a", "classification.type": "spam"}
            {"source.ip": "198.51.100.9", "classification.type": "ddos-amplifier"}
            {"classification.type": "phishing"}
            [1,2]
            {"source.fqdn": "a.example", "time.source": "yesterday"}
            """);
        Assert.Equal((SubjectKind.Url, "abuse.spam"), (items[0].Entry!.Kind, items[0].Entry!.ThreatTypeId));
        Assert.Equal((SubjectKind.IpAddress, "abuse.dns-dos-vector"), (items[1].Entry!.Kind, items[1].Entry!.ThreatTypeId));
        Assert.Equal(["no source.fqdn, source.url or source.ip", "not a JSON object", "bad time.source"], items.Skip(2).Select(i => i.Rejection!.Reason));
    }
}

public sealed class MispEventParserTests : FeedParserTestBase
{
    protected override IFeedParser CreateParser() => new MispEventParser(SmallLimits);

    protected override string Sample => """
        {"Event": {"uuid": "5f0c6e2a-0000-4000-8000-000000000001", "info": "test event", "Tag": [{"name": "rsit:fraud=\"phishing\""}],
          "Attribute": [
            {"type": "domain", "value": "phish.example.com", "to_ids": true},
            {"type": "hostname", "value": "malware.example.net", "to_ids": true, "Tag": [{"name": "rsit:malicious-code=\"malware-distribution\""}]},
            {"type": "md5", "value": "d41d8cd98f00b204e9800998ecf8427e", "to_ids": true},
            {"type": "ip-dst", "value": "203.0.113.5", "to_ids": false}
          ],
          "Object": [{"name": "domain-ip", "Attribute": [{"type": "domain", "value": "c2.example.org", "to_ids": true}]}]}}
        """;

    [Fact]
    public void Tags_give_the_threat_and_unused_attributes_are_rejected_with_reasons()
    {
        var items = Parse(Sample);
        Assert.Equal(["abuse.phishing", "abuse.malware", "abuse.phishing"], items.Where(i => i.Entry is not null).Select(i => i.Entry!.ThreatTypeId));
        Assert.Equal(["attribute type md5 not used", "to_ids is false"], items.Where(i => i.Rejection is not null).Select(i => i.Rejection!.Reason));
    }

    [Fact]
    public void A_document_that_is_not_an_event_is_one_rejection() =>
        Assert.Equal("not a MISP event (no Event object)", Assert.Single(Parse("{\"response\": []}")).Rejection!.Reason);
}

public sealed class StixBundleParserTests : FeedParserTestBase
{
    protected override IFeedParser CreateParser() => new StixBundleParser(SmallLimits);

    protected override string Sample => """
        {"type": "bundle", "id": "bundle--1", "objects": [
          {"type": "indicator", "spec_version": "2.1", "id": "indicator--1", "pattern_type": "stix", "pattern": "[domain-name:value = 'phish.example.com']", "indicator_types": ["phishing"]},
          {"type": "domain-name", "id": "domain-name--2", "value": "malware.example.net"},
          {"type": "observed-data", "id": "observed-data--3", "objects": {"0": {"type": "domain-name", "value": "c2.example.org"}}},
          {"type": "indicator", "id": "indicator--4", "pattern_type": "stix", "pattern": "[url:value = 'http://x.example/a'] OR [ipv4-addr:value = '192.0.2.44']"},
          {"type": "indicator", "id": "indicator--5", "pattern_type": "stix", "pattern": "[file:hashes.MD5 = 'd41d8cd98f00b204e9800998ecf8427e']"}
        ]}
        """;

    [Fact]
    public void Patterns_with_several_comparisons_yield_each_and_others_are_rejected()
    {
        var items = Parse(Sample);
        Assert.Equal("abuse.phishing", items[0].Entry!.ThreatTypeId);
        Assert.Equal([(SubjectKind.Url, "http://x.example/a"), (SubjectKind.IpAddress, "192.0.2.44")], items.Skip(3).Take(2).Select(i => (i.Entry!.Kind, i.Entry.Value)));
        Assert.Equal("pattern compares no domain-name, url or IP value", items[5].Rejection!.Reason);
    }
}
