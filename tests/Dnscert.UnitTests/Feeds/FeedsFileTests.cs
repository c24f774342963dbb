using CsCheck;
using Dnscert.Core;
using Dnscert.Core.Store;
using Dnscert.Feeds.Configuration;
using Dnscert.Feeds.Scheduling;

namespace Dnscert.UnitTests.Feeds;

/// <summary>feeds.json against schemas/feeds.schema.json and the catalogue: what is accepted, and errors that name the JSON pointer.</summary>
public sealed class FeedsFileTests
{
    private const string Valid = """
        {
          "feeds": [
            { "id": "team.phish", "provider": "Team", "url": "https://feeds.example/phish.txt", "format": "plain", "interval": "6h",
              "threat": "abuse.phishing", "confidence": 80, "tlp": "amber+strict", "allow_list": "allow.txt", "licence": "CC-BY-4.0",
              "provenance": "https://feeds.example/about" },
            { "id": "team.csv", "file": "data/list.csv", "format": "csv", "columns": "value=domain,time=first_seen", "interval": "30m",
              "threat": "abuse.malware", "tlp": "green", "licence": "CC0-1.0", "enabled": false }
          ]
        }
        """;

    private static string Fail(string json)
    {
        var ex = Assert.Throws<DnscertException>(() => FeedsFile.Parse(json, "feeds.json", "/etc/dnscert"));
        Assert.StartsWith("feeds.json: ", ex.Message, StringComparison.Ordinal);
        return ex.Message;
    }

    [Fact]
    public void A_valid_file_gives_every_field_with_paths_relative_to_the_file()
    {
        var feeds = FeedsFile.Parse(Valid, "feeds.json", "/etc/dnscert");

        Assert.Equal(2, feeds.Count);
        var phish = feeds[0];
        Assert.Equal(new Uri("https://feeds.example/phish.txt"), phish.Url);
        Assert.Equal(TimeSpan.FromHours(6), phish.Interval);
        Assert.Equal(Tlp.AmberStrict, phish.Tlp);
        Assert.Equal(80, phish.Confidence);
        Assert.Equal("/etc/dnscert/allow.txt", phish.AllowList);
        Assert.Equal("CC-BY-4.0", phish.Licence);
        Assert.True(phish.Enabled);
        var csv = feeds[1];
        Assert.Equal("/etc/dnscert/data/list.csv", csv.File);
        Assert.Equal("first_seen", csv.Columns!.Time);
        Assert.False(csv.Enabled);
    }

    [Theory]
    [InlineData("\"tlp\": \"amber+strict\"", "\"tlp\": \"purple\"", "/feeds/0/tlp")]
    [InlineData("\"interval\": \"6h\"", "\"interval\": \"6 hours\"", "/feeds/0/interval")]
    [InlineData("\"confidence\": 80", "\"confidence\": 180", "/feeds/0/confidence")]
    [InlineData("\"licence\": \"CC0-1.0\", \"enabled\": false", "\"enabled\": false", "/feeds/1")]
    [InlineData("\"provider\": \"Team\",", "\"provider\": \"Team\", \"colour\": \"red\",", "/feeds/0/colour")]
    [InlineData("\"file\": \"data/list.csv\"", "\"file\": \"data/list.csv\", \"url\": \"https://x.example/\"", "/feeds/1")]
    [InlineData("\"url\": \"https://feeds.example/phish.txt\"", "\"url\": \"ftp://feeds.example/phish.txt\"", "/feeds/0/url")]
    public void A_schema_error_names_the_JSON_pointer_of_what_is_wrong(string from, string to, string location)
    {
        var message = Fail(Valid.Replace(from, to, StringComparison.Ordinal));
        Assert.Contains(location + ":", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Checks_the_schema_cannot_make_name_the_pointer_too()
    {
        Assert.Contains("/feeds/0/threat: 'abuse.nope' is not in the threat catalogue",
            Fail(Valid.Replace("abuse.phishing", "abuse.nope", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains("/feeds/1/id: 'team.phish' is used by an earlier feed",
            Fail(Valid.Replace("team.csv", "team.phish", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains("/feeds/1/columns:", Fail(Valid.Replace("value=domain,time=first_seen", "nonsense", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains("/feeds/1/interval: '30s' is outside 1m..30d", Fail(Valid.Replace("\"30m\"", "\"30s\"", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains("not JSON", Fail("{\"feeds\": ["), StringComparison.Ordinal);
        Assert.Contains("/feeds/0/url: 'https://' is not a valid URL",
            Fail(Valid.Replace("https://feeds.example/phish.txt", "https://", StringComparison.Ordinal)), StringComparison.Ordinal);
        // A property given twice is refused rather than silently taking the last value.
        Assert.Contains("not JSON", Fail(Valid.Replace("\"format\": \"plain\"", "\"format\": \"plain\", \"format\": \"csv\"", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Fact]
    public void The_shipped_schema_is_the_one_in_the_repository()
    {
        var repo = Path.Combine(Dnscert.UnitTests.Catalog.ThreatCatalogTests.RepoRoot(), "schemas", "feeds.schema.json");
        Assert.Equal(File.ReadAllText(repo).ReplaceLineEndings("\n"), FeedsFile.SchemaText.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Any_text_either_parses_or_fails_with_a_one_line_user_error()
    {
        // Mutations of a valid file (cuts, replaced characters, nesting) and random strings.
        var mutated = Gen.Select(Gen.Int[0, Valid.Length], Gen.Int[0, Valid.Length], Gen.Char["{}[]\":,0a-"])
            .Select((i, j, c) => Valid[..Math.Min(i, j)] + c + Valid[Math.Max(i, j)..]);
        Gen.OneOf(mutated, Gen.String, Gen.Const(new string('[', 5000))).Sample(text =>
        {
            try
            {
                FeedsFile.Parse(text, "feeds.json", "/tmp");
            }
            catch (DnscertException ex)
            {
                Assert.DoesNotContain('\n', ex.Message);
            }
        }, iter: 2000);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(5, 16)]
    [InlineData(12, 240)]
    public void Back_off_doubles_from_one_minute_and_stops_at_four_intervals(int failures, int minutes)
    {
        Assert.Equal(TimeSpan.FromMinutes(minutes), FeedScheduler.BackOff(TimeSpan.FromHours(1), failures));
    }
}
